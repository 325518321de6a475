"""Clean refusals at the command line: hostile text, unknown and out-of-range ids, read-only and full disks.

Every case runs the real program (``app.main.main`` in this process, or ``python -m app`` in a child) on a real
data directory. The disk cases mount a real tmpfs (the tests run as root, where a chmod does not stop writes):
a read-only bind mount of a workspace, and a tiny tmpfs filled to the last block.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.main import main
from tests.conftest import ROOT, SAMPLES_DIR

USCC = "91350100M000100Y43"
OTHER_USCC = "91440300MA5DC1XX0Q"
SAMPLE = str(SAMPLES_DIR / "sample-complete.json")
HUGE = "99999999999999999999999"


def call(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run main(argv) in this process; return (exit status, stdout, stderr)."""
    try:
        status = main(list(argv))
    except SystemExit as exc:  # argparse
        status = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def child(
    data_dir: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", errors="backslashreplace", check=False,
        timeout=timeout, env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.fixture
def workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data directory with enterprise 1 and its complete draft assessment 1 (assessor named)."""
    d = tmp_path / "ws"
    assert call(capsys, "enterprises", "add", "--name", "甲", "--uscc", USCC, "--data-dir", str(d))[0] == 0
    new = ("assessments", "new", "--enterprise", "1", "--answers", SAMPLE, "--assessor", "张工", "--data-dir", str(d))
    status, out, err = call(capsys, *new)
    assert (status, out.strip()) == (0, "1"), err
    return d


def counts(data_dir: Path) -> tuple[int, int, int]:
    with contextlib.closing(sqlite3.connect(data_dir / "workspace.sqlite3")) as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("enterprises", "assessments", "audit_log")
        )


# Hostile text


@pytest.mark.parametrize("text", ["\udc80", "\ud800", "甲\udced\udcb2\udc80乙"])
def test_a_lone_surrogate_in_an_enterprise_name_is_refused_naming_the_field(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = call(capsys, "enterprises", "add", "--name", text, "--uscc", USCC, "--data-dir", str(tmp_path))
    assert (status, out) == (2, ""), err
    assert err.startswith("error: name:") and "surrogate" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_lone_surrogate_from_the_shell_is_refused_by_the_real_program(tmp_path: Path) -> None:
    # bash's $'\udc80' reaches Python as undecodable bytes, i.e. lone surrogates (surrogateescape).
    done = subprocess.run(
        [sys.executable, "-m", "app", "enterprises", "add", "--uscc", USCC, "--data-dir", os.fsencode(tmp_path),
         "--name", b"\xed\xb2\x80"],
        cwd=ROOT, capture_output=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2 and done.stdout == b"" and b"Traceback" not in done.stderr
    assert done.stderr.startswith(b"error: name:")


@pytest.mark.parametrize("text", ["\udc80", "备注\x1b[31m", "a\x00b"])
def test_a_hostile_note_is_refused_and_nothing_is_saved(
    text: str, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(workspace)
    status, out, err = call(capsys, "assessments", "answer", "1", "notes.Q1", text, "--data-dir", str(workspace))
    assert (status, out) == (2, "") and err.startswith("error: notes.Q1:"), err
    assert counts(workspace) == before


def test_a_lone_surrogate_in_an_answer_document_note_is_refused(
    tmp_path: Path, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(Path(SAMPLE).read_text("utf-8"))
    doc["notes"] = {"Q1": "现场"}
    text = json.dumps(doc, ensure_ascii=True).replace("\\u73b0", "\\ud800")  # "\ud800" in the JSON itself
    assert '"\\ud800' in text
    bad = tmp_path / "bad.json"
    bad.write_text(text, "utf-8")
    before = counts(workspace)
    status, out, err = call(
        capsys, "assessments", "new", "--enterprise", "1", "--answers", str(bad), "--data-dir", str(workspace)
    )
    assert (status, out) == (2, "") and "notes.Q1" in err and "surrogate" in err, err
    assert counts(workspace) == before
    status, out, err = call(capsys, "score", str(bad), "--data-dir", str(workspace))
    assert (status, out) == (2, "") and "notes.Q1" in err


# JSON that json.loads itself cannot take: a decimal exponent out of range, more digits than Python converts to an
# int, nesting deeper than the interpreter's recursion limit. Each must be a refusal naming the file, not a crash.
HOSTILE_JSON = {
    "exponent": '{"form": "miit-2024", "answers": {"Q1": 1e9999999999999999999}}',
    "digits": '{"form": "miit-2024", "answers": {"Q1": ' + "1" * 5000 + "}}",
    "nesting": "[" * 100_000 + "]" * 100_000,
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_JSON))
@pytest.mark.parametrize(
    "command",
    [("score", "{file}"), ("assessments", "new", "--enterprise", "1", "--answers", "{file}"),
     ("findings", "set", "1", "--file", "{file}"), ("policies", "install", "{file}"), ("forms", "install", "{file}")],
    ids=["score", "assessments-new", "findings-set", "policies-install", "forms-install"],
)  # fmt: skip
def test_json_the_parser_cannot_take_is_refused_naming_the_file(
    kind: str, command: tuple[str, ...], tmp_path: Path, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / f"hostile-{kind}.json"
    bad.write_text(HOSTILE_JSON[kind], "utf-8")
    before = counts(workspace)
    status, out, err = call(capsys, *(a.format(file=bad) for a in command), "--data-dir", str(workspace))
    assert status == 2 and out == "", err
    assert "内部错误" not in err and "unexpected" not in err and "Traceback" not in err, err
    assert bad.name in err and len(err.strip().splitlines()) == 1, err
    assert "set_int_max_str_digits" not in err  # Python's own hint is no advice for a user
    assert counts(workspace) == before


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("enterprises", "add", "--name", "甲\x07", "--uscc", OTHER_USCC), "name"),
        (("enterprises", "add", "--name", "乙", "--uscc", OTHER_USCC, "--region", "福州\u202e"), "region"),
        (("enterprises", "add", "--name", "乙", "--uscc", OTHER_USCC, "--products", "x" * 501), "main_products"),
        (("enterprises", "add", "--name", "乙", "--uscc", OTHER_USCC, "--traction-unit", "\udc80"), "traction_unit"),
        (("assessments", "new", "--enterprise", "1", "--assessor", "张" * 100_000), "assessor.name"),
        (("assessments", "new", "--enterprise", "1", "--organisation", "单位\n换行"), "assessor.organisation"),
        (("assessments", "answer", "1", "notes.Q1", "长" * 10_001), "notes.Q1"),
        (("assessments", "evidence", "1", "--add", "Q1", SAMPLE, "--description", "\udc80"), "evidence.description"),
        (("enterprises", "list", "--search", "\udc80"), "search"),
    ],
)
def test_text_limits_and_characters_are_enforced_naming_the_field(
    args: tuple[str, ...], field: str, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(workspace)
    status, out, err = call(capsys, *args, "--data-dir", str(workspace))
    assert (status, out) == (2, ""), err
    assert err.startswith(f"error: {field}:") and len(err.strip().splitlines()) == 1, err
    assert counts(workspace) == before


def test_a_100000_character_assessor_name_never_reaches_the_report(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = call(
        capsys, "assessments", "new", "--enterprise", "1", "--assessor", "张" * 100_000, "--data-dir", str(workspace)
    )
    assert status == 2 and "assessor.name" in err
    # The longest name allowed prints.
    status, out, err = call(
        capsys, "assessments", "new", "--enterprise", "1", "--answers", SAMPLE, "--assessor", "张" * 100,
        "--organisation", "福" * 100, "--role", "顾" * 100, "--data-dir", str(workspace),
    )  # fmt: skip
    assert status == 0, err
    pdf = tmp_path / "long.pdf"
    status, _, err = call(capsys, "report", out.strip(), "--out", str(pdf), "--data-dir", str(workspace))
    assert status == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")


def test_typed_text_is_nfc_normalised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(tmp_path)
    assert call(capsys, "enterprises", "add", "--name", "Cafe\u0301 甲", "--uscc", USCC, "--data-dir", d)[0] == 0
    _, out, _ = call(capsys, "enterprises", "list", "--json", "--data-dir", d)
    assert json.loads(out)["name"] == "Caf\u00e9 甲"


# Ids


ID_COMMANDS = [
    ("assessments", "show", "{id}"),
    ("assessments", "answer", "{id}", "Q1", "B"),
    ("assessments", "finalize", "{id}"),
    ("assessments", "correct", "{id}", "--reason", "r"),
    ("assessments", "compare", "1", "{id}"),
    ("assessments", "compare", "{id}", "1"),
    ("assessments", "history", "{id}"),
    ("assessments", "evidence", "{id}"),
    ("assessments", "evidence", "{id}", "--add", "Q1", SAMPLE),
    ("report", "{id}", "--out", "{tmp}/r.pdf"),
    ("report", "--compare", "1", "{id}", "--out", "{tmp}/c.pdf"),
    ("export", "{id}", "--out", "{tmp}/p.sdap"),
]


@pytest.mark.parametrize("command", ID_COMMANDS, ids=lambda c: "-".join(c[:2]))
@pytest.mark.parametrize("bad_id", ["999", HUGE, "-1", "0"])
def test_unknown_and_out_of_range_assessment_ids_exit_2(
    command: tuple[str, ...], bad_id: str, workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.format(id=bad_id, tmp=tmp_path) for a in command]
    status, out, err = call(capsys, *argv, "--data-dir", str(workspace))
    assert (status, out) == (2, ""), err
    assert f"no such assessment {bad_id}" in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.sdap"))


@pytest.mark.parametrize("bad_id", ["999", HUGE])
def test_unknown_enterprise_and_evidence_ids_exit_2(
    bad_id: str, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = call(capsys, "assessments", "list", "--enterprise", bad_id, "--data-dir", str(workspace))
    assert (status, out) == (2, "") and "Traceback" not in err, err
    status, out, err = call(capsys, "assessments", "evidence", "1", "--remove", bad_id, "--data-dir", str(workspace))
    assert (status, out) == (2, "") and f"no such evidence {bad_id}" in err, err


# The disk: read-only and full


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def mounted(target: Path, *args: str) -> Iterator[Path]:
    """Mount at ``target`` (skipped where mounting is impossible, except on CI where it must work)."""
    target.mkdir(parents=True, exist_ok=True)
    if not _mount(*args, str(target)):
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot mount {args} at {target} on CI")
        pytest.skip("mounting needs root and a kernel that allows it")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def one_error_line(done: subprocess.CompletedProcess[str], path: Path, cause: str) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr and "Logging error" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert str(path) in lines[0] and cause in lines[0], lines[0]


def test_a_read_only_data_directory_gets_one_line_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "ws"
    assert call(capsys, "enterprises", "add", "--name", "甲", "--uscc", USCC, "--data-dir", str(source))[0] == 0
    before = counts(source)
    with mounted(tmp_path / "ro", "--bind", str(source)) as ro:
        assert _mount("-o", "remount,bind,ro", str(ro))
        for args in (("enterprises", "add", "--name", "乙", "--uscc", OTHER_USCC), ("enterprises", "list"),
                     ("db", "backup")):  # fmt: skip
            one_error_line(child(ro, *args), ro, "read-only")
    assert counts(source) == before
    assert not (source / "backups").exists()
    with mounted(tmp_path / "empty", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs") as empty:
        one_error_line(child(empty, "enterprises", "list"), empty, "read-only")
        one_error_line(child(empty / "sub", "enterprises", "list"), empty / "sub", "read-only")
    (tmp_path / "file").write_text("not a folder")
    one_error_line(child(tmp_path / "file", "enterprises", "list"), tmp_path / "file", "not a folder")


def fill(folder: Path) -> None:
    """Write until the file system has no block left (unbuffered, so nothing waits in a buffer)."""
    for name, chunk in (("filler", 65536), ("filler-2", 512), ("filler-3", 1)):
        with contextlib.suppress(OSError), open(folder / name, "wb", buffering=0) as fh:
            while fh.write(b"\0" * chunk):
                pass


def test_a_full_disk_gets_one_line_and_leaves_nothing_half_written(tmp_path: Path) -> None:
    with mounted(tmp_path / "small", "-t", "tmpfs", "-o", "size=1m", "tmpfs") as small:
        d = small / "ws"
        assert child(d, "enterprises", "add", "--name", "甲", "--uscc", USCC).returncode == 0
        assert child(d, "assessments", "new", "--enterprise", "1", "--answers", SAMPLE).returncode == 0
        before = counts(d)
        # Another window keeps the workspace open while the disk fills up (its -wal and -shm files stay).
        holder = subprocess.Popen(
            [sys.executable, "-c", "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); "
             "c.execute('SELECT count(*) FROM enterprises').fetchall(); print('open', flush=True); time.sleep(120)",
             str(d / "workspace.sqlite3")],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
            fill(small)
            one_error_line(child(d, "enterprises", "add", "--name", "乙", "--uscc", OTHER_USCC), d, "disk is full")
            one_error_line(child(d, "assessments", "answer", "1", "Q1", "C"), d, "disk is full")
            one_error_line(child(d, "db", "backup"), d / "backups", "disk is full")
            assert not [p.name for p in (d / "backups").glob("*.part")]
            assert not list((d / "backups").glob("workspace-*-manual.sqlite3"))
            listed = child(d, "enterprises", "list")  # reading still works on a full disk
            assert listed.returncode == 0 and "甲" in listed.stdout, listed.stderr
        finally:
            holder.kill()
            holder.wait()
            if holder.stdout is not None:
                holder.stdout.close()
        for filler in small.glob("filler*"):
            filler.unlink()
        assert counts(d) == before
        assert child(d, "db", "check").stdout.splitlines()[0] == "integrity: ok"
        shown = json.loads(child(d, "assessments", "show", "1", "--json").stdout)
        assert shown["answers"]["answers"]["Q1"] != "C"


# No traceback, ever


def test_an_unexpected_failure_prints_one_line_and_logs_the_traceback(tmp_path: Path) -> None:
    done = child(tmp_path, "enterprises", "list", env={"SME_ASSESS_DATABASE_URL": "nosuchdialect://x"})
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    log = (tmp_path / "logs" / "app.log").read_text("utf-8")
    assert "Traceback" in log and "nosuchdialect" in log


def test_a_report_never_replaces_what_is_not_a_regular_file(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # like /dev/null, which root could otherwise replace with a PDF
    status, out, err = call(capsys, "report", "1", "--out", str(fifo), "--data-dir", str(workspace))
    assert (status, out) == (1, "") and str(fifo) in err and "not a regular file" in err, err
    assert fifo.is_fifo() and not list(tmp_path.glob(".pipe.*"))


# Files given by path that are not regular files: found in a hostile-input review. A pipe made the command wait for
# a writer for ever; /dev/zero was read until memory ran out. Each is now refused before anything is read.


def _special(tmp_path: Path, kind: str) -> Path:
    if kind == "pipe":
        os.mkfifo(tmp_path / "pipe.pem")
        return tmp_path / "pipe.pem"
    return Path("/dev/zero")


@pytest.mark.parametrize("kind", ["pipe", "device"])
@pytest.mark.parametrize(
    "args",
    [("keys", "trust", "add", "{file}", "--role", "enterprise"), ("verify", "{package}", "--trust", "{file}"),
     ("import", "{package}", "--trust", "{file}")],
    ids=["keys-trust-add", "verify-trust", "import-trust"],
)  # fmt: skip
def test_a_key_file_that_is_a_pipe_or_a_device_is_refused_at_once(
    tmp_path: Path, kind: str, args: tuple[str, ...]
) -> None:
    special = _special(tmp_path, kind)
    package = tmp_path / "any.sdap"
    package.write_bytes(b"PK\x03\x04 not really a package")
    try:  # before the fix: a hang (the pipe), or memory without end (the device)
        done = child(tmp_path / "ws", *(a.format(file=special, package=package) for a in args), timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args[0]} waited on {special}")
    assert done.returncode == 2, done.stderr
    assert str(special) in done.stderr and "not a regular file" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr


def test_a_public_key_file_too_large_is_refused_unread(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.pem"
    with big.open("wb") as f:
        f.truncate(1024**3)  # sparse: a gigabyte that costs no disk
    status, out, err = call(capsys, "keys", "trust", "add", str(big), "--role", "enterprise",
                            "--data-dir", str(tmp_path / "ws"))  # fmt: skip
    assert (status, out) == (2, "") and str(big) in err and "too large for a public key file" in err, err


@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_an_import_summary_never_replaces_what_is_not_a_regular_file(
    tmp_path: Path, workspace: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding: ``import --csv`` replaced a pipe by a regular file, and left ``NAME.part`` beside a folder."""
    target = tmp_path / "summary.csv"
    os.mkfifo(target) if kind == "pipe" else target.mkdir()
    package = tmp_path / "any.sdap"
    package.write_bytes(b"PK\x03\x04 not really a package")
    before = counts(workspace)
    status, out, err = call(capsys, "import", str(package), "--csv", str(target), "--data-dir", str(workspace))
    assert (status, out) == (2, "") and str(target) in err and "not a regular file" in err, err
    assert str(package) not in err  # refused before any package was read
    assert (target.is_fifo() if kind == "pipe" else target.is_dir()) and sorted(tmp_path.iterdir()) == sorted(
        [target, package, workspace]
    )
    assert counts(workspace) == before


@pytest.mark.parametrize(
    "command",
    [("score", "{file}"), ("assessments", "new", "--enterprise", "1", "--answers", "{file}"),
     ("report", "--answers", "{file}", "--out", "{out}")],
    ids=["score", "assessments-new", "report"],
)  # fmt: skip
def test_a_document_s_keys_reach_the_terminal_escaped(
    tmp_path: Path, workspace: Path, command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding: an answer document's unknown keys were printed raw: an ANSI escape cleared the screen, U+202E
    reordered the line. Values were already escaped; keys now are too."""
    doc = json.loads(Path(SAMPLE).read_text("utf-8"))
    doc["answers"]["Q1\x1b[2J\u202e"] = "A"
    doc["form\x1b[31m"] = 1
    bad = tmp_path / "keys.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    args = (a.format(file=bad, out=tmp_path / "r.pdf") for a in command)
    status, out, err = call(capsys, *args, "--data-dir", str(workspace))
    assert status == 2 and out == "", err
    assert "\x1b" not in err and "\u202e" not in err, err
    assert "\\x1b[2J" in err and "\\u202e" in err and "\\x1b[31m" in err, err
