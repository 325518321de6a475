"""The autosave path (app.store.autosave): what it stores, what it keeps between saves, how it fails.

On SQLite the saves run on the driver itself, elsewhere as SQLAlchemy Core; both must store the same values, and
the answer items a repository keeps from its own last save must never hide another writer's change.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from app.core.scoring import score
from app.main import build_workspace
from app.services.forms import FormRegistry
from app.services.ports import DamagedRecordError, ItemChange, ScoreSummary, StorageError
from app.services.workspace import EnterpriseInput, WorkspaceService
from app.store.admin import DatabaseAdmin
from app.store.database import WorkspaceLocation, driver_error
from app.store.repository import SqlWorkspaceRepository
from tests.store.conftest import VALID_USCC

STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")  # as SQLAlchemy stores a DateTime on SQLite


def _edits(ws: WorkspaceService, aid: int) -> None:
    """Every kind of change: a new item, a changed one, a cleared one, a no-op, a scene, a figure and a note."""
    ws.set_choice(aid, "Q2", "B")
    ws.set_choice(aid, "Q2", "C")
    ws.set_choice(aid, "Q2", "C")
    ws.set_choice(aid, "Q1", ("B", "C"))
    ws.set_choice(aid, "Q1", None)
    ws.set_scene(aid, "S01", 2)
    ws.set_figure(aid, "Q2", "equipment_total", "120")
    ws.set_note(aid, "Q1", "现场核实 checked")


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """The rows the autosave writes, each value with SQLite's type of it; times and digests as their shape."""
    conn = sqlite3.connect(path)
    try:

        def shaped(value: object) -> object:
            if isinstance(value, str) and STAMP.fullmatch(value):
                return "<time>"
            if isinstance(value, str) and value.startswith("sha256:"):
                return "<digest>"
            return value

        def table(sql: str) -> list[tuple[object, ...]]:
            cursor = conn.execute(sql)
            return [tuple((shaped(v), type(v).__name__) for v in row) for row in cursor]

        return {
            "items": table("SELECT * FROM answer_items ORDER BY kind, key"),
            "audit": table("SELECT * FROM audit_log WHERE action NOT LIKE 'enterprise.%' ORDER BY id"),
            "assessment": table("SELECT * FROM assessments"),
        }
    finally:
        conn.close()


def _workspace(tmp_path: Path, registry: FormRegistry, name: str) -> tuple[WorkspaceService, int]:
    ws = build_workspace(WorkspaceLocation(tmp_path / name), registry, "tester")
    ws.add_enterprise(EnterpriseInput(name="东莞市示例精密制造有限公司", uscc=VALID_USCC))
    return ws, ws.new_assessment(VALID_USCC).id


def test_the_sqlite_driver_stores_what_sqlalchemy_stores(tmp_path: Path, registry: FormRegistry) -> None:
    driver, aid = _workspace(tmp_path, registry, "driver")
    core, core_aid = _workspace(tmp_path, registry, "core")
    assert isinstance(core.repo, SqlWorkspaceRepository)
    core.repo._file = None  # the Core statements, as on PostgreSQL, on a SQLite file of the same schema
    _edits(driver, aid)
    _edits(core, core_aid)
    assert driver.result(aid)[2] == core.result(core_aid)[2]
    driver.close()
    core.close()
    written = _rows(tmp_path / "driver" / "workspace.sqlite3")
    assert written == _rows(tmp_path / "core" / "workspace.sqlite3")
    assert len(written["audit"]) == 8  # assessment.new, then one row per change (the repeated C is none)
    assert ("<time>", "str") in written["items"][0] and ("<digest>", "str") in written["audit"][-1]
    for name in ("driver", "core"):
        assert DatabaseAdmin(WorkspaceLocation(tmp_path / name)).verify().ok


def test_a_save_after_another_writers_change_starts_from_it(
    location: WorkspaceLocation, registry: FormRegistry
) -> None:
    first = build_workspace(location, registry, "first")
    second = build_workspace(location, registry, "second")
    try:
        first.add_enterprise(EnterpriseInput(name="东莞市示例精密制造有限公司", uscc=VALID_USCC))
        aid = first.new_assessment(VALID_USCC).id
        first.set_choice(aid, "Q2", "B")
        second.set_choice(aid, "Q3", "C")  # between two saves of the first
        second.set_note(aid, "Q1", "另一位评测人的说明")
        after = first.set_choice(aid, "Q1", ("A",))
        reader = build_workspace(location, registry, "reader")
        form, answers, result = reader.result(aid)
        reader.close()
        assert answers.answers == {"Q1": ("A",), "Q2": "B", "Q3": "C"} and answers.notes == {"Q1": "另一位评测人的说明"}
        assert after == result == score(form, answers)
        cached = first.list_assessments(VALID_USCC)[0].summary
        assert cached is not None and cached.total == result.total_score
    finally:
        first.close()
        second.close()


def test_saves_in_a_row_score_what_is_stored(ws: WorkspaceService, registry: FormRegistry) -> None:
    ws.add_enterprise(EnterpriseInput(name="东莞市示例精密制造有限公司", uscc=VALID_USCC))
    aid = ws.new_assessment(VALID_USCC).id
    form = registry.get("miit-2024")
    for question in form.questions:  # each save starts from the items the save before wrote
        option = question.options[-1].id
        returned = ws.set_choice(aid, question.id, option if question.type == "single" else (option,))
        fresh_form, answers, stored = ws.result(aid)
        assert returned == stored == score(fresh_form, answers)
        assert answers.selected(question.id) == (option,)


def test_a_refused_edit_leaves_the_next_save_on_the_stored_items(
    location: WorkspaceLocation, registry: FormRegistry
) -> None:
    ws = build_workspace(location, registry, "tester")
    try:
        ws.add_enterprise(EnterpriseInput(name="东莞市示例精密制造有限公司", uscc=VALID_USCC))
        aid = ws.new_assessment(VALID_USCC).id
        ws.set_choice(aid, "Q2", "B")

        def refuse(_assessment: object, _answers: object) -> tuple[list[ItemChange], ScoreSummary]:
            raise ValueError("refused")

        with pytest.raises(ValueError, match="refused"):
            ws.repo.edit_answers(aid, refuse, "tester")
        ws.set_choice(aid, "Q3", "C")
        assert ws.answers(aid).answers == {"Q2": "B", "Q3": "C"}
    finally:
        ws.close()


def test_a_value_stored_unreadable_is_refused_at_the_next_save(tmp_path: Path, registry: FormRegistry) -> None:
    ws, aid = _workspace(tmp_path, registry, "ws")
    try:
        summary = ScoreSummary(Decimal(0), 0, False)
        ws.repo.save_items(aid, [ItemChange("scene", "S01", '"two"')], summary, "import")  # stored as given
        with pytest.raises(DamagedRecordError, match="S01"):
            ws.set_choice(aid, "Q2", "B")
    finally:
        ws.close()


def test_driver_errors_become_what_the_engine_raises(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
    conn.execute("INSERT INTO t VALUES ('a')")
    conn.commit()
    try:
        conn.execute("INSERT INTO t VALUES ('a')")
    except sqlite3.Error as exc:
        duplicate = driver_error(path, exc, "INSERT INTO t VALUES (?)", ("a",))
    conn.close()
    assert isinstance(duplicate, IntegrityError) and "UNIQUE" in str(duplicate)
    readonly = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        readonly.execute("INSERT INTO t VALUES ('b')")
    except sqlite3.Error as exc:
        refused = driver_error(path, exc, "INSERT INTO t VALUES (?)", ("b",))
    readonly.close()
    assert isinstance(refused, StorageError) and refused.path == str(path) and "read-only" in refused.cause


def test_an_item_the_form_does_not_know_is_refused_at_the_next_save(tmp_path: Path, registry: FormRegistry) -> None:
    ws, aid = _workspace(tmp_path, registry, "ws")
    try:
        ws.set_choice(aid, "Q2", "B")  # the answers known to pass the check from here on
        ws.set_scene(aid, "S99", 2)  # no such scene: saved, as a level alone is checked
        with pytest.raises(DamagedRecordError, match="S99"):
            ws.set_choice(aid, "Q3", "C")
        assert ws.answers(aid).answers == {"Q2": "B"}
    finally:
        ws.close()


def test_a_driver_statement_takes_exactly_its_core_statement_s_parameters() -> None:
    """The SQLite text is compiled from the Core statement; its parameters are the Core ones, none more or less."""
    from app.store import autosave

    update = autosave.DriverStatement(autosave._ITEM_UPDATE)
    assert update.sql.startswith("UPDATE answer_items SET value=?, updated_at=?")
    when = datetime(2026, 12, 3, 8, 0, 0, 123456, tzinfo=UTC)
    given = {"aid": 7, "k": "answer", "ky": "Q1", "v": '"B"', "at": when}
    assert update.params(given) == ('"B"', "2026-12-03 08:00:00.123456", 7, "answer", "Q1")
    with pytest.raises(ValueError, match="are not the parameters of: UPDATE answer_items"):
        update.params({**given, "extra": 1})
    with pytest.raises(KeyError, match="'ky'"):
        update.params({"aid": 7, "k": "answer", "key": "Q1", "v": '"B"', "at": when})
    draft = autosave.DriverStatement(autosave._DRAFT_WITH_TIP)  # its LIMITs are the statement's own numbers
    assert draft.params({"aid": 3}) == (1, 0, 3)
