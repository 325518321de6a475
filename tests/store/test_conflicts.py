"""Optimistic versioning: two users (two services, two engines) editing one assessment in one workspace file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.cli import Context, run
from app.core.records import Assessor
from app.main import build_workspace
from app.services.forms import FormRegistry
from app.services.ports import ConflictError
from app.services.workspace import EnterpriseInput, WorkspaceService
from app.store.database import WorkspaceLocation

USCC = "91350100M000100Y43"


@pytest.fixture
def two_users(location: WorkspaceLocation, registry: FormRegistry) -> tuple[WorkspaceService, WorkspaceService, int]:
    alice = build_workspace(location, registry, "alice")
    alice.add_enterprise(EnterpriseInput(name="东莞市示例精密制造有限公司", uscc=USCC))
    aid = alice.new_assessment(USCC).id
    bob = build_workspace(location, registry, "bob")
    yield alice, bob, aid  # type: ignore[misc]
    alice.close()
    bob.close()


def test_the_later_save_gets_a_conflict_naming_who_changed_it_and_nothing_is_overwritten(
    two_users: tuple[WorkspaceService, WorkspaceService, int],
) -> None:
    alice, bob, aid = two_users
    alice.result(aid)  # both open the assessment
    bob.result(aid)
    alice.set_scene(aid, "S01", 2)
    alice.set_scene(aid, "S01", 3)  # her own saves never conflict with each other
    with pytest.raises(ConflictError) as caught:
        bob.set_scene(aid, "S01", 1)
    assert caught.value.actor == "alice" and caught.value.at is not None
    assert "alice" in str(caught.value) and f"assessment {aid}" in str(caught.value)
    assert alice.answers(aid).scenes == {"S01": 3}  # bob's save wrote nothing
    assert [e.actor for e in alice.history(aid) if e.key == "S01"] == ["alice", "alice"]
    with pytest.raises(ConflictError):
        bob.update_info(aid, Assessor("鲍工"), False, None)
    bob.result(aid)  # bob reloads, sees her change, saves on top of it
    bob.set_scene(aid, "S01", 1)
    with pytest.raises(ConflictError, match="bob"):
        alice.update_info(aid, Assessor("艾工"), True, None)
    entries = [e for e in alice.history(aid) if e.key == "S01"]
    assert [(e.actor, e.old, e.new) for e in entries] == [("alice", None, "2"), ("alice", "2", "3"), ("bob", "3", "1")]


def test_one_users_saves_in_order_never_conflict_with_themselves(
    two_users: tuple[WorkspaceService, WorkspaceService, int], registry: FormRegistry
) -> None:
    alice, _, aid = two_users
    alice.result(aid)
    before = alice.assessment(aid).version
    form = registry.get("miit-2024")
    for n in range(60):
        scene = form.scenes[n % len(form.scenes)]
        alice.set_scene(aid, scene.id, n % 5)
        if n % 10 == 0:
            alice.update_info(aid, Assessor(f"艾工{n}"), n % 20 == 0, None)
        alice.set_note(aid, "Q1", f"note {n}")
    assert alice.assessment(aid).version == before + 60 * 2 + 6


def test_the_cli_prints_the_conflict_and_exits_1(
    two_users: tuple[WorkspaceService, WorkspaceService, int], location: WorkspaceLocation, registry: FormRegistry
) -> None:
    alice, bob, aid = two_users
    bob.result(aid)
    alice.set_scene(aid, "S02", 2)
    out, err = io.StringIO(), io.StringIO()
    ctx = Context(data_dir=location.data_dir, registry_factory=lambda: registry, stdout=out, stderr=err,
                  workspace_factory=lambda: bob)  # fmt: skip
    assert run(["assessments", "answer", str(aid), "S02", "1"], ctx) == 1
    assert "alice" in err.getvalue() and out.getvalue() == ""
    assert alice.answers(aid).scenes == {"S02": 2}


def test_a_fresh_process_without_a_view_is_not_refused(tmp_path: Path, registry: FormRegistry) -> None:
    """A one-shot save (the command line's `answer`) carries no earlier view: it applies on the stored answers."""
    location = WorkspaceLocation(tmp_path / "d")
    alice = build_workspace(location, registry, "alice")
    alice.add_enterprise(EnterpriseInput(name="甲企业", uscc=USCC))
    aid = alice.new_assessment(USCC).id
    alice.set_scene(aid, "S01", 2)
    script = build_workspace(location, registry, "script")
    script.answer(aid, "S02", "3")
    script.close()
    assert alice.answers(aid).scenes == {"S01": 2, "S02": 3}
    alice.close()
