"""The form registry: bundled plus installed forms, pinned and unpinned look-ups, refused conflicts, installation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from app.core.form import FormError
from app.services.forms import (
    FormConflictError,
    FormInstallError,
    FormRegistry,
    UnknownFormError,
    check_form_file,
    install_form,
)
from tests.conftest import FORM_ID, FORMS_DIR, NEWEST_REVISION, SAMPLE_REVISION


def bundled(revision: int = NEWEST_REVISION) -> dict[str, Any]:
    name = "miit-2024.json" if revision == 1 else f"miit-2024-r{revision}.json"
    data: dict[str, Any] = json.loads((FORMS_DIR / name).read_text(encoding="utf-8"))
    return data


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_bundled_forms_know_their_source_and_the_newest_is_the_default() -> None:
    registry = FormRegistry.load(FORMS_DIR, None)
    assert [(f.revision, f.source) for f in registry.forms] == [(1, "bundled"), (2, "bundled"), (3, "bundled")]
    assert registry.get(FORM_ID).revision == NEWEST_REVISION
    assert registry.get(FORM_ID, SAMPLE_REVISION).revision == SAMPLE_REVISION
    with pytest.raises(UnknownFormError, match=r"has no revision 9 \(installed: 1, 2, 3\)"):
        registry.get(FORM_ID, 9)
    with pytest.raises(UnknownFormError, match="unknown form 'other'"):
        registry.get("other")


def test_an_installed_newer_revision_becomes_the_default_and_keeps_the_old_ones(tmp_path: Path) -> None:
    r3 = bundled()
    r3["revision"] = 4
    write(tmp_path / "miit-2024-r4.json", r3)
    registry = FormRegistry.load(FORMS_DIR, tmp_path)
    newest = registry.get(FORM_ID)
    assert (newest.revision, newest.source) == (4, "installed")
    assert registry.get(FORM_ID, 1).source == "bundled"
    assert [f.revision for f in registry.newest()] == [4]


def test_the_same_revision_with_other_content_is_refused_not_chosen(tmp_path: Path) -> None:
    changed = bundled()
    changed["questions"][0]["options"][1]["text"] += "。"
    write(tmp_path / "copied-by-hand.json", changed)
    registry = FormRegistry.load(FORMS_DIR, tmp_path)
    with pytest.raises(
        FormConflictError, match=re.escape("exists twice with different content: bundled miit-2024-r3.json")
    ):
        registry.get(FORM_ID, 3)
    with pytest.raises(FormConflictError, match=re.escape("copied-by-hand.json")):
        registry.get(FORM_ID)  # the newest revision is the refused one: no silent fall-back to revision 1
    assert registry.get(FORM_ID, 1).revision == 1
    assert registry.newest() == ()


def test_the_same_revision_with_the_same_content_is_one_form(tmp_path: Path) -> None:
    (tmp_path / "again.json").write_bytes((FORMS_DIR / "miit-2024-r3.json").read_bytes())
    registry = FormRegistry.load(FORMS_DIR, tmp_path)
    assert [(f.revision, f.source) for f in registry.forms] == [(1, "bundled"), (2, "bundled"), (3, "bundled")]
    assert not registry.conflicts


def test_a_broken_installed_file_is_reported_and_skipped_a_broken_bundled_one_raises(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    registry = FormRegistry.load(FORMS_DIR, tmp_path)
    assert [p.file for p in registry.problems] == ["broken.json"]
    assert registry.get(FORM_ID).revision == NEWEST_REVISION
    with pytest.raises(FormError, match=re.escape("broken.json: not valid JSON")):
        FormRegistry.from_dir(tmp_path)


def test_install_copies_atomically_under_its_id_and_revision(tmp_path: Path) -> None:
    variant = bundled()
    variant["form"] = "city-2024"
    variant["revision"] = 4
    source = write(tmp_path / "download" / "whatever name.json", variant)
    target = tmp_path / "data" / "forms"
    registry = FormRegistry.load(FORMS_DIR, target)
    done = install_form(check_form_file(source, registry), target)
    assert done.path == target / "city-2024-r4.json" and not done.already_installed
    assert done.path.read_bytes() == source.read_bytes()
    assert [p.name for p in target.iterdir()] == ["city-2024-r4.json"]  # no temporary file left
    reloaded = FormRegistry.load(FORMS_DIR, target)
    assert reloaded.get("city-2024").source == "installed"
    again = install_form(check_form_file(source, reloaded), target)
    assert again.already_installed


def test_install_refuses_a_changed_form_under_an_existing_revision(tmp_path: Path) -> None:
    changed = bundled(1)
    changed["title"] = "改过的标题"
    source = write(tmp_path / "r1.json", changed)
    registry = FormRegistry.load(FORMS_DIR, None)
    with pytest.raises(FormInstallError, match=re.escape("r1.json: form miit-2024 revision 1 is already there")):
        check_form_file(source, registry)


def test_install_checks_a_batch_against_itself(tmp_path: Path) -> None:
    first, second = bundled(), bundled()
    first["revision"] = second["revision"] = 7
    second["title"] = "另一个"
    a, b = write(tmp_path / "a.json", first), write(tmp_path / "b.json", second)
    registry = FormRegistry.load(FORMS_DIR, None)
    checked = check_form_file(a, registry)
    with pytest.raises(FormInstallError, match=re.escape("b.json: form miit-2024 revision 7 is already there (a.json")):
        check_form_file(b, registry, (checked,))


def test_install_names_the_field_of_a_bad_file(tmp_path: Path) -> None:
    bad = bundled()
    bad["questions"][3]["options"][1]["points"] = 20
    source = write(tmp_path / "city.json", bad)
    with pytest.raises(FormInstallError) as err:
        check_form_file(source, FormRegistry.load(FORMS_DIR, None))
    assert str(err.value) == "city.json: questions[3].options[1].points: 20 is more than the question's max_points 10"
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * (4 * 1024 * 1024 + 1))
    with pytest.raises(FormInstallError, match=re.escape("huge.json: the file is 4,194,305 bytes")):
        check_form_file(huge, FormRegistry.load(FORMS_DIR, None))


def test_a_bundled_revision_is_checked_when_first_used_and_named_with_its_file(tmp_path: Path) -> None:
    (tmp_path / "miit-2024.json").write_bytes((FORMS_DIR / "miit-2024.json").read_bytes())
    broken = bundled()
    broken["dimensions"] = []
    write(tmp_path / "miit-2024-r3.json", broken)
    registry = FormRegistry.from_dir(tmp_path)  # lists both revisions: the broken one is not parsed yet
    assert registry.form_ids() == (FORM_ID,)
    assert registry.get(FORM_ID, 1).revision == 1
    with pytest.raises(FormError, match=re.escape("miit-2024-r3.json: dimensions: at least one dimension")):
        registry.get(FORM_ID)  # the newest revision, refused as a whole registry refused it before
    with pytest.raises(FormError, match=re.escape("miit-2024-r3.json")):
        _ = registry.forms


def test_a_revision_is_parsed_once_and_the_same_form_is_returned() -> None:
    registry = FormRegistry.load(FORMS_DIR, None)
    first = registry.get(FORM_ID)
    assert registry.get(FORM_ID, NEWEST_REVISION) is first
    assert registry.by_hash(first.content_hash) is first
    assert registry.forms[-1] is first
    assert first.definition == (FORMS_DIR / "miit-2024-r3.json").read_bytes().decode("utf-8").encode("utf-8")
