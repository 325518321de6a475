"""The 诊断报告 as a Word document (python-docx), from the same content model as the PDF.

Consultants edit and stamp it in Word or WPS, so it is plain Word: A4, real Chinese fonts named on the East Asian
runs (w:eastAsia: 宋体 for text, 黑体 for headings), bordered tables with a repeated header row, page numbers in
the footer. python-docx's bundled default template (docx/templates/default.docx) is the starting document.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from app.report.diagnosis import (
    DRAFT_MARK,
    SIGNATURE_DATE,
    DiagnosisContent,
    Grid,
    Heading,
    KeyValues,
    Paragraph,
    Signatures,
)

BODY_FONT = "宋体"  # SimSun: present in every Chinese Word/WPS installation
HEADING_FONT = "黑体"  # SimHei
LATIN_FONT = "Times New Roman"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
MUTED = RGBColor(0x59, 0x59, 0x59)
CONTENT_WIDTH_MM = 160.0
SIGNATURE_WIDTHS = (0.22, 0.28, 0.32, 0.18)


def _fonts(run: Run, east_asian: str, size: float, *, bold: bool = False, colour: RGBColor | None = None) -> None:
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _text(
    paragraph: DocxParagraph,
    value: str,
    *,
    size: float = 10.5,
    bold: bool = False,
    font: str = BODY_FONT,
    colour: RGBColor | None = None,
) -> None:
    lines = value.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        _fonts(run, font, size, bold=bold, colour=colour)
        if i < len(lines) - 1:
            run.add_break()


def _borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "8C8C8C")
        borders.append(element)
    tbl_pr.append(borders)


def _shade(cell: object, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _grid(document: object, head: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[float, ...],
          *, total: tuple[str, ...] | None, right: tuple[int, ...], key_column: bool = False) -> Table:  # fmt: skip
    body = [*([head] if head else []), *rows, *([total] if total else [])]
    table: Table = document.add_table(rows=len(body), cols=len(widths))  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    for r, values in enumerate(body):
        is_head = bool(head) and r == 0
        is_total = total is not None and r == len(body) - 1
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Mm(CONTENT_WIDTH_MM * widths[c])
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            if c in right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            strong = is_head or is_total or (key_column and c == 0)
            _text(paragraph, value, size=9, bold=strong, font=HEADING_FONT if strong else BODY_FONT,
                  colour=ACCENT if is_head else None)  # fmt: skip
            if is_head:
                _shade(cell, "E8EEF4")
            elif key_column and c == 0:
                _shade(cell, "F4F6F8")
    for row in table.rows:  # a row is never split across pages
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for c, column in enumerate(table.columns):  # the grid's widths: what LibreOffice and WPS lay out by
        column.width = Mm(CONTENT_WIDTH_MM * widths[c])
    if head:
        _repeat_header(table)
    return table


def _page_number(paragraph: DocxParagraph) -> None:
    _text(paragraph, "第 ", size=9, colour=MUTED)
    for kind, value in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        _fonts(run, BODY_FONT, 9, colour=MUTED)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = value
            run._element.append(instr)
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._element.append(fld)
            if kind == "separate":
                placeholder = OxmlElement("w:t")
                placeholder.text = "1"
                run._element.append(placeholder)
    _text(paragraph, " 页", size=9, colour=MUTED)


def _page_setup(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    for name in ("Heading 1", "Heading 2", "Title"):
        style = document.styles[name]
        style.font.name = LATIN_FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), HEADING_FONT)


def _title_page(document: Any, content: DiagnosisContent) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _text(header, f"{content.title}｜{content.enterprise}" + (f"｜{DRAFT_MARK}" if content.draft else ""),
          size=8, colour=MUTED)  # fmt: skip
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)
    title = document.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _text(title, content.title, size=22, bold=True, font=HEADING_FONT)
    day = content.generated_at.date()
    for line in (content.subtitle, f"编制日期：{day.year}年{day.month}月{day.day}日"):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _text(p, line, size=11, colour=MUTED)
    if content.draft:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _text(p, "草稿：评测尚未定稿", size=11, bold=True, font=HEADING_FONT, colour=RGBColor(0xB0, 0x30, 0x30))


def _signatures(document: Any, block: Signatures) -> None:
    rows: list[tuple[str, ...]] = []
    for party, person in block.parties:
        rows.append((party, "", person, ""))
        rows.append(("日期", SIGNATURE_DATE, "", ""))
    table: Table = document.add_table(rows=len(rows), cols=4)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Mm(CONTENT_WIDTH_MM * SIGNATURE_WIDTHS[c])
            _text(cell.paragraphs[0], value)
            if r % 2 == 0 and c in (1, 3):  # the line to sign on
                borders = OxmlElement("w:tcBorders")
                bottom = OxmlElement("w:bottom")
                for key, value_ in (("w:val", "single"), ("w:sz", "6"), ("w:color", "595959")):
                    bottom.set(qn(key), value_)
                borders.append(bottom)
                cell._tc.get_or_add_tcPr().append(borders)
        table.rows[r].height = Mm(12)
    for c, column in enumerate(table.columns):
        column.width = Mm(CONTENT_WIDTH_MM * SIGNATURE_WIDTHS[c])


def render_diagnosis_docx(content: DiagnosisContent) -> bytes:
    document = Document()
    _page_setup(document)
    _title_page(document, content)
    for label, block in content.numbered():
        if isinstance(block, Heading):
            h = document.add_heading(level=block.level)
            h.paragraph_format.keep_with_next = True
            _text(h, label + block.text, size=15 if block.level == 1 else 12, bold=True, font=HEADING_FONT,
                  colour=ACCENT)  # fmt: skip
        elif isinstance(block, Paragraph):
            p = document.add_paragraph()
            _text(p, block.text, size=9 if block.note else 10.5, colour=MUTED if block.note else None)
        elif isinstance(block, KeyValues):
            _grid(document, (), list(block.rows), (0.28, 0.72), total=None, right=(), key_column=True)
            document.add_paragraph()
        elif isinstance(block, Grid):
            _grid(document, block.head, list(block.rows), block.widths, total=block.total, right=block.right)
            document.add_paragraph()
        else:
            _signatures(document, block)
    core = document.core_properties
    core.title = f"{content.title} - {content.enterprise}"
    core.author = content.enterprise
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
