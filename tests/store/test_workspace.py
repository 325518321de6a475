"""The workspace over a real database (SQLite file, PostgreSQL): enterprises, assessments, autosave, evidence."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from app.core.answers import parse_json_text
from app.core.records import AssessmentKind, AssessmentStatus, Assessor
from app.services.ports import DuplicateError, FinalizedError, NotFoundError
from app.services.workspace import EnterpriseInput, ValidationError, WorkspaceService
from app.store.database import WorkspaceLocation
from tests.conftest import SAMPLES_DIR
from tests.store.conftest import VALID_USCC, with_check

SAMPLE = parse_json_text((SAMPLES_DIR / "sample-complete.json").read_bytes())


def snapshot(location: WorkspaceLocation) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to prove that a refused change changed nothing."""
    engine = create_engine(location.engine_url())
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
            return {t: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {t}"))), key=repr) for t in tables}
    finally:
        engine.dispose()


def test_enterprise_round_trip(ws: WorkspaceService) -> None:
    created = ws.add_enterprise(
        EnterpriseInput(name=" 某某科技 ", uscc=VALID_USCC.lower(), industry="c34", region="广东省东莞市", size="小型",
                        above_scale=True, specialized="specialized", contact_phone="0769-12345678")
    )  # fmt: skip
    assert created.name == "某某科技" and created.uscc == VALID_USCC
    assert (created.industry_section, created.industry_division) == ("C", "34")
    assert ws.enterprise(VALID_USCC).id == created.id == ws.enterprise(str(created.id)).id
    assert [listing.enterprise.id for listing in ws.list_enterprises("某某")] == [created.id]
    assert ws.list_enterprises("不存在") == []


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (EnterpriseInput(name="A", uscc="91350100M000100Y44"), "uscc"),
        (EnterpriseInput(name="", uscc=VALID_USCC), "name"),
        (EnterpriseInput(name="A", uscc=VALID_USCC, industry="Z"), "industry"),
        (EnterpriseInput(name="A", uscc=VALID_USCC, industry="C99"), "industry"),
        (EnterpriseInput(name="A", uscc=VALID_USCC, size="huge"), "size"),
        (EnterpriseInput(name="A", uscc=VALID_USCC, contact_phone="call me"), "contact_phone"),
    ],
)
def test_bad_enterprise_input_names_the_field_and_changes_nothing(
    ws: WorkspaceService, location: WorkspaceLocation, raw: EnterpriseInput, field: str
) -> None:
    before = snapshot(location)
    with pytest.raises(ValidationError) as info:
        ws.add_enterprise(raw)
    assert info.value.field == field
    assert snapshot(location) == before


def test_duplicate_uscc_is_refused(ws: WorkspaceService, enterprise_id: int, location: WorkspaceLocation) -> None:
    before = snapshot(location)
    with pytest.raises(DuplicateError, match=VALID_USCC):
        ws.add_enterprise(EnterpriseInput(name="另一家", uscc=VALID_USCC))
    assert snapshot(location) == before


def test_assessment_from_document_keeps_the_answers_and_scores_them(ws: WorkspaceService, enterprise_id: int) -> None:
    created = ws.new_assessment(
        VALID_USCC, AssessmentKind.BASELINE, SAMPLE, Assessor("张工", "某牵引单位", "诊断顾问"), True
    )
    form, answers, result = ws.result(created.id)
    assert created.form_id == "miit-2024" and created.form_hash == form.content_hash
    original = json.loads((SAMPLES_DIR / "sample-complete.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(answers.to_document())) == original
    # The sample's points and level, worked out from the official point values (Q1 B+C = 2+2, Q5 C = 5, …).
    assert result.total_score == Decimal("45.7")
    assert dict(result.dimension_scores) == {
        "数字化基础": Decimal("20.95"),
        "数字化管理": Decimal("9.75"),
        "数字化成效": Decimal(15),
    }
    assert (result.question_scores["Q1"], result.question_scores["Q5"], result.question_scores["Q11"]) == (4, 5, 0)
    assert (result.score_level, result.scene_level, result.level) == (2, 2, 2)
    listing = ws.list_enterprises()[0].assessments[0]
    assert listing.summary is not None and listing.summary.total == result.total_score
    assert listing.summary.level == result.level


def test_unknown_form_and_invalid_answers_change_nothing(
    ws: WorkspaceService, enterprise_id: int, location: WorkspaceLocation
) -> None:
    from app.core.answers import AnswerDocumentError

    before = snapshot(location)
    with pytest.raises(AnswerDocumentError, match="unknown form"):
        ws.new_assessment(VALID_USCC, answers_document={"form": "miit-1999"})
    with pytest.raises(AnswerDocumentError) as info:
        ws.new_assessment(VALID_USCC, answers_document={"form": "miit-2024", "answers": {"Q1": ["A", "C"]}})
    assert info.value.errors[0].item == "Q1"
    assert snapshot(location) == before
    created = ws.new_assessment(VALID_USCC)
    before = snapshot(location)
    for item, value in [("Q2", "B,C"), ("Q1", "A,B"), ("S01", "5"), ("S01", "x"), ("Q99", "A"), ("Q2.rate", "200")]:
        with pytest.raises(ValidationError):
            ws.answer(created.id, item, value)
    assert snapshot(location) == before


def test_each_answer_is_saved_and_audited(ws: WorkspaceService, enterprise_id: int) -> None:
    a = ws.new_assessment(VALID_USCC).id
    ws.answer(a, "Q1", "B,C")
    ws.answer(a, "Q1", "B")
    ws.answer(a, "S06", "3")
    ws.answer(a, "Q2.equipment_total", "120")
    ws.answer(a, "notes.Q1", "工控网已建成")
    answers = ws.answers(a)
    assert answers.answers == {"Q1": ("B",)}
    assert answers.scenes == {"S06": 3}
    assert str(answers.figure("Q2.equipment_total")) == "120"
    assert answers.notes == {"Q1": "工控网已建成"}
    history = [(h.action, h.key, h.old, h.new) for h in ws.history(a)]
    assert ("choice.set", "Q1", None, '["B", "C"]') in history
    assert ("choice.set", "Q1", '["B", "C"]', '["B"]') in history
    assert ws.assessment(a).last_item == "notes.Q1"
    ws.answer(a, "Q1", "-")
    assert "Q1" not in ws.answers(a).answers


def test_finalized_is_immutable_and_corrections_are_revisions(
    ws: WorkspaceService, enterprise_id: int, location: WorkspaceLocation, tmp_path: Path
) -> None:
    a = ws.new_assessment(VALID_USCC, answers_document=SAMPLE, assessor=Assessor("张工")).id
    evidence_file = tmp_path / "网络拓扑图.png"
    evidence_file.write_bytes(b"\x89PNG fake topology")
    ws.add_evidence(a, "Q1", evidence_file)
    done = ws.finalize(a)
    assert done.status is AssessmentStatus.FINALIZED and done.finalized_at is not None
    before = snapshot(location)
    with pytest.raises(FinalizedError):
        ws.answer(a, "Q5", "E")
    with pytest.raises(FinalizedError):
        ws.add_evidence(a, "Q2", evidence_file)
    with pytest.raises(FinalizedError):
        ws.finalize(a)
    assert snapshot(location) == before
    # The database itself refuses too (triggers), whatever writes to it.
    engine = create_engine(location.engine_url())
    with pytest.raises(IntegrityError, match="finalized"), engine.begin() as conn:
        conn.execute(text("UPDATE answer_items SET value='\"E\"' WHERE assessment_id=:a AND key='Q5'"), {"a": a})
    engine.dispose()
    with pytest.raises(ValidationError, match="reason"):
        ws.correct(a, "  ")
    fixed = ws.correct(a, "现场复核发现Q5填报有误")
    assert fixed.revision_of == a and fixed.status is AssessmentStatus.DRAFT
    assert ws.answers(fixed.id).answers == ws.answers(a).answers
    assert [e.sha256 for e in ws.evidence(fixed.id)] == [e.sha256 for e in ws.evidence(a)]
    ws.answer(fixed.id, "Q5", "E")
    assert ws.answers(a).answers["Q5"] == "C"


def test_finalize_requires_complete_answers_and_an_assessor(ws: WorkspaceService, enterprise_id: int) -> None:
    a = ws.new_assessment(VALID_USCC, answers_document={"form": "miit-2024", "answers": {"Q1": ["B"]}}).id
    with pytest.raises(ValidationError, match="Q2"):
        ws.finalize(a)
    b = ws.new_assessment(VALID_USCC, answers_document=SAMPLE).id
    with pytest.raises(ValidationError, match="assessor"):
        ws.finalize(b)


def test_evidence_is_stored_once_by_digest(ws: WorkspaceService, enterprise_id: int, tmp_path: Path) -> None:
    a = ws.new_assessment(VALID_USCC).id
    f = tmp_path / "制度.pdf"
    f.write_bytes(b"%PDF-1.4 policy" * 100)
    ev = ws.add_evidence(a, "Q6", f, "网络安全管理制度")
    again = ws.add_evidence(a, "Q6", f)
    assert again.id == ev.id
    ws.add_evidence(a, "Q7", f)
    stored = ws.evidence_path(ev)
    assert stored.read_bytes() == f.read_bytes()
    assert ev.sha256 == hashlib.sha256(f.read_bytes()).hexdigest() and stored.name == ev.sha256
    ws.remove_evidence(ev.id)
    assert stored.exists()  # still used by the Q7 link
    ws.remove_evidence(ws.evidence(a)[0].id)
    assert not stored.exists()
    with pytest.raises(ValidationError, match="item"):
        ws.add_evidence(a, "Q42", f)
    with pytest.raises(ValidationError, match="file"):
        ws.add_evidence(a, "Q1", tmp_path / "missing.pdf")


def test_compare_before_and_after(ws: WorkspaceService, enterprise_id: int) -> None:
    base = ws.new_assessment(VALID_USCC, answers_document=SAMPLE).id
    after = ws.start_after_from(base)
    assert after.kind is AssessmentKind.AFTER
    ws.answer(after.id, "Q5", "E")
    ws.answer(after.id, "S10", "2")
    c = ws.compare(base, after.id)
    assert [q.question_id for q in c.changed_questions] == ["Q5"]
    assert [(s.scene_id, s.before, s.after) for s in c.changed_scenes] == [("S10", 0, 2)]
    other = ws.add_enterprise(EnterpriseInput(name="另一家", uscc=with_check("91441900MA4UABCD1"))).id
    foreign = ws.new_assessment(str(other)).id
    with pytest.raises(ValidationError, match="different enterprises"):
        ws.compare(base, foreign)


def test_unknown_ids_are_named(ws: WorkspaceService) -> None:
    with pytest.raises(NotFoundError, match="999"):
        ws.assessment(999)
    with pytest.raises(NotFoundError):
        ws.enterprise(VALID_USCC)


def test_record_digest_changes_with_any_answer(ws: WorkspaceService, enterprise_id: int) -> None:
    a = ws.new_assessment(VALID_USCC, answers_document=SAMPLE).id
    first = ws.record(a).content_digest()
    assert first == ws.record(a).content_digest()
    ws.answer(a, "notes.Q2", "补充说明")
    assert ws.record(a).content_digest() != first
    assert json.dumps(ws.record(a).content(), ensure_ascii=False)


def test_times_read_back_in_utc_whatever_the_server_zone(ws: WorkspaceService, enterprise_id: int) -> None:
    # The test cluster runs with TimeZone=Asia/Shanghai (tests/pgserver.py), as a server in China would.
    a = ws.new_assessment(VALID_USCC).id
    ws.answer(a, "Q1", "B")
    stamps = [ws.assessment(a).created_at, *(h.at for h in ws.history(a))]
    assert stamps and all(t is not None and t.utcoffset() is not None for t in stamps)
    assert {t.isoformat()[-6:] for t in stamps if t is not None} == {"+00:00"}
