"""The stand-alone verifier (tools/verify_sdap.py) and the program agree beyond the vectors: mutated packages."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.form import Form
from app.package import verify_package
from app.package.format import ANSWERS, FORM, NORMATIVE, RESULT, json_bytes
from app.services.forms import FormRegistry
from tests.conftest import FORMS_DIR
from tests.package import make_signer, package_bytes, repack
from tests.package.test_vectors import _tool


def _answers(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, bytes]], None]:
    def apply(files: dict[str, bytes]) -> None:
        doc = json.loads(files[ANSWERS])
        change(doc)
        files[ANSWERS] = json_bytes(doc)

    return apply


def _member(name: str, change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, bytes]], None]:
    def apply(files: dict[str, bytes]) -> None:
        doc = json.loads(files[name])
        change(doc)
        files[name] = json_bytes(doc)

    return apply


def _key_twice(name: str, key: bytes, value: bytes) -> Callable[[dict[str, bytes]], None]:
    """Give ``key`` twice in a member: ``value`` first, then the member's own value (which most parsers keep)."""

    def apply(files: dict[str, bytes]) -> None:
        raw = files[name]
        at = raw.index(b'"' + key + b'": ')
        files[name] = raw[:at] + b'"' + key + b'": ' + value + b", " + raw[at:]

    return apply


MUTATIONS: dict[str, Callable[[dict[str, bytes]], None]] = {
    "unknown-option": _answers(lambda d: d["answers"].update(Q1=["Z"])),
    "reversed-options": _answers(lambda d: d["answers"].update(Q1=list(reversed(d["answers"]["Q1"])))),
    "single-as-list": _answers(lambda d: d["answers"].update(Q2=[d["answers"]["Q2"]])),
    "empty-list": _answers(lambda d: d["answers"].update(Q1=[])),
    "scene-level-5": _answers(lambda d: d["scenes"].update(S01=5)),
    "unknown-scene": _answers(lambda d: d["scenes"].update(S99=1)),
    "unknown-key": _answers(lambda d: d.update(extra=1)),
    "other-revision": _answers(lambda d: d.update(form_revision=2)),
    "dropped-answer": _answers(lambda d: d["answers"].pop("Q3")),
    "figure-over-maximum": _answers(lambda d: d["figures"]["Q2"].update(rate=101)),
    "figure-unknown": _answers(lambda d: d["figures"]["Q2"].update(nothing=1)),
    "figure-as-text": _answers(lambda d: d["figures"]["Q2"].update(rate="35")),
    "figure-null": _answers(lambda d: d["figures"]["Q2"].update(rate=None)),
    "figures-empty": _answers(lambda d: d["figures"].update(Q2={})),
    "note-unknown-item": _answers(lambda d: d.setdefault("notes", {}).update(Q99="x")),
    "result-total-as-text": _member(RESULT, lambda d: d.update(total_score="45.7")),
    "result-no-level": _member(RESULT, lambda d: d.pop("level")),
    "result-plan-changed": _member(RESULT, lambda d: d.update(warnings=[])),
    "normative-extra-key": _member(NORMATIVE, lambda d: d.update(extra=1)),
    "normative-number": _member(NORMATIVE, lambda d: d.update(total_score=45.7)),
    "normative-trailing-zero": _member(NORMATIVE, lambda d: d.update(total_score="45.70")),
    "form-key-twice": _key_twice(FORM, b"points", b"99"),
    "answers-key-twice": _key_twice(ANSWERS, b"form", b'"miit-2024-r9"'),
}


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory, form: Form) -> bytes:
    return package_bytes(form, tmp_path_factory.mktemp("valid"))


def _both(data: bytes, registry: FormRegistry, tmp_path: Path) -> tuple[tuple[bool, list[str]], tuple[bool, list[str]]]:
    tool = _tool()
    forms = {}
    for path in sorted(FORMS_DIR.glob("*.json")):
        digest, parsed = tool.load_form(path.read_bytes())
        forms[(parsed["form"], parsed["revision"])] = (digest, parsed)
    target = tmp_path / "p.sdap"
    target.write_bytes(data)
    mine = tool.verify(target, set(), forms, False, ("enterprise",))
    program = verify_package(data, registry)
    return (program.ok, sorted(program.codes())), (mine["ok"], sorted(set(mine["failures"])))


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_resigned_content_mutation(name: str, valid: bytes, registry: FormRegistry, tmp_path: Path) -> None:
    data = repack(valid, change_files=MUTATIONS[name], resign=[make_signer(seed=1)])
    program, mine = _both(data, registry, tmp_path)
    assert program == mine
    if name == "result-plan-changed":
        assert program == (True, [])  # advisory only
    else:
        assert program[0] is False


def test_random_byte_flips_and_truncations(valid: bytes, registry: FormRegistry, tmp_path: Path) -> None:
    rng = random.Random(12)
    for _ in range(40):
        data = bytearray(valid)
        if rng.random() < 0.2:
            data = data[: rng.randrange(len(data))]
        else:
            for _ in range(rng.randint(1, 3)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        program, mine = _both(bytes(data), registry, tmp_path)
        assert program == mine
        assert program[0] is False


def test_the_stand_alone_verifier_names_the_form_file_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding (review): a form file with a key given twice was refused as "error: duplicate key 'points'", without
    the file, among the files of --forms."""
    text = (FORMS_DIR / "miit-2024.json").read_text(encoding="utf-8")
    at = text.index('"points": ')
    (tmp_path / "city.json").write_text(text[:at] + '"points": 99, ' + text[at:], encoding="utf-8")
    assert _tool().main(["--forms", str(tmp_path), str(tmp_path / "missing.sdap")]) == 2
    assert capsys.readouterr().err.strip() == f"error: {tmp_path / 'city.json'}: duplicate key 'points'"
