"""The test vectors of docs/test-vectors/: the program and the stand-alone verifier agree with the expectations."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import FORMS_DIR, ROOT

VECTORS = ROOT / "docs" / "test-vectors"
EXPECTED: list[dict[str, Any]] = json.loads((VECTORS / "manifest.json").read_text(encoding="utf-8"))["vectors"]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_sdap", ROOT / "tools" / "verify_sdap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["verify_sdap"] = module
    spec.loader.exec_module(module)
    return module


def _json_stream(text: str) -> list[dict[str, Any]]:
    decoder, out, at = json.JSONDecoder(), [], 0
    while at < len(text):
        if text[at].isspace():
            at += 1
            continue
        value, at = decoder.raw_decode(text, at)
        out.append(value)
    return out


def _args(vector: dict[str, Any]) -> list[str]:
    return [str(VECTORS / a) if a.endswith(".pem") else a for a in vector["args"]]


def test_at_least_ten_vectors_valid_and_invalid() -> None:
    assert len({v["file"] for v in EXPECTED}) >= 10
    assert any(v["ok"] for v in EXPECTED) and sum(not v["ok"] for v in EXPECTED) >= 10
    assert all((VECTORS / v["file"]).is_file() for v in EXPECTED)


@pytest.fixture(scope="module")
def program_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, tuple[str, ...]], dict[str, Any]]:
    """``sme-assess verify --json`` over every vector, one process per distinct argument list."""
    data_dir = tmp_path_factory.mktemp("receiver")
    groups: dict[tuple[str, ...], list[str]] = {}
    for v in EXPECTED:
        groups.setdefault(tuple(v["args"]), []).append(v["file"])
    out: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    for args, files in groups.items():
        cmd = [sys.executable, "-m", "app", "verify", *[str(VECTORS / f) for f in files], "--json"]
        cmd += [*_args({"args": list(args)}), "--data-dir", str(data_dir)]
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False, env=env)
        assert done.returncode in (0, 1), done.stderr
        reports = _json_stream(done.stdout)
        assert len(reports) == len(files), done.stdout
        for name, report in zip(files, reports, strict=True):
            out[(name, args)] = report
    return out


@pytest.mark.parametrize("vector", EXPECTED, ids=lambda v: f"{v['file']}{' '.join(v['args'])}")
def test_program_agrees_with_the_expectation(
    vector: dict[str, Any], program_reports: dict[tuple[str, tuple[str, ...]], dict[str, Any]]
) -> None:
    report = program_reports[(vector["file"], tuple(vector["args"]))]
    assert report["ok"] is vector["ok"]
    assert sorted(set(report["failures"])) == sorted(vector["failures"])
    details = {c.get("detail") for c in report["checks"] if c["status"] == "fail"} - {None}
    if "detail" in vector:
        assert details == {vector["detail"]}
    warnings = {c["code"] for c in report["checks"] if c["status"] == "warn"}
    assert set(vector.get("warnings", ())) <= warnings


@pytest.mark.parametrize("vector", EXPECTED, ids=lambda v: f"{v['file']}{' '.join(v['args'])}")
def test_stand_alone_verifier_agrees_with_the_program(
    vector: dict[str, Any], program_reports: dict[tuple[str, tuple[str, ...]], dict[str, Any]]
) -> None:
    tool = _tool()
    args = _args(vector)
    trusted = {tool.public_key_fingerprint(Path(a)) for a in args if a.endswith(".pem")}
    forms = {}
    for path in sorted(FORMS_DIR.glob("*.json")):
        digest, form = tool.load_form(path.read_bytes())
        forms[(form["form"], form["revision"])] = (digest, form)
    roles = ("enterprise", "assessor") if "--require-countersignature" in args else ("enterprise",)
    mine = tool.verify(VECTORS / vector["file"], trusted, forms, "--strict" in args, roles)
    program = program_reports[(vector["file"], tuple(vector["args"]))]
    assert mine["ok"] is program["ok"] is vector["ok"]
    assert sorted(set(mine["failures"])) == sorted(set(program["failures"])) == sorted(vector["failures"])
    assert mine["manifest_sha256"] == program["manifest_sha256"]


def test_stand_alone_verifier_command_line() -> None:
    cmd = [sys.executable, str(ROOT / "tools" / "verify_sdap.py"), "--json", "--forms", str(FORMS_DIR)]
    done = subprocess.run(
        [*cmd, str(VECTORS / "valid.sdap"), str(VECTORS / "swapped-report.sdap")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["ok"] is True and first["level"] == 2
    assert second["ok"] is False and second["failures"] == ["report-binding"]


def test_stand_alone_verifier_imports_nothing_from_the_program() -> None:
    source = (ROOT / "tools" / "verify_sdap.py").read_text(encoding="utf-8")
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert imports and not [line for line in imports if " app" in line or line.startswith("from app")]


def test_generator_rebuilds_the_vectors_byte_for_byte() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "build_scripts" / "make_test_vectors.py"), "--check"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
