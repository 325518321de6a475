"""Issue 12's trust findings, reproduced through the command line with real keys and real packages.

A stranger's package under a known USCC, an own export coming back, a countersignature with the enterprise's
own key, key-file mistakes, hostile text and a hostile batch: every file gets a verdict, nothing half-written.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.core.records import Assessor
from app.package.format import SignerRole, json_bytes
from app.package.keys import Signer
from app.package.safezip import Member, build_archive
from app.services.forms import FormRegistry
from tests.conftest import FORMS_DIR, ROOT, SAMPLES_DIR
from tests.package import make_signer, members_of, package_bytes, repack
from tests.package.test_hostile import Entry, raw_zip

USCC = "91350100M000100Y43"
NAME = "东莞市示例精密制造有限公司"
PASSPHRASE = "correct horse battery staple"
ASSESSOR_PASSPHRASE = "assessor passphrase"


def run(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {
        **os.environ,
        "SME_ASSESS_KEY_PASSPHRASE": PASSPHRASE,
        "SME_ASSESS_ASSESSOR_KEY_PASSPHRASE": ASSESSOR_PASSPHRASE,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", errors="backslashreplace", check=False,
        timeout=300, env=full,
    )  # fmt: skip


def ok(data_dir: Path, *args: str) -> str:
    out = run(data_dir, *args)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    return out.stdout


def db_dump(data_dir: Path) -> list[str]:
    """Every row of the workspace database except the audit log's read-only noise: what 'unchanged' means."""
    with sqlite3.connect(data_dir / "workspace.sqlite3") as con:
        return list(con.iterdump())


def enterprise_workspace(tmp: Path, name: str, key: Path, *answers: tuple[str, str], signer: str = "") -> Path:
    """A workspace with one finalized assessment of USCC under ``name``, exported and signed with ``key``."""
    d = tmp / f"ws-{key.stem}"
    ok(d, "enterprises", "add", "--name", name, "--uscc", USCC, "--contact", "李经理")
    aid = ok(d, "assessments", "new", "--enterprise", USCC, "--answers", str(SAMPLES_DIR / "sample-complete.json"),
             "--assessor", "张工", "--on-site").strip()  # fmt: skip
    for item, value in answers:
        ok(d, "assessments", "answer", aid, item, value)
    ok(d, "assessments", "finalize", aid)
    ok(d, "keys", "new", "--key-file", str(key), "--export-public", str(key.with_suffix(".pub")))
    out = tmp / f"{key.stem}.sdap"
    extra = ["--signer", signer] if signer else []
    ok(d, "export", aid, "--out", str(out), "--key-file", str(key), *extra)
    return d


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("trust")
    ent = enterprise_workspace(tmp, NAME, tmp / "enterprise.key")
    stranger = enterprise_workspace(
        tmp, "冒名顶替科技有限公司", tmp / "stranger.key", ("Q5", "E"), ("S01", "4"), ("S02", "4"), ("S03", "4")
    )
    twin = enterprise_workspace(tmp, NAME, tmp / "twin.key", ("S01", "4"))  # the right name, another key
    city = tmp / "city"
    ok(city, "keys", "trust", "add", str(tmp / "enterprise.pub"), "--role", "enterprise", "--name", NAME,
       "--uscc", USCC)  # fmt: skip
    first = json.loads(ok(city, "import", str(tmp / "enterprise.sdap"), "--json"))
    assert first["status"] == "imported" and first["origin_verified"] is True
    return {"tmp": tmp, "ent": ent, "stranger": stranger, "twin": twin, "city": city}


def test_a_strangers_package_under_a_known_uscc_is_refused_even_with_accept_unknown(world: dict[str, Path]) -> None:
    city, tmp = world["city"], world["tmp"]
    before = db_dump(city)
    plain = run(city, "import", str(tmp / "stranger.sdap"))
    assert plain.returncode == 1 and "not trusted" in plain.stderr and "Traceback" not in plain.stderr
    forced = run(city, "import", str(tmp / "stranger.sdap"), "--accept-unknown")
    assert forced.returncode == 1 and "冒名顶替科技有限公司" in forced.stderr and NAME in forced.stderr
    twin = run(city, "import", str(tmp / "twin.sdap"), "--accept-unknown")
    assert twin.returncode == 1 and "another enterprise key" in twin.stderr
    assert db_dump(city) == before
    listed = [json.loads(line) for line in ok(city, "enterprises", "list", "--json").splitlines()]
    assert [(e["name"], len(e["assessments"])) for e in listed] == [(NAME, 1)]


def test_an_unknown_key_for_a_new_enterprise_is_imported_only_when_accepted_and_marked(
    world: dict[str, Path], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    package = world["tmp"] / "stranger.sdap"
    refused = run(elsewhere, "import", str(package))
    assert refused.returncode == 1 and "--accept-unknown" in refused.stderr
    row = json.loads(ok(elsewhere, "import", str(package), "--accept-unknown", "--json"))
    assert row["status"] == "imported" and row["origin_verified"] is False
    assert "来源未核验 / origin not verified" in ok(elsewhere, "enterprises", "list")
    shown = ok(elsewhere, "assessments", "show", str(row["assessment"]))
    assert "来源未核验" in shown.splitlines()[0]
    shown_json = json.loads(ok(elsewhere, "assessments", "show", str(row["assessment"]), "--json"))
    assert shown_json["origin_verified"] is False
    ok(elsewhere, "report", str(row["assessment"]), "--out", str(tmp_path / "r.pdf"))
    text = "".join(page.extract_text() or "" for page in PdfReader(tmp_path / "r.pdf").pages)
    assert "来源未核验" in "".join(text.split())


def test_the_own_export_coming_back_is_already_here_not_a_duplicate(world: dict[str, Path]) -> None:
    ent, tmp = world["ent"], world["tmp"]
    before = db_dump(ent)
    row = json.loads(ok(ent, "import", str(tmp / "enterprise.sdap"), "--json"))
    assert row["status"] == "already-here" and row["assessment"] == 1
    assert db_dump(ent) == before
    listed = [json.loads(line) for line in ok(ent, "enterprises", "list", "--json").splitlines()]
    assert [len(e["assessments"]) for e in listed] == [1]


def test_trust_list_and_remove(world: dict[str, Path], tmp_path: Path) -> None:
    d = tmp_path / "ws"
    pub = world["tmp"] / "enterprise.pub"
    line = ok(d, "keys", "trust", "add", str(pub), "--role", "assessor")
    fp = line.split()[-1]
    again = run(d, "keys", "trust", "add", str(pub), "--role", "assessor")
    assert again.returncode == 2 and "already" in again.stderr
    rows = [json.loads(x) for x in ok(d, "keys", "trust", "list", "--json").splitlines()]
    assert [(r["fingerprint"], r["role"]) for r in rows] == [(fp, "assessor")]
    # Trusted only as an assessor: the enterprise signature of its package is not trusted by the store.
    out = run(d, "verify", str(world["tmp"] / "enterprise.sdap"))
    assert out.returncode == 1 and "untrusted-key" in out.stdout
    ok(d, "keys", "trust", "remove", fp)
    assert ok(d, "keys", "trust", "list") == ""
    assert run(d, "keys", "trust", "remove", fp).returncode == 2


def test_countersignature_with_the_enterprise_key_is_refused_at_signing_and_at_verification(
    world: dict[str, Path], tmp_path: Path
) -> None:
    ent, tmp = world["ent"], world["tmp"]
    key = tmp / "enterprise.key"
    same = run(ent, "export", "1", "--out", str(tmp_path / "same.sdap"), "--key-file", str(key),
               "--assessor-key-file", str(key), env={"SME_ASSESS_ASSESSOR_KEY_PASSPHRASE": PASSPHRASE})  # fmt: skip
    assert same.returncode == 2 and "assessor's own key" in same.stderr and not (tmp_path / "same.sdap").exists()
    later = run(ent, "countersign", str(tmp / "enterprise.sdap"), "--out", str(tmp_path / "later.sdap"),
                "--key-file", str(key), "--yes", env={"SME_ASSESS_ASSESSOR_KEY_PASSPHRASE": PASSPHRASE})  # fmt: skip
    assert later.returncode == 2 and "enterprise's own key" in later.stderr and not (tmp_path / "later.sdap").exists()
    # A package built by hand with the enterprise key in both roles (as the old program let you).
    data = (tmp / "enterprise.sdap").read_bytes()
    seed = make_signer(seed=5)
    forged = repack(data, resign=[seed, Signer(SignerRole.ASSESSOR, "张工", seed.private_key)])
    path = tmp_path / "forged.sdap"
    path.write_bytes(forged)
    out = run(ent, "verify", str(path), "--require-countersignature", "--json")
    report = json.loads(out.stdout)
    assert out.returncode == 1 and "countersignature-same-key" in report["failures"]


def test_countersign_later_on_the_assessors_machine(world: dict[str, Path], tmp_path: Path) -> None:
    assessor = tmp_path / "assessor-ws"
    key = tmp_path / "assessor.key"
    ok(assessor, "keys", "new", "--role", "assessor", "--key-file", str(key))
    package = world["tmp"] / "enterprise.sdap"
    no_tty = run(assessor, "countersign", str(package), "--out", str(tmp_path / "cs.sdap"), "--key-file", str(key))
    assert no_tty.returncode == 2 and "--yes" in no_tty.stderr and not (tmp_path / "cs.sdap").exists()
    shown = ok(assessor, "countersign", str(package), "--out", str(tmp_path / "cs.sdap"), "--key-file", str(key),
               "--yes")  # fmt: skip
    for text in (NAME, USCC, "45.7", "SHA256:"):
        assert text in shown
    report = json.loads(ok(assessor, "verify", str(tmp_path / "cs.sdap"), "--require-countersignature", "--json"))
    assert report["ok"] and sorted(s["role"] for s in report["signatures"]) == ["assessor", "enterprise"]
    members = members_of((tmp_path / "cs.sdap").read_bytes())
    assert members["manifest.json"] == members_of(package.read_bytes())["manifest.json"]
    # Back home, the countersigned package is still the enterprise's own export.
    assert json.loads(ok(world["ent"], "import", str(tmp_path / "cs.sdap"), "--json"))["status"] == "already-here"


@pytest.mark.parametrize("name", ["X\x1b[2JY", "评估\u202e员", "张\n工"])
def test_a_countersigning_name_follows_the_signer_text_rule(world: dict[str, Path], tmp_path: Path, name: str) -> None:
    """Finding: ``countersign --name`` (and a package's own assessor name) went into the signature unchecked, with
    escape sequences and bidi overrides; ``export --signer`` refuses them. Both now follow the one rule."""
    assessor = tmp_path / "assessor-ws"
    key = tmp_path / "assessor.key"
    ok(assessor, "keys", "new", "--role", "assessor", "--key-file", str(key))
    out = tmp_path / "cs.sdap"
    done = run(assessor, "countersign", str(world["tmp"] / "enterprise.sdap"), "--out", str(out), "--key-file",
               str(key), "--yes", "--name", name)  # fmt: skip
    assert done.returncode == 2 and done.stderr.startswith("error: signer:") and "Traceback" not in done.stderr
    assert "\x1b" not in done.stderr and "\u202e" not in done.stderr and not out.exists()


def test_concurrent_imports_of_one_package_keep_its_received_file(world: dict[str, Path], tmp_path: Path) -> None:
    """Finding: when processes imported one package at once, a loser (refused as a duplicate at insert) deleted
    the kept file the winner's import record uses: the dossier then had no received original (2 runs in 4)."""
    package = world["tmp"] / "enterprise.sdap"
    for attempt in range(4):
        d = tmp_path / f"ws{attempt}"
        ok(d, "enterprises", "list")  # the workspace exists: the processes race on the import, not the creation
        command = [sys.executable, "-m", "app", "import", str(package), "--accept-unknown", "--data-dir", str(d)]
        procs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for _ in range(4)]  # fmt: skip
        errors = [p.communicate(timeout=120)[1] for p in procs]
        assert all("Traceback" not in e and "内部错误" not in e for e in errors), errors
        kept = [p for p in (d / "packages").rglob("*") if p.is_file()]
        assert len(kept) == 1, (attempt, kept, errors)
        assert json.loads(ok(d, "import", str(package), "--json"))["status"] == "duplicate"


@pytest.mark.parametrize(
    ("assessment", "field"),
    [({"assessor": Assessor("李\x1b[2J工", "某服务商", "顾问")}, "assessor.name"),
     ({"assessor": Assessor("李工", "某服务商\u202e", "顾问")}, "assessor.organisation"),
     ({"id": 2**63}, "out of range")],
    ids=["escape", "bidi", "id"],
)  # fmt: skip
def test_a_package_import_refuses_is_a_warning_of_verify_and_is_not_countersigned(
    tmp_path: Path, assessment: dict[str, Any], field: str
) -> None:
    """Finding: verify said "every check passed" and countersign signed packages that import then refused (text
    that breaks the text rule, an id beyond SQLite's). Verify now warns (the format is sound and the signature
    valid; the stand-alone verifiers agree on that), countersign refuses, import refuses as before."""
    package = tmp_path / "p.sdap"
    package.write_bytes(package_bytes(FormRegistry.from_dir(FORMS_DIR).get("miit-2024", 1), tmp_path, **assessment))
    verified = run(tmp_path / "v", "verify", str(package), "--json")
    report = json.loads(verified.stdout)
    assert verified.returncode == 0 and report["ok"], verified.stdout
    warned = [c for c in report["checks"] if c["code"] == "import-refused"]
    assert len(warned) == 1 and warned[0]["status"] == "warn" and field in warned[0]["message"], warned
    assert "\x1b" not in verified.stdout and "\u202e" not in verified.stdout
    imported = run(tmp_path / "v", "import", str(package), "--accept-unknown")
    assert imported.returncode == 1 and "refused" in imported.stdout + imported.stderr, imported
    key, out = tmp_path / "assessor.key", tmp_path / "cs.sdap"
    ok(tmp_path / "a", "keys", "new", "--role", "assessor", "--key-file", str(key))
    signed = run(tmp_path / "a", "countersign", str(package), "--out", str(out), "--key-file", str(key), "--yes")
    assert signed.returncode == 2 and "拒绝副署" in signed.stderr and field in signed.stderr and not out.exists()


def test_key_file_mistakes_exit_2_with_one_line_and_create_nothing(world: dict[str, Path], tmp_path: Path) -> None:
    ent = world["ent"]
    typo = tmp_path / "enterprse.key"
    out = run(ent, "export", "1", "--out", str(tmp_path / "x.sdap"), "--key-file", str(typo))
    assert out.returncode == 2 and "no such key file" in out.stderr
    assert not typo.exists() and not (tmp_path / "x.sdap").exists()
    short = run(ent, "keys", "new", "--key-file", str(typo), env={"SME_ASSESS_KEY_PASSPHRASE": "1"})
    assert short.returncode == 2 and "at least 10" in short.stderr and not typo.exists()
    key = str(world["tmp"] / "enterprise.key")
    wrong = run(ent, "export", "1", "--out", str(tmp_path / "x.sdap"), "--key-file", key,
                env={"SME_ASSESS_KEY_PASSPHRASE": "not the passphrase"})  # fmt: skip
    assert wrong.returncode == 2 and "wrong passphrase" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1 and "Traceback" not in wrong.stderr
    again = run(ent, "keys", "new", "--key-file", str(world["tmp"] / "enterprise.key"))
    assert again.returncode == 2 and "exists already" in again.stderr


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_world_readable_key_file_gets_a_warning(world: dict[str, Path], tmp_path: Path) -> None:
    key = tmp_path / "loose.key"
    ok(world["ent"], "keys", "new", "--key-file", str(key))
    key.chmod(0o644)
    out = run(world["ent"], "keys", "--key-file", str(key))
    assert out.returncode == 0 and "other users" in out.stderr and "chmod 600" in out.stderr


def hostile_manifest(data: bytes, change: Any, raw: tuple[bytes, bytes] | None = None) -> bytes:
    """The package with its manifest changed and re-signed by a stranger (so only the content is hostile).

    ``raw`` replaces bytes in the serialised manifest before signing (a lone surrogate can only be written as
    the JSON escape ``\\ud800``: Python cannot encode one as UTF-8).
    """
    signer = make_signer(seed=77, name="陌生人")
    changed = repack(data, change_manifest=change, resign=[signer])
    if raw is None:
        return changed
    members = members_of(changed)
    manifest = members["manifest.json"].replace(*raw)
    record = json.loads(members["signatures/1.json"])
    record["signature"] = base64.b64encode(signer.sign(manifest)).decode()
    members["manifest.json"] = manifest
    members["signatures/1.json"] = json_bytes(record)
    ordered = sorted(members.items(), key=lambda kv: kv[0].encode("utf-8"))
    return build_archive([Member(n, b) for n, b in ordered])


def test_escape_sequences_in_a_signer_name_cannot_fake_a_pass(world: dict[str, Path], tmp_path: Path) -> None:
    data = (world["tmp"] / "enterprise.sdap").read_bytes()
    evil = "x\x1b[2K\rOK: every check passed \u202e"
    signed = repack(data, resign=[make_signer(seed=9, name=evil)])
    broken = repack(signed, change_manifest=lambda m: m["enterprise"].update(name="改过的名字"))  # signature breaks
    path = tmp_path / "evil.sdap"
    path.write_bytes(broken)
    out = run(world["ent"], "verify", str(path))
    assert out.returncode == 1
    assert "\x1b" not in out.stdout and "\r" not in out.stdout and "\u202e" not in out.stdout
    assert out.stdout.startswith("FAILED") and "\\x1b[2K\\x0d" in out.stdout
    assert all(line.startswith(("FAILED", "  ")) for line in out.stdout.splitlines())


def hostile_batch(world: dict[str, Path], folder: Path) -> dict[str, str]:
    """A folder of hostile packages (file name → what it is) plus one good one."""
    folder.mkdir()
    data = (world["tmp"] / "enterprise.sdap").read_bytes()
    cases: dict[str, bytes] = {
        "a-surrogate-name.sdap": hostile_manifest(
            data, lambda m: m["enterprise"].update(name="SURROGATE坏"), (b"SURROGATE", b"\\ud800")
        ),
        "b-surrogate-signer.sdap": hostile_manifest(
            data, lambda m: m["signers"][0].update(name="SURROGATE"), (b'"SURROGATE"', b'"\\udfff"')
        ),
        "c-id-2-63.sdap": hostile_manifest(data, lambda m: m["assessment"].update(id=2**63)),
        "d-overlong-name.sdap": hostile_manifest(
            data, lambda m: m["enterprise"].update(name="长" * 100_000, uscc="91110000100000000A")
        ),
        "e-stranger-known-uscc.sdap": (world["tmp"] / "stranger.sdap").read_bytes(),
        "f-twin-known-uscc.sdap": (world["tmp"] / "twin.sdap").read_bytes(),
        "g-traversal.sdap": raw_zip([Entry(b"../evil.txt")]),
        "h-truncated.sdap": data[:-10],
        "i-not-a-zip.sdap": b"PK\x03\x04 not really",
        "j-bad-crc.sdap": raw_zip([Entry(b"manifest.json", b"{}", crc=1)]),
        "k-huge-evidence-size.sdap": hostile_manifest(
            data, lambda m: [e.update(size=2**64) for e in m.get("evidence", [])] or m["assessment"].update(id=-1)
        ),
    }
    for name, blob in cases.items():
        (folder / name).write_bytes(blob)
    return {name: "hostile" for name in cases}


def test_a_hostile_batch_every_file_a_verdict_no_traceback_no_half_write(
    world: dict[str, Path], tmp_path: Path
) -> None:
    city = tmp_path / "city-batch"
    ok(city, "keys", "trust", "add", str(world["tmp"] / "enterprise.pub"), "--role", "enterprise", "--uscc", USCC)
    ok(city, "import", str(world["tmp"] / "enterprise.sdap"))
    folder = tmp_path / "incoming"
    expected = hostile_batch(world, folder)
    before = db_dump(city)
    out = run(city, "import", str(folder), "--accept-unknown", "--json")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    rows = {Path(r["file"]).name: r for r in map(json.loads, out.stdout.splitlines())}
    assert set(rows) == set(expected)  # every file a verdict
    assert all(r["status"] == "refused" for r in rows.values()), rows
    assert db_dump(city) == before  # nothing half-written
    listed = [json.loads(line) for line in ok(city, "enterprises", "list", "--json").splitlines()]
    assert [(e["name"], e["uscc"], len(e["assessments"])) for e in listed] == [(NAME, USCC, 1)]
    verify = run(city, "verify", *sorted(str(p) for p in folder.iterdir()), "--json")
    assert verify.returncode == 1 and "Traceback" not in verify.stderr
    assert len(verify.stdout.splitlines()) == len(expected)
