"""Page layout shared by the reports: styles, the page template with header and footer, and cell helpers."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import registerFontFamily, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from app.report import kinsoku
from app.report.fonts import FontChoice

kinsoku.install()  # Chinese line breaking for every CJK-wrapped Paragraph

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 24 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

INK = colors.HexColor("#1B2430")
ACCENT = colors.HexColor("#1F4E79")
ACCENT_LIGHT = colors.HexColor("#8FB3D9")
MUTED = colors.HexColor("#5B6573")
RULE = colors.HexColor("#B7C0CC")
HEADER_FILL = colors.HexColor("#E4ECF5")
ZEBRA_FILL = colors.HexColor("#F6F8FB")
GOOD = colors.HexColor("#1E7B34")
BAD = colors.HexColor("#B3261E")
WARN_FILL = colors.HexColor("#FFF4E0")
WARN_RULE = colors.HexColor("#E0A040")
WATERMARK = colors.HexColor("#E9EDF2")


@dataclass(frozen=True)
class Styles:
    """Paragraph styles for one font choice."""

    font: FontChoice
    body: ParagraphStyle
    small: ParagraphStyle
    tiny: ParagraphStyle
    cell: ParagraphStyle
    cell_small: ParagraphStyle
    cell_head: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    level: ParagraphStyle
    level_caption: ParagraphStyle
    note: ParagraphStyle
    mono: ParagraphStyle


MIN_TEXT_SIZE = 9  # body and table text is never smaller (issue 13)
FOOTER_SIZE = 7
FOOTER_LEADING = 8
DIGEST_SIZE = 8.5  # digests: a monospace face that fits "sha256:" and 64 hex digits on one line of a table


def make_styles(font: FontChoice) -> Styles:
    """Build the report's paragraph styles in the chosen CJK font (wrapping anywhere, as CJK text does)."""
    registerFontFamily(font.regular, normal=font.regular, bold=font.bold, italic=font.regular, boldItalic=font.bold)
    if font.bold != font.regular:
        registerFontFamily(font.bold, normal=font.bold, bold=font.bold, italic=font.bold, boldItalic=font.bold)
    base = ParagraphStyle(
        "body",
        fontName=font.regular,
        fontSize=10,
        leading=15,
        textColor=INK,
        wordWrap="CJK",
        alignment=TA_LEFT,
        spaceAfter=4,
    )

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return Styles(
        font=font,
        body=base,
        small=derive("small", fontSize=MIN_TEXT_SIZE, leading=13, textColor=MUTED),
        tiny=derive("tiny", fontSize=MIN_TEXT_SIZE, leading=12, textColor=MUTED, spaceAfter=0),
        cell=derive("cell", fontSize=MIN_TEXT_SIZE, leading=13, spaceAfter=0),
        cell_small=derive("cell_small", fontSize=MIN_TEXT_SIZE, leading=13, spaceAfter=0, textColor=MUTED),
        cell_head=derive(
            "cell_head", fontName=font.bold, fontSize=MIN_TEXT_SIZE, leading=12.5, spaceAfter=0, textColor=ACCENT
        ),
        h1=derive(
            "h1",
            fontName=font.bold,
            fontSize=15,
            leading=20,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=8,
            keepWithNext=1,
        ),
        h2=derive(
            "h2",
            fontName=font.bold,
            fontSize=11.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        h3=derive(
            "h3",
            fontName=font.bold,
            fontSize=10,
            leading=15,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        title=derive("title", fontName=font.bold, fontSize=24, leading=32, alignment=TA_CENTER, textColor=INK),
        subtitle=derive("subtitle", fontSize=11, leading=17, alignment=TA_CENTER, textColor=MUTED),
        level=derive("level", fontName=font.bold, fontSize=46, leading=56, alignment=TA_CENTER, textColor=ACCENT),
        level_caption=derive("level_caption", fontSize=10.5, leading=15, alignment=TA_CENTER, textColor=MUTED),
        note=derive("note", fontSize=MIN_TEXT_SIZE, leading=13.5, textColor=MUTED, spaceBefore=4, spaceAfter=6),
        mono=derive("mono", fontName=font.mono, fontSize=DIGEST_SIZE, leading=12, spaceAfter=0),
    )


class ReportParagraph(Paragraph):  # type: ignore[misc]  # ReportLab is untyped
    """A Paragraph that breaks its lines once per width.

    A table wraps every cell to size its rows, again when it splits across pages and again to draw it, and a
    ``KeepTogether`` wraps its content before the frame does: the same paragraph is broken into lines three times
    or more at the same width. Its lines depend on the width alone (its text and style do not change once it is
    built), so a wrap at the width of the last one keeps that layout (``blPara``, ``width``, ``height``) as long
    as it is still there (``split`` drops it when the paragraph does not fit).
    """

    _wrapped: tuple[float, Any, float] | None = None  # (width, the lines laid out at it, their height)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        last = self._wrapped
        if last is not None and last[0] == availWidth and self.__dict__.get("blPara") is last[1]:
            self.width, self.height = availWidth, last[2]
            return availWidth, last[2]
        width, height = super().wrap(availWidth, availHeight)
        lines = self.__dict__.get("blPara")  # none when the width leaves no room at all
        self._wrapped = None if lines is None else (availWidth, lines, height)
        return width, height


def digest_lines(digest: str, width: float, font: FontChoice) -> list[str]:
    """A digest as the lines it is printed on: whole when it fits ``width``, else its prefix ("sha256:") on a line
    and its hex digits in two fixed halves, each on its own line (never a break that the reader cannot see)."""
    if stringWidth(digest, font.mono, DIGEST_SIZE) <= width:
        return [digest]
    prefix, colon, hexpart = digest.rpartition(":")
    lines = [prefix + colon] if colon else []
    half = (len(hexpart) + 1) // 2
    return [*lines, hexpart[:half], hexpart[half:]]


def value_width(key_width: float) -> float:
    """The width of the text in the value column of a ``key_value_table`` (padding of 6 points either side)."""
    return float(CONTENT_WIDTH - key_width - 12)


def digest_para(digest: str, width: float, styles: Styles) -> Paragraph:
    """A digest in the monospace face, laid out by ``digest_lines`` for a cell or frame ``width`` wide."""
    return ReportParagraph("<br/>".join(text(x) for x in digest_lines(digest, width, styles.font)), styles.mono)


def text(value: str) -> str:
    """Escape user or form text for a Paragraph (&, < and >), keeping its line breaks."""
    return html.escape(value, quote=False).replace("\r\n", "\n").replace("\n", "<br/>")


def para(value: str, style: ParagraphStyle) -> Paragraph:
    """Return a Paragraph of plain text (escaped)."""
    return ReportParagraph(text(value), style)


def markup(value: str, style: ParagraphStyle) -> Paragraph:
    """Return a Paragraph of trusted markup (the caller escapes any text it inserts)."""
    return ReportParagraph(value, style)


def coloured(value: str, colour: colors.Color) -> str:
    """Return escaped text in a colour, as Paragraph markup."""
    return f'<font color="{colour.hexval()}">{text(value)}</font>'


def num(value: Decimal) -> str:
    """Format an exact decimal without exponent or trailing zeros (40, 20.95, 1.875)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def signed(value: Decimal) -> str:
    """Format a change with its sign (+2.1, -0.7, 0); ASCII signs render in every CJK font."""
    if value > 0:
        return "+" + num(value)
    if value < 0:
        return "-" + num(-value)
    return "0"


def percent(part: Decimal, whole: Decimal) -> str:
    if whole == 0:
        return "—"
    return format((part / whole * 100).quantize(Decimal("0.1")), "f") + "%"


def cn_date(value: date | None) -> str:
    if value is None:
        return "—"
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime) -> str:
    return f"{cn_date(value.date())} {value:%H:%M}"


def data_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    zebra: bool = True,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """Return a grid table that breaks between rows across pages, repeating its header rows.

    Rows are kept whole (a row never splits across pages): callers keep cells short, printing long free text
    elsewhere, so that no row can outgrow a page.
    """
    table = Table(
        [list(r) for r in rows],
        colWidths=list(widths),
        repeatRows=header_rows,
        splitByRow=1,
        hAlign="LEFT",
    )
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL))
        commands.append(("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT))
    if zebra:
        for i in range(header_rows + 1, len(rows), 2):
            commands.append(("BACKGROUND", (0, i), (-1, i), ZEBRA_FILL))
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


def key_value_table(rows: Sequence[tuple[str, Any]], styles: Styles, key_width: float = 34 * mm) -> Table:
    """Return a two-column label/value table (values may be text or flowables)."""
    data = [
        [para(k, styles.cell_head), v if isinstance(v, Flowable | list) else para(str(v), styles.cell)] for k, v in rows
    ]
    table = Table(data, colWidths=[key_width, CONTENT_WIDTH - key_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
                ("BACKGROUND", (0, 0), (0, -1), ZEBRA_FILL),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def notice_box(flowables: list[Flowable], width: float = CONTENT_WIDTH) -> Table:
    """Return a shaded box around flowables, for warnings that must not be missed."""
    box = Table([[flowables]], colWidths=[width], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), WARN_FILL),
                ("BOX", (0, 0), (-1, -1), 0.8, WARN_RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return box


@dataclass(frozen=True)
class PageDecor:
    """What every page carries: header title, footer lines (label, monospace value), the draft mark."""

    header_left: str
    header_right: str
    footer_lines: tuple[tuple[str, str], ...]
    watermark: str = ""  # a draft: the diagonal watermark, and the word in the header of every page (the cover too)


class _Stamp:
    """A fixed PDF creation date (what ReportLab's TimeStamp provides), taken from the report's options."""

    def __init__(self, when: datetime) -> None:
        offset = when.utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        self.t = when.timestamp() if when.tzinfo else 0.0
        self.lt = when.timetuple()
        self.YMDhms = tuple(when.timetuple())[:6]
        self.dhh = minutes // 60 if minutes >= 0 else -((-minutes) // 60)
        self.dmm = abs(minutes) % 60
        self.tzname = when.tzname() or "UTC"


@dataclass
class _Bookmark:
    key: str
    title: str
    level: int
    top: float


@dataclass
class _PageState:
    state: dict[str, Any]
    bookmarks: list[_Bookmark] = field(default_factory=list)


def _canvas_class(decor: PageDecor, styles: Styles, created: datetime, document_id: str) -> Callable[..., Canvas]:
    """Return a canvas class that defers page output so every footer can say 第 x 页 / 共 y 页."""
    font = styles.font

    class ReportCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            # Output depends only on the inputs: a fixed clock, and the document id in the PDF's /ID.
            self._doc._timeStamp = _Stamp(created)
            self._doc.updateSignature(document_id)
            self._pages: list[_PageState] = []
            self._pending: list[_Bookmark] = []

        def add_bookmark(self, key: str, title: str, level: int, top: float) -> None:
            self._pending.append(_Bookmark(key, title, level, top))

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(_PageState(dict(self.__dict__), self._pending))
            self._pending = []
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, page in enumerate(self._pages, start=1):
                self.__dict__.update(page.state)
                for mark in page.bookmarks:
                    self.bookmarkPage(mark.key, fit="XYZ", left=0, top=mark.top)
                    self.addOutlineEntry(mark.title, mark.key, level=mark.level)
                self._draw_footer(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_footer(self, number: int, total: int) -> None:
            self.saveState()
            y = MARGIN_BOTTOM - 9 * mm
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, y + 10, PAGE_WIDTH - MARGIN_X, y + 10)
            self.setFillColor(MUTED)
            self.setFont(font.regular, 8.5)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, y, f"第 {number} 页 / 共 {total} 页")
            for i, (label, value) in enumerate(decor.footer_lines):
                line_y = y - i * FOOTER_LEADING
                self.setFont(font.regular, FOOTER_SIZE)
                self.drawString(MARGIN_X, line_y, label)
                self.setFont(font.mono, FOOTER_SIZE)
                self.drawString(MARGIN_X + stringWidth(label + " ", font.regular, FOOTER_SIZE), line_y, value)
            self.restoreState()

    return ReportCanvas


def _draw_page(decor: PageDecor, styles: Styles, header: bool) -> Callable[[Canvas, Any], None]:
    font = styles.font

    def draw(canv: Canvas, doc: Any) -> None:
        canv.saveState()
        if decor.watermark:
            canv.setFillColor(WATERMARK)
            canv.setFont(font.bold, 96)
            canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            canv.rotate(40)
            canv.drawCentredString(0, -30, decor.watermark)
            canv.rotate(-40)
            canv.translate(-PAGE_WIDTH / 2, -PAGE_HEIGHT / 2)
        if header or decor.watermark:
            y = PAGE_HEIGHT - MARGIN_TOP + 7 * mm
            canv.setFillColor(MUTED)
            canv.setFont(font.regular, 8)
            left = decor.header_left
            if decor.watermark:
                canv.setFillColor(BAD)
                canv.setFont(font.bold, 9)
                canv.drawString(MARGIN_X, y, decor.watermark)
                canv.setFillColor(MUTED)
                canv.setFont(font.regular, 8)
                left = "　　　" + left
            canv.drawString(MARGIN_X, y, left)
            right = decor.header_right
            room = CONTENT_WIDTH - stringWidth(left, font.regular, 8) - 20
            while right and stringWidth(right, font.regular, 8) > room:
                right = right[:-2] + "…"
            canv.drawRightString(PAGE_WIDTH - MARGIN_X, y, right)
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(MARGIN_X, y - 4, PAGE_WIDTH - MARGIN_X, y - 4)
        canv.restoreState()

    return draw


class _ReportDoc(BaseDocTemplate):  # type: ignore[misc]  # ReportLab is untyped
    """A document whose H1/H2 headings become PDF bookmarks."""

    def __init__(self, buffer: BytesIO, styles: Styles, **kwargs: Any) -> None:
        super().__init__(buffer, **kwargs)
        self._styles = styles
        self._marks = 0

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        if not isinstance(flowable, Paragraph):
            return
        name = flowable.style.name
        if name not in ("h1", "h2"):
            return
        self._marks += 1
        top = self.frame._y + flowable.height + flowable.style.spaceAfter + 6
        self.canv.add_bookmark(f"m{self._marks}", flowable.getPlainText(), 0 if name == "h1" else 1, top)


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    subject: str
    author: str
    creator: str
    keywords: tuple[str, ...]
    created: datetime
    document_id: str


@dataclass(frozen=True)
class Composition:
    """A report before layout: its story (the flowables in order), styles, page decoration and PDF metadata."""

    story: list[Flowable]
    styles: Styles
    decor: PageDecor
    info: DocumentInfo

    def build(self) -> bytes:
        return build_pdf(self.story, self.styles, self.decor, self.info)


def build_pdf(story: list[Flowable], styles: Styles, decor: PageDecor, info: DocumentInfo) -> bytes:
    """Lay out the story (first page: cover without header) and return the PDF bytes."""
    buffer = BytesIO()
    doc = _ReportDoc(
        buffer,
        styles,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=info.title,
        subject=info.subject,
        author=info.author,
        creator=info.creator,
        keywords=list(info.keywords),
        invariant=1,
        lang="zh-CN",
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, id="body")
    doc.addPageTemplates(
        [
            PageTemplate(id="cover", frames=[frame], onPage=_draw_page(decor, styles, header=False)),
            PageTemplate(id="body", frames=[frame], onPage=_draw_page(decor, styles, header=True)),
        ]
    )
    doc.build(
        [NextPageTemplate("body"), *story],
        canvasmaker=_canvas_class(decor, styles, info.created, info.document_id),
    )
    return buffer.getvalue()


def short_digest(digest: str, hex_chars: int = 64) -> str:
    """Return 'sha256:' and the first hex_chars hex digits of a digest."""
    algo, _, hexpart = digest.partition(":")
    if not hexpart:
        return digest[:hex_chars]
    return f"{algo}:{hexpart[:hex_chars]}"


def digest_of(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()
