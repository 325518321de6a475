"""The verify dialog's text: verdict and checks in the interface's language, the report's own lines as details."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.main import verify_file
from app.package.format import SignerRole
from app.services.desktop import VerifyOutcome
from app.services.forms import FormRegistry
from app.ui.i18n import Translations
from app.ui.verify_view import roles, titles, verify_box, verify_text

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "docs" / "test-vectors"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _documented_codes() -> set[str]:
    """Every code of the "Codes" table of docs/package-format.md (a row may name several)."""
    text = (ROOT / "docs" / "package-format.md").read_text(encoding="utf-8")
    table = text.split("### Codes", 1)[1].split("\n\n", 2)[1]
    codes: set[str] = set()
    for row in table.splitlines()[2:]:
        first_cell = row.split("|")[1]
        codes |= set(re.findall(r"`([a-z0-9-]+)`", first_cell))
    return codes


def _codes_raised_in_code() -> set[str]:
    """The codes app/package (verify, safezip) and app.main fail or warn with, read from their source."""
    codes: set[str] = set()
    for name in ("app/package/verify.py", "app/package/safezip.py", "app/main.py"):
        for node in ast.walk(ast.parse((ROOT / name).read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            first = node.args[0]
            if not isinstance(first, ast.Constant) or not isinstance(first.value, str):
                continue
            status = node.args[1] if len(node.args) > 1 else None
            # add(code, "fail" if strict else "warn", ...): a status worked out at run time may fail or warn
            failing = not isinstance(status, ast.Constant) or status.value in ("fail", "warn")
            if func in ("fail", "ArchiveError") or (func in ("add", "Check") and failing):
                codes.add(first.value)
    return codes


def test_every_code_that_fails_or_warns_has_a_title() -> None:
    raised = _codes_raised_in_code()
    assert {"signature", "file-digest", "draft", "hostile-archive", "not-zip", "form-not-installed"} <= raised
    documented = _documented_codes()
    assert {"unreadable", "content-digest", "import-refused", "countersignature-same-key"} <= documented
    missing = (raised | documented) - set(titles())
    assert not missing, f"no title for {sorted(missing)}"


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    saved = QLocale()
    translations = Translations(qapp)
    translations.switch("en")
    yield
    for translator in translations.installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(saved)


def test_a_failed_package_is_named_by_its_checks_titles_with_the_report_as_details(
    registry: FormRegistry, qapp: QApplication
) -> None:
    outcome = verify_file(VECTORS / "tampered-answers.sdap", registry)
    assert not outcome.ok
    text, details = verify_text(outcome)
    failed = [c["code"] for c in outcome.report["checks"] if c["status"] == "fail"]
    assert text.startswith(f"校验未通过：{len(failed)} 项检查未通过。")
    assert "文件：tampered-answers.sdap" in text
    for code in failed:
        assert titles()[code] in text
    assert str(VECTORS) not in text  # the file's name, not where it lies
    assert details.splitlines()[0] == outcome.summary
    assert all(problem in details for problem in outcome.problems)


def test_a_valid_package_names_the_enterprise_and_its_signature(registry: FormRegistry, qapp: QApplication) -> None:
    outcome = verify_file(VECTORS / "valid.sdap", registry)
    assert outcome.ok
    text, _details = verify_text(outcome)
    enterprise = outcome.report["enterprise"]
    assert outcome.problems == ()  # the valid vector warns of nothing
    assert text.splitlines()[0] == "校验通过：各项检查均已通过。"
    assert f"企业：{enterprise['name']}（{enterprise['uscc']}）" in text
    fingerprint = outcome.report["signatures"][0]["fingerprint"]
    signer = outcome.report["signatures"][0]["signer_name"]
    assert f"企业签名：{signer}（有效）\n{fingerprint}" in text


def test_warnings_are_listed_as_hints_of_a_passed_verification(registry: FormRegistry, qapp: QApplication) -> None:
    outcome = verify_file(VECTORS / "form-not-installed.sdap", registry)
    assert outcome.ok
    text, _details = verify_text(outcome)
    warned = [c for c in outcome.report["checks"] if c["status"] == "warn"]
    assert text.splitlines()[0] == f"校验通过，有 {len(warned)} 条提示。"
    assert "提示：" in text and titles()["form-not-installed"] in text
    assert "未通过的检查" not in text


def test_the_english_interface_shows_english_titles(registry: FormRegistry, qapp: QApplication, english: None) -> None:
    outcome = verify_file(VECTORS / "bad-signature.sdap", registry)
    text, _details = verify_text(outcome)
    assert text.startswith("Verification failed: 2 check(s) failed.")
    assert "Enterprise signature: " in text and "Failed checks:" in text
    outside = [str(outcome.report["enterprise"]["name"])] + [
        str(s["signer_name"]) for s in outcome.report["signatures"]
    ]
    for name in outside:  # the package's own text stays as given
        text = text.replace(name, "")
    assert not CJK.search(text), text


def test_outside_text_is_escaped_and_a_report_without_checks_still_says_what_failed(qapp: QApplication) -> None:
    hostile = "\x1b[2K\u202e"
    report = {
        "source": f"/somewhere/{hostile}.sdap",
        "enterprise": {"name": f"企业{hostile}", "uscc": "91350100M000100Y43"},
        "signatures": [{"role": "enterprise", "signer_name": hostile, "fingerprint": "SHA256:ab", "valid": False}],
        "checks": [{"code": "file-digest", "status": "fail", "message": "m", "subject": f"evidence/{hostile}"},
                   {"code": "no-such-code\x07", "status": "fail", "message": "m"}],
    }  # fmt: skip
    text, details = verify_text(VerifyOutcome(False, report, f"FAILED: {hostile}", (f"fail: [x] {hostile}",)))
    for shown in (text, details):
        assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown
    assert titles()["file-digest"] in text and "no-such-code" in text and "无效" in text
    bare, _ = verify_text(VerifyOutcome(False, {}, "FAILED: x", ("fail: [signature] bad signature",)))
    assert bare.splitlines()[0] == "校验未通过：1 项检查未通过。" and "fail: [signature] bad signature" in bare


def test_the_box_is_a_warning_for_a_failure_and_carries_the_details(registry: FormRegistry, qapp: QApplication) -> None:
    failed = verify_box(None, verify_file(VECTORS / "bad-signature.sdap", registry))
    passed = verify_box(None, verify_file(VECTORS / "valid.sdap", registry))
    assert failed.icon() == QMessageBox.Icon.Warning and failed.windowTitle() == "校验未通过"
    assert passed.icon() == QMessageBox.Icon.Information and passed.windowTitle() == "校验通过"
    assert "[signature]" in failed.detailedText()


def test_the_signer_roles_are_named_as_the_package_format_names_them(qapp: QApplication) -> None:
    assert roles() == {role.value: role.label for role in SignerRole}


def test_a_name_that_looks_like_markup_is_shown_as_text(qapp: QApplication) -> None:
    report = {"source": "a.sdap", "enterprise": {"name": "<b>企业</b><img src=x>", "uscc": "91350100M000100Y43"}}
    box = verify_box(None, VerifyOutcome(True, report, "OK: a.sdap", ()))
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert "<b>企业</b><img src=x>" in box.text()
