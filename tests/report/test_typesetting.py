"""Typesetting checks over the extracted text (pdftotext) of every sample report (app.report.samples).

Issue 13, "The report": "，" and "”" started lines, "（" ended one, hashes broke mid-string, and a report from an
incomplete answer document had no 草稿 mark but had signature lines.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import pytest

from app.core.form import Form
from app.report import find_cjk_font
from app.report import texts as t
from app.report.samples import sample_options, sample_reports
from app.services.texts import bundled_commitment

CLOSING = "，。、；：？！）》」』”’"
OPENING = "（《「『“‘"
DRAFTS = ("assessment-draft-empty", "answers-incomplete")
MIN_BODY_LINES = 6
FOOTER_LABELS = (t.DIGEST_LABEL, t.ANSWERS_DIGEST_LABEL, t.CMP_FOOTER_BEFORE, t.CMP_FOOTER_AFTER, t.FOOTER_DOCUMENT,
                 t.FOOTER_PACKAGE)  # fmt: skip
WATERMARK_GLYPHS = set(t.DRAFT_WATERMARK)  # the diagonal watermark extracts one glyph a line
HEADER_TITLES = (t.REPORT_TITLE, t.COMPARISON_TITLE)
HEADER_WORDS = {t.DRAFT_WATERMARK, "苏州恒创精密机械制造有限公司", t.UNREGISTERED_ENTERPRISE}
PAGE_NUMBER = re.compile(r"第 ?\d+ ?页 ?/ ?共 ?\d+ ?页")
SAMPLE_NAMES = ("assessment-after", "assessment-baseline", "assessment-draft-empty", "assessment-long-notes",
                "answers-only", "answers-incomplete", "comparison")  # fmt: skip
HEX_RUN = re.compile(r"[0-9a-fA-F]{20,}")

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")


def pages_of(data: bytes) -> list[list[str]]:
    """The PDF's text as pdftotext reads it: per page, its non-empty lines (stripped)."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    pages = done.stdout.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]


@pytest.fixture(scope="module")
def samples(form: Form) -> dict[str, list[list[str]]]:
    font = find_cjk_font()
    return {
        name: pages_of(render())
        for name, render in sample_reports(form, sample_options(font, bundled_commitment())).items()
    }


@needs_pdftotext
def test_every_sample_is_checked(samples: dict[str, list[list[str]]]) -> None:
    """The check covers the assessment reports, the drafts, the answer-document reports and the comparison."""
    assert set(SAMPLE_NAMES) == set(samples)
    assert all(pages for pages in samples.values())


@needs_pdftotext
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(samples: dict[str, list[list[str]]]) -> None:
    """Finding: "，" and "”" start lines, "（" ends one (kinsoku, 禁则)."""
    bad = [
        f"{name} p{number}: {line!r}"
        for name, pages in samples.items()
        for number, page in enumerate(pages, start=1)
        for line in page
        if line[0] in CLOSING or line[-1] in OPENING
    ]
    assert not bad, "\n".join(bad[:30])


@needs_pdftotext
def test_digests_are_never_broken_mid_string(samples: dict[str, list[list[str]]]) -> None:
    """Finding: hashes break mid-string. A digest is printed whole on a line, or as two fixed halves of 32 digits,
    each alone on its line, one under the other."""
    bad = []
    for name, pages in samples.items():
        for number, page in enumerate(pages, start=1):
            for i, line in enumerate(page):
                for run in HEX_RUN.findall(line):
                    if len(run) == 64:
                        continue
                    halves = [HEX_RUN.fullmatch(x) for x in page[max(0, i - 1) : i + 2] if x != line]
                    paired = len(run) == 32 and line == run and any(h and len(h.group()) == 32 for h in halves)
                    if not paired:
                        bad.append(f"{name} p{number}: {line!r}")
    assert not bad, "\n".join(bad[:30])


@needs_pdftotext
def test_record_digests_appear_whole(form: Form, samples: dict[str, list[list[str]]]) -> None:
    """The content digest printed in the verification block can be found whole in the extracted text."""
    from app.report.samples import demo_record

    digest = demo_record(form).content_digest()
    text = "\n".join("\n".join(page) for page in samples["assessment-after"])
    assert digest in text


@needs_pdftotext
@pytest.mark.parametrize("name", DRAFTS)
def test_drafts_say_draft_on_every_page_and_have_no_signature_lines(
    samples: dict[str, list[list[str]]], name: str
) -> None:
    """Finding: a report from an incomplete --answers file has no 草稿 mark but has signature lines."""
    pages = samples[name]
    assert all(any("草稿" in line for line in page) for page in pages), [i for i, p in enumerate(pages, 1)]
    text = "\n".join("\n".join(page) for page in pages)
    assert "（签字）" not in text
    assert "未作答" in text


@needs_pdftotext
def test_finalized_reports_are_not_marked_draft(samples: dict[str, list[list[str]]]) -> None:
    for name in ("assessment-after", "comparison"):
        text = "\n".join("\n".join(page) for page in samples[name])
        assert "草稿" not in text, name


def body_lines(page: list[str]) -> list[str]:
    """A page's lines without its header (title, enterprise, 草稿), footer (labelled digests) and page number."""
    lines = [x for x in page if not PAGE_NUMBER.fullmatch(x) and x not in WATERMARK_GLYPHS]
    while lines and lines[-1].startswith(FOOTER_LABELS):
        lines.pop()
    while lines and (lines[0] in HEADER_WORDS or lines[0].startswith(HEADER_TITLES) or "｜" in lines[0][-6:]):
        lines.pop(0)
    return lines


@needs_pdftotext
@pytest.mark.parametrize("name", sorted(SAMPLE_NAMES))
def test_no_near_empty_pages(samples: dict[str, list[list[str]]], name: str) -> None:
    """Finding: a page holding one sentence. Every page but the last has at least MIN_BODY_LINES lines of its own
    (lines that recur on most pages, the header and footer, and the page number do not count)."""
    pages = samples[name]
    thin = []
    for number, page in enumerate(pages[:-1], start=1):
        body = body_lines(page)
        if len(body) < MIN_BODY_LINES:
            thin.append((number, body))
    assert not thin, thin


HEADING = re.compile(r"[一二三四五六七八九十]+、\S+")


@needs_pdftotext
def test_no_heading_is_left_at_the_foot_of_a_page(samples: dict[str, list[list[str]]]) -> None:
    """Finding: orphan headings at the foot of pages (六, 八). A heading is followed on its page by what it heads."""
    orphans = [
        (name, number, body[-2:])
        for name, pages in samples.items()
        for number, page in enumerate(pages, start=1)
        if (body := body_lines(page)) and any(HEADING.fullmatch(x) for x in body[-2:])
    ]
    assert not orphans, orphans


def _line_overflows(paragraph: Any) -> list[float]:
    lines = paragraph.blPara.lines
    spare = [line[0] if isinstance(line, tuple) else line.extraSpace for line in lines]
    return [x for x in spare if x < -0.01]


@pytest.mark.parametrize("markup", [False, True])
def test_a_closing_bracket_never_hangs_past_the_cell_edge(markup: bool) -> None:
    """Finding: a "）" spilled over a cell border (ReportLab hangs closing punctuation in the margin)."""
    from reportlab.platypus import Paragraph

    from app.report.layout import make_styles

    style = make_styles(find_cjk_font()).cell
    width = 9 * style.fontSize  # nine characters a line
    for shift in range(12):
        value = "企" * shift + "企业数字化转型（试点）。" * 4
        source = f"<b>{value}</b>企" if markup else value  # two fragments: the other line-breaking path
        paragraph = Paragraph(source, style)
        paragraph.wrap(width, 1000)
        assert not _line_overflows(paragraph), (shift, markup)


def test_break_point_keeps_words_and_applies_kinsoku() -> None:
    from app.report.kinsoku import break_point

    chars = list("评测编号Q15、Q16")
    # "Q16" does not fit from index 9: the word moves down whole.
    assert break_point(chars, 0, 10) == 8
    # "、" may not start a line: it stays, with the character before it, on the next line.
    assert break_point(list("数字化、网络"), 0, 3) == 2
    # "、" may not start a line, and moving back for it must not cut "S03" either.
    assert break_point(list("Q15、S03、S04"), 0, 7) == 4
    # "（" may not end a line.
    assert break_point(list("系统（试点"), 0, 3) == 2
