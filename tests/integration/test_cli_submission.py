"""Reports, signed packages, verification and import through the command line, as a receiver would use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, SAMPLES_DIR

USCC = "91350100M000100Y43"
PASSPHRASE = "correct horse battery staple"


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SME_ASSESS_KEY_PASSPHRASE": PASSPHRASE,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=180, env=env,
    )  # fmt: skip


def ok(data_dir: Path, *args: str) -> str:
    out = run(data_dir, *args)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("submission")
    d = tmp / "consultant"
    ok(d, "enterprises", "add", "--name", "东莞市示例精密制造有限公司", "--uscc", USCC, "--contact", "李经理")
    sample = str(SAMPLES_DIR / "sample-complete.json")
    aid = ok(
        d, "assessments", "new", "--enterprise", USCC, "--answers", sample, "--assessor", "张工", "--on-site"
    ).strip()
    evidence = tmp / "网络拓扑图.txt"
    evidence.write_text("core switch → workshop switches", "utf-8")
    ok(d, "assessments", "evidence", aid, "--add", "Q1", str(evidence))
    key = tmp / "enterprise-key.pem"
    ok(d, "keys", "new", "--key-file", str(key))
    refused = run(d, "export", aid, "--out", str(tmp / "draft.sdap"), "--key-file", str(key))
    assert refused.returncode == 2 and "finalize" in refused.stderr
    assert not (tmp / "draft.sdap").exists()
    ok(d, "assessments", "finalize", aid)
    package = tmp / "submission.sdap"
    line = ok(d, "export", aid, "--out", str(package), "--key-file", str(key))
    assert line.startswith(str(package)) and "SHA256:" in line
    ok(d, "keys", "--key-file", str(key), "--export-public", str(tmp / "enterprise.pub.pem"))
    ok(d, "report", aid, "--out", str(tmp / "report.pdf"))
    return {"dir": d, "package": package, "pub": tmp / "enterprise.pub.pem", "tmp": tmp, "key": key}


def test_without_a_key_store_the_message_names_the_key_file(exported: dict[str, Path]) -> None:
    out = run(exported["dir"], "export", "1", "--out", str(exported["tmp"] / "x.sdap"))
    assert out.returncode == 1
    assert "--key-file" in out.stderr and "Traceback" not in out.stderr


def test_verify_passes_and_names_the_signer(exported: dict[str, Path]) -> None:
    out = ok(exported["dir"], "verify", str(exported["package"]), "--trust", str(exported["pub"]))
    assert out.startswith("OK:")
    report = json.loads(ok(exported["dir"], "verify", str(exported["package"]), "--json"))
    assert report["ok"] is True


def test_verify_fails_on_a_changed_byte_and_an_untrusted_key(exported: dict[str, Path], tmp_path: Path) -> None:
    data = bytearray(exported["package"].read_bytes())
    with zipfile.ZipFile(exported["package"]) as zf:
        info = zf.getinfo("answers.json")
    offset = info.header_offset + 30 + len(info.filename) + 5
    data[offset] ^= 0x01
    tampered = tmp_path / "tampered.sdap"
    tampered.write_bytes(bytes(data))
    out = run(exported["dir"], "verify", str(tampered))
    assert out.returncode == 1 and "FAILED" in out.stdout
    other = tmp_path / "other.pem"
    ok(exported["dir"], "keys", "new", "--key-file", str(tmp_path / "other-key.pem"), "--export-public", str(other))
    untrusted = run(exported["dir"], "verify", str(exported["package"]), "--trust", str(other))
    assert untrusted.returncode == 1 and "untrusted-key" in untrusted.stdout


def test_import_into_another_workspace_once(exported: dict[str, Path], tmp_path: Path) -> None:
    city = tmp_path / "city"
    first = json.loads(ok(city, "import", str(exported["package"]), "--json", "--trust", str(exported["pub"])))
    assert first["status"] == "imported" and first["new_enterprise"] is True
    second = json.loads(ok(city, "import", str(exported["package"]), "--json", "--trust", str(exported["pub"])))
    assert second["status"] == "duplicate" and second["assessment"] == first["assessment"]
    shown = json.loads(ok(city, "assessments", "show", str(first["assessment"]), "--json"))
    original = json.loads(ok(exported["dir"], "assessments", "show", "1", "--json"))
    assert shown["assessment"]["status"] == "finalized"
    assert shown["answers"] == original["answers"] and shown["result"] == original["result"]
    assert shown["content_digest"] == original["content_digest"]
    assert [e["sha256"] for e in shown["evidence"]] == [e["sha256"] for e in original["evidence"]]
    refused = run(city, "assessments", "answer", str(first["assessment"]), "Q5", "E")
    assert refused.returncode == 2


def test_import_refuses_a_tampered_package_and_changes_nothing(exported: dict[str, Path], tmp_path: Path) -> None:
    city = tmp_path / "city"
    broken = tmp_path / "broken.sdap"
    broken.write_bytes(exported["package"].read_bytes()[:-10])
    out = run(city, "import", str(broken))
    assert out.returncode == 1 and "verification failed" in out.stderr
    assert ok(city, "enterprises", "list") == ""


def test_report_pdf_has_the_enterprise_and_the_level(exported: dict[str, Path]) -> None:
    text = "".join(page.extract_text() or "" for page in PdfReader(exported["tmp"] / "report.pdf").pages)
    assert "东莞市示例精密制造有限公司" in text and "二级" in text and "45.7" in text


@pytest.mark.slow
def test_countersigned_package_and_fingerprint_on_later_reports(exported: dict[str, Path], tmp_path: Path) -> None:
    d, key = exported["dir"], exported["key"]
    plain = run(d, "verify", str(exported["package"]), "--require-countersignature")
    assert plain.returncode == 1 and "assessor" in plain.stdout
    assessor_key = tmp_path / "assessor-key.pem"
    subprocess.run(
        [sys.executable, "-m", "app", "keys", "new", "--role", "assessor", "--key-file", str(assessor_key),
         "--data-dir", str(d)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=True, timeout=180,
        env={**os.environ, "SME_ASSESS_ASSESSOR_KEY_PASSPHRASE": "assessor pw"},
    )  # fmt: skip
    env_run = subprocess.run(
        [sys.executable, "-m", "app", "export", "1", "--out", str(tmp_path / "both.sdap"), "--key-file", str(key),
         "--assessor-key-file", str(assessor_key), "--data-dir", str(d)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=180,
        env={**os.environ, "SME_ASSESS_KEY_PASSPHRASE": PASSPHRASE, "SME_ASSESS_ASSESSOR_KEY_PASSPHRASE": "assessor pw",
             "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )  # fmt: skip
    assert env_run.returncode == 0, env_run.stderr
    fingerprint = env_run.stdout.split("\t")[1].strip()
    report = json.loads(ok(d, "verify", str(tmp_path / "both.sdap"), "--require-countersignature", "--json"))
    assert report["ok"] is True
    assert sorted(s["role"] for s in report["signatures"]) == ["assessor", "enterprise"]
    ok(d, "report", "1", "--out", str(tmp_path / "after-export.pdf"))
    text = "".join(page.extract_text() or "" for page in PdfReader(tmp_path / "after-export.pdf").pages)
    compact = text.replace("\n", "").replace(" ", "")
    assert fingerprint.removeprefix("SHA256:")[:16] in compact
    # Issue 13: every signer's name and key fingerprint, and how to verify the package, read from the package file.
    for sig in report["signatures"]:
        assert sig["fingerprint"].removeprefix("SHA256:") in compact
    assert "评测人员会签" in compact and "如何核验" in compact and "sme-assessverifyboth.sdap" in compact
