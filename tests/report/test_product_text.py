"""Users read product text only: no editorial or provenance wording in the reports, the forms' displayed fields or
the translation catalogue (issue 13, "The product undermines itself")."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest

from app.core.compare import compare
from app.core.form import Form
from app.core.records import AssessmentKind, AssessmentStatus
from app.core.scoring import score
from app.report import render_assessment_report, render_comparison_report, reproducible_options
from app.report.appendix import APPENDIX_HEADING
from app.services.forms import FormRegistry
from app.services.texts import bundled_commitment
from tests.conftest import FORM_ID, FORMS_DIR, ROOT
from tests.report import evidence, inspect_pdf, level_one_answers, level_two_answers, make_record, squash

# Editorial words: internal source labels, review to-dos, "not found" admissions, raw debug values.
BANNED_CJK = (
    re.compile(r"来源[A-GN][0-9]?"),
    re.compile(r"来源分歧"),
    re.compile(r"待与官方"),
    re.compile(r"待核对"),
    re.compile(r"未能获取"),
    re.compile(r"未能查阅"),
    re.compile(r"工具[A-G]"),
    re.compile(r"由本软件拟定"),
    re.compile(r"仅见于"),
)
BANNED_LATIN = (
    re.compile(r"\bunverified\b", re.IGNORECASE),
    re.compile(r"\bsources? [A-G]\b", re.IGNORECASE),
    re.compile(r"could not be (consulted|recovered)", re.IGNORECASE),
    re.compile(r"\bnot recovered\b", re.IGNORECASE),
    re.compile(r"\bconstrained:\s*(true|false)\b", re.IGNORECASE),
    re.compile(r"\btool B\b", re.IGNORECASE),
)
# Fields that hold provenance (the editorial record), in every revision; no display reads them.
PROVENANCE_KEYS = frozenset({
    "notes", "provenance", "source", "sources", "source_note", "source_note_en", "sources_note", "sources_note_en",
    "revision_note", "revision_note_en",
})  # fmt: skip


def banned_in(text: str) -> list[str]:
    """Every banned word in a text (CJK patterns on the text without whitespace: PDF lines break anywhere)."""
    flat, spaced = squash(text), re.sub(r"\s+", " ", text)
    return [m.group(0) for p in BANNED_CJK for m in p.finditer(flat)] + [
        m.group(0) for p in BANNED_LATIN for m in p.finditer(spaced)
    ]


def test_the_check_itself_finds_each_kind_of_banned_word() -> None:
    """The check can fail: it finds the editorial wording the 2024 form's revision 2 carried."""
    samples = ["来源分歧：来源A的选项C", "工具B的填报指\n引", "待与官方PDF核对", "原文未能获取，由本软件拟定",
               "The rule is unverified against the PDF", "source B swaps", "constrained: false",
               "The official annex PDF could not be consulted"]  # fmt: skip
    for sample in samples:
        assert banned_in(sample), sample
    assert not banned_in("本企业郑重承诺：来源真实。Sources of data: ERP and MES.")


def every_form(registry: FormRegistry) -> list[Form]:
    return [registry.get(FORM_ID, revision) for revision in (1, 2, 3)]


def displayed_texts(form: Form) -> Iterator[tuple[str, str]]:
    """Every form text a window or report shows, through the same accessors the displays use."""
    yield "title", form.title + form.title_en
    for lang in ("zh", "en"):
        for i, para in enumerate(form.about_texts(lang)):
            yield f"about[{lang}][{i}]", para
        for level in range(5):
            yield f"level_name {level}", form.level_name(level, lang)
            desc = form.level_description(level, lang)
            if desc:
                yield f"level_description {level}", " ".join(desc)
    yield "level_rule", form.level_rule.description + form.level_rule.description_en
    for d in form.dimensions:
        yield d.id, d.id + d.name_en
    for q in form.questions:
        yield q.id, " ".join([q.text, q.text_en, q.dimension, q.sub_indicator, q.indicator])
        for lang in ("zh", "en"):
            yield f"{q.id} explanations", " ".join(q.explanation_texts(lang))
            yield f"{q.id} wording note", q.wording_note(lang)
        for o in q.options:
            yield f"{q.id}.{o.id}", o.text + " " + o.text_en
        for f in q.figures:
            yield f"{q.id}.{f.id}", " ".join([f.label, f.label_en, f.unit, f.unit_en])
        yield f"{q.id} evidence hints", " ".join(q.evidence_hints + q.evidence_hints_en)
    yield from _scene_texts(form)
    for c in form.checks:
        yield c.id, c.message + " " + c.message_en


def _scene_texts(form: Form) -> Iterator[tuple[str, str]]:
    for s in form.scenes:
        yield s.id, " ".join([s.name, s.name_en, s.group, s.question_text])
        for lang in ("zh", "en"):
            yield f"{s.id} explanations", " ".join(s.explanation_texts(lang))
            yield f"{s.id} wording note", s.wording_note(lang)
            for level in range(1, 5):
                yield f"{s.id} level {level}", s.level_text(level, lang) or ""


def test_no_displayed_form_text_of_any_revision_holds_editorial_words(registry: FormRegistry) -> None:
    """Finding: cards showed "来源分歧：来源A…" and "工具B的填报指引" (revisions 1–2, now classified by field)."""
    for form in every_form(registry):
        found = {where: hits for where, value in displayed_texts(form) if (hits := banned_in(value))}
        assert not found, (form.revision, found)


def _product_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        if value.get("guidance") is True:  # a third-party filling hint (revisions 1–2): provenance
            return
        for key, item in value.items():
            if key not in PROVENANCE_KEYS:
                yield from _product_strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _product_strings(item, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


@pytest.mark.parametrize("name", ["miit-2024.json", "miit-2024-r2.json", "miit-2024-r3.json"])
def test_every_product_field_of_the_form_files_is_free_of_editorial_words(name: str) -> None:
    """Revision 3 keeps provenance in its own fields; every other string of every revision is product text."""
    data = json.loads((FORMS_DIR / name).read_text(encoding="utf-8"))
    found = {path: hits for path, value in _product_strings(data) if (hits := banned_in(value))}
    assert not found, found


def test_revision_3_keeps_its_provenance_apart_and_complete() -> None:
    """The editorial record is not lost: revision 3 moves it into provenance fields, where it is still searchable."""
    r2 = json.loads((FORMS_DIR / "miit-2024-r2.json").read_text(encoding="utf-8"))
    r3 = json.loads((FORMS_DIR / "miit-2024-r3.json").read_text(encoding="utf-8"))
    assert "第三方" in r3["provenance"] and "来源B" in r3["level_rule"]["provenance"]
    for old, new in zip(r2["questions"] + r2["scenes"], r3["questions"] + r3["scenes"], strict=True):
        assert [n["text"] for n in old.get("notes", [])] == [n["text"] for n in new.get("provenance", [])][
            : len(old.get("notes", []))
        ], old["id"]
        assert "notes" not in new and bool(old.get("notes")) == bool(new.get("text_note")), old["id"]


def test_the_translation_catalogue_is_free_of_editorial_words() -> None:
    """Finding: the .ts carried "来源分歧" and "填报指引（非官方）" for the cards."""
    root = ET.parse(ROOT / "resources" / "i18n" / "app_en.ts").getroot()
    texts = [el.text or "" for el in root.iter() if el.tag in ("source", "translation")]
    assert len(texts) > 500
    found = [(t, hits) for t in texts if (hits := banned_in(t))]
    assert not found, found


def _report_texts(form: Form) -> Iterator[tuple[str, str]]:
    opts = reproducible_options(commitment=bundled_commitment(), package_fingerprint="PKG-FP", signer_fingerprint="S")
    two, one = level_two_answers(form), level_one_answers(form)
    after = make_record(form, two, on_site=True, kind=AssessmentKind.AFTER, evidence=evidence())
    before = make_record(form, one, assessment_id=20, kind=AssessmentKind.BASELINE)
    draft = make_record(form, one, assessment_id=22, status=AssessmentStatus.DRAFT)
    for name, record, answers in (("after", after, two), ("draft", draft, one), ("answers only", None, one)):
        data = render_assessment_report(form, record, answers, score(form, answers), opts)
        yield name, inspect_pdf(data).text
    rb, ra = score(form, one), score(form, two)
    comparison = compare((form, one, rb), (form, two, ra))
    yield "comparison", inspect_pdf(render_comparison_report(form, before, rb, after, ra, comparison, opts)).text


def test_no_report_of_any_revision_prints_editorial_words_the_font_or_raw_values(registry: FormRegistry) -> None:
    """Finding: the PDF printed "规则来源说明：…仅见于来源B…待与官方PDF核对", a "来源分歧" table with a raw
    `constrained: false`, and the font file; it now ends with the neutral appendix instead."""
    for form in every_form(registry):
        texts = dict(_report_texts(form))
        for name, text in texts.items():
            assert not banned_in(text), (form.revision, name, banned_in(text))
            flat = squash(text)
            assert "字体" not in flat and ".ttc" not in flat and ".ttf" not in flat and "/usr/" not in text, name
            if name != "comparison":
                assert squash(APPENDIX_HEADING) in flat, (form.revision, name)
        if form.about_texts():
            assert squash(form.about_texts()[0]) in squash(texts["after"])
