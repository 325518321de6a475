"""Issue 12 findings: verification that survives upgrades, a spec-exact form hash, a report bound to its content.

Each test reproduces a finding; on the program before format 2 the first, third and fourth failed (see the commit).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from app.core.form import Form
from app.package import verify_package
from app.package.format import RESULT, json_bytes
from app.services.forms import FormRegistry
from tests.conftest import FORMS_DIR
from tests.package import MINIMAL_PDF, make_signer, package_bytes, repack


def _older_advisory_texts(files: dict[str, bytes]) -> None:
    """Write result.json as a version whose warning texts round numbers differently, with another plan, would."""
    result = json.loads(files[RESULT])
    result["warnings"] = [{"check": "ratio", "message": "设备联网率 33.3333%（旧版本的写法）"}]
    if isinstance(result.get("gap_to_level_2"), dict):
        result["gap_to_level_2"]["note"] = "an older planner's wording"
    files[RESULT] = json_bytes(result)


def test_changed_warning_texts_and_plan_are_a_note_not_a_failure(
    form: Form, registry: FormRegistry, tmp_path: Path
) -> None:
    data = repack(package_bytes(form, tmp_path), change_files=_older_advisory_texts, resign=[make_signer(seed=1)])
    report = verify_package(data, registry)
    assert report.ok, report.summary()
    notes = [c for c in report.warnings if c.code == "advisory-differs"]
    assert len(notes) == 1 and "warnings" in notes[0].message


def test_changed_level_in_result_still_fails(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    def lie(files: dict[str, bytes]) -> None:
        result = json.loads(files[RESULT])
        result["scene_level"] = 4
        files[RESULT] = json_bytes(result)

    report = verify_package(
        repack(package_bytes(form, tmp_path), change_files=lie, resign=[make_signer(seed=1)]), registry
    )
    assert "score-mismatch" in report.codes()


# ---- the form hash exactly as docs/package-format.md section 7 says, written from the text, not the program


def _spec_decimal_text(token: str) -> str:
    """A JSON number token with a fraction or exponent as the spec's decimal text (to-scientific-string)."""
    m = re.fullmatch(r"(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?", token)
    assert m is not None
    sign, whole, frac, exp = m.group(1), m.group(2), m.group(3) or "", int(m.group(4) or 0)
    digits = (whole + frac).lstrip("0") or "0"
    exponent = exp - len(frac)
    adjusted = exponent + len(digits) - 1
    if exponent <= 0 and adjusted >= -6:
        if exponent == 0:
            body = digits
        else:
            padded = digits.rjust(-exponent + 1, "0")
            body = padded[:exponent] + "." + padded[exponent:]
    else:
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "") + "E" + ("+" if adjusted >= 0 else "-")
        body += str(abs(adjusted))
    return sign + body


def _spec_form_hash(raw: bytes) -> str:
    value = json.loads(raw.decode("utf-8"), parse_float=lambda tok: {"\0decimal": _spec_decimal_text(tok)})

    def canon(v: Any) -> str:
        if isinstance(v, dict) and set(v) == {"\0decimal"}:
            return json.dumps(v["\0decimal"])
        if isinstance(v, dict):
            return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canon(v[k]) for k in sorted(v)) + "}"
        if isinstance(v, list):
            return "[" + ",".join(canon(x) for x in v) + "]"
        return json.dumps(v, ensure_ascii=False)

    return "sha256:" + hashlib.sha256(canon(value).encode("utf-8")).hexdigest()


def test_form_hash_as_the_spec_says(registry: FormRegistry) -> None:
    for path in sorted(FORMS_DIR.glob("*.json")):
        data = json.loads(path.read_bytes())
        form = registry.get(data["form"], data["revision"])
        assert _spec_form_hash(path.read_bytes()) == form.content_hash, path.name


def test_spec_decimal_text_matches_examples() -> None:
    examples = {"5.5": "5.5", "0.50": "0.50", "1e3": "1E+3", "0.0000001": "1E-7", "12.5e-1": "1.25", "-0.0": "-0.0"}
    assert {k: _spec_decimal_text(k) for k in examples} == examples


# ---- the report bound to the content


def test_swapped_report_resigned_with_the_key_fails(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    fake = MINIMAL_PDF.replace(b"%%EOF", b"% LEVEL 4 fake report\n%%EOF")

    def swap(files: dict[str, bytes]) -> None:
        files["report.pdf"] = fake

    data = repack(package_bytes(form, tmp_path), change_files=swap, resign=[make_signer(seed=1)])
    report = verify_package(data, registry)
    assert not report.ok
    assert "report-binding" in report.codes()


def test_real_report_carries_the_binding_in_its_metadata(form: Form, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from app.core.reportbinding import find_binding
    from app.core.scoring import score
    from app.package.writer import package_record
    from app.wiring import render_pdf
    from tests.package import make_record

    record = package_record(make_record(form))
    result = score(form, record.answers)
    pdf = render_pdf(form, record, record.answers, result)
    keywords = PdfReader(io.BytesIO(pdf)).metadata["/Keywords"]
    assert f"content_digest={record.content_digest()};level={result.level};total_score=45.7" in keywords
    binding = find_binding(pdf)
    assert (binding.content_digest, binding.level, binding.total_score) == (
        record.content_digest(),
        result.level,
        "45.7",
    )


def test_writer_refuses_a_report_of_other_content(form: Form, tmp_path: Path) -> None:
    from app.core.scoring import score
    from app.package import ExportError
    from app.package.writer import build_package_bytes
    from tests.package import bound_pdf, commitment, make_record

    record = make_record(form)
    other = make_record(form, id=8)
    result = score(form, record.answers)
    for report in (MINIMAL_PDF, bound_pdf(other, result)):
        with pytest.raises(ExportError, match="report_pdf"):
            build_package_bytes(
                form=form, record=record, result=result, report_pdf=report, evidence_files={},
                commitment=commitment(), signers=[make_signer(seed=1)], app_version="t",
            )  # fmt: skip


@pytest.mark.parametrize(
    "pdf",
    [
        b"%PDF-1.4\n" + b"\xff" * 100_000,
        b"%PDF-1.4 sdap-binding/1;content_digest=sha256:zz;level=2",
        b"%PDF-1.4 " + b"sdap-binding/1;content_digest=sha256:" + b"a" * 64 + b";level=2;total_score=45.7 " * 20,
        b"%PDF-1.4 sdap-binding/1;content_digest=sha256:" + b"a" * 64 + b";level=2;total_score=45.7 "
        b"sdap-binding/1;content_digest=sha256:" + b"a" * 64 + b";level=4;total_score=95",
        b"%PDF-1.4 (sdap-binding/1;content_digest=sha256:" + b"a" * 64 + b";level=999;total_score=" + b"9" * 5000,
    ],
    ids=["binary", "malformed", "too-many", "disagreeing", "huge-number"],
)
def test_hostile_report_gets_a_verdict(pdf: bytes, form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    def swap(files: dict[str, bytes]) -> None:
        files["report.pdf"] = pdf

    data = repack(package_bytes(form, tmp_path), change_files=swap, resign=[make_signer(seed=1)])
    report = verify_package(data, registry)
    assert report.codes() == {"report-binding"}


def test_form_installed_with_other_content_uses_the_embedded_form(form: Form, tmp_path: Path) -> None:
    from dataclasses import replace

    data = package_bytes(form, tmp_path)
    changed = FormRegistry((replace(form, content_hash="sha256:" + "1" * 64),))
    report = verify_package(data, changed)
    assert report.ok, report.summary()
    note = next(c for c in report.warnings if c.code == "form-not-installed")
    assert "other content" in note.message
    strict = verify_package(data, changed, strict=True)
    assert strict.codes() == {"form-not-installed"}
    empty = verify_package(data, FormRegistry(()), strict=False, load=True)
    assert empty.form_installed is False and empty.form.content_hash == form.content_hash


def test_json_report_keeps_its_fields_and_adds_the_normative_values(
    form: Form, registry: FormRegistry, tmp_path: Path
) -> None:
    out = verify_package(package_bytes(form, tmp_path), registry).to_json()
    old = {"source", "ok", "package_sha256", "manifest_sha256", "format_version", "enterprise", "assessment_id"}
    assert old | {"form", "signatures", "failures", "checks"} <= set(out)
    assert (out["format_version"], out["level"], out["total_score"], out["form_installed"]) == (2, 2, "45.7", True)
