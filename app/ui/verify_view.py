"""The verify dialog's text: the verdict and each failed or warned check in the interface's language.

A verification report (``verify --json``, app.package.verify) is written in English for other programs: its check
codes are stable (docs/package-format.md, section 8) and its messages are technical. The dialog names each failed
or warned check by its code's title here, with the member or field it concerns; the report's own lines follow as
the message box's details, word for word, for whoever needs them (support, a receiving system's log).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.display import safe_text

if TYPE_CHECKING:
    from app.services.desktop import VerifyOutcome


def titles() -> dict[str, str]:
    """The title of every code a check fails or warns with, in the interface's language (docs/package-format.md,
    "Codes"; tests/ui/test_verify_view.py checks that none is missing). Codes that only ever pass have none: the
    dialog lists what failed or warned."""
    return {
        "unreadable": QCoreApplication.translate("verify", "文件无法打开或读取"),
        "not-zip": QCoreApplication.translate("verify", "不是评测包（不是 zip 压缩包）"),
        "archive-corrupt": QCoreApplication.translate("verify", "压缩包已损坏或不完整"),
        "hostile-archive": QCoreApplication.translate("verify", "压缩包结构不安全，已拒绝"),
        "archive-layout": QCoreApplication.translate("verify", "压缩包不是规定的标准格式"),
        "manifest": QCoreApplication.translate("verify", "清单（manifest.json）缺失或不符合格式"),
        "format": QCoreApplication.translate("verify", "不是本格式的评测包"),
        "format-version": QCoreApplication.translate("verify", "评测包格式版本不受支持"),
        "file-missing": QCoreApplication.translate("verify", "清单中列出的文件缺失"),
        "file-size": QCoreApplication.translate("verify", "文件大小与清单不符"),
        "file-digest": QCoreApplication.translate("verify", "文件内容与清单中的摘要不符（文件被改动）"),
        "file-undeclared": QCoreApplication.translate("verify", "评测包中有清单未列出的文件"),
        "signature-missing": QCoreApplication.translate("verify", "缺少签名，或没有有效的必需签名"),
        "signature": QCoreApplication.translate("verify", "签名无效或签名记录格式错误"),
        "signer-mismatch": QCoreApplication.translate("verify", "签名人与清单中的签名人不符"),
        "untrusted-key": QCoreApplication.translate("verify", "签名有效，但签名密钥不在信任列表中"),
        "countersignature-same-key": QCoreApplication.translate("verify", "评估人员副署使用了企业签名的同一密钥"),
        "text-invalid": QCoreApplication.translate("verify", "数据文件含有无效字符"),
        "evidence": QCoreApplication.translate("verify", "证据文件与登记不符"),
        "commitment": QCoreApplication.translate("verify", "真实性承诺缺失或无效"),
        "report": QCoreApplication.translate("verify", "评测报告不是 PDF 文件"),
        "form-invalid": QCoreApplication.translate("verify", "随包的评测指标定义无效"),
        "form-hash": QCoreApplication.translate("verify", "评测指标版本与清单所列不符"),
        "form-unknown": QCoreApplication.translate("verify", "本机未安装评测包所用的评测指标版本"),
        "form-not-installed": QCoreApplication.translate(
            "verify", "本机未安装该评测指标版本，已按随包的指标定义重新计算"
        ),
        "answers-invalid": QCoreApplication.translate("verify", "答卷无效或不符合评测指标"),
        "answers-mismatch": QCoreApplication.translate("verify", "答卷所用评测指标与清单不符"),
        "score-mismatch": QCoreApplication.translate("verify", "得分或等级与按答卷重新计算的结果不符"),
        "content-digest": QCoreApplication.translate("verify", "评测内容摘要不符（内容被改动）"),
        "report-binding": QCoreApplication.translate("verify", "评测报告与评测内容、等级或得分不对应"),
        "advisory-differs": QCoreApplication.translate("verify", "建议部分由其他版本的程序计算（得分和等级相同）"),
        "report-unbound": QCoreApplication.translate("verify", "旧格式评测包：报告未与评测内容绑定"),
        "draft": QCoreApplication.translate("verify", "评测尚未定稿（草稿）"),
        "incomplete": QCoreApplication.translate("verify", "有未作答的题目或场景"),
        "uscc": QCoreApplication.translate("verify", "统一社会信用代码的校验位不正确"),
        "import-refused": QCoreApplication.translate("verify", "本程序不会导入或副署此评测包"),
        "internal": QCoreApplication.translate("verify", "校验时出现意外错误"),
    }


def roles() -> dict[str, str]:
    """The signer roles' names (app.package.format.SignerRole), in the interface's language."""
    return {
        "enterprise": QCoreApplication.translate("verify", "企业签名"),
        "assessor": QCoreApplication.translate("verify", "评估人员副署"),
    }


MAX_LISTED = 12  # checks listed in the text; the details hold every one


def _checks(report: Mapping[str, Any], status: str) -> list[Mapping[str, Any]]:
    checks = report.get("checks")
    if not isinstance(checks, Sequence):
        return []
    return [c for c in checks if isinstance(c, Mapping) and c.get("status") == status]


def _check_line(check: Mapping[str, Any], known: Mapping[str, str]) -> str:
    code = str(check.get("code", ""))
    title = known[code] if code in known else safe_text(code, 60)
    subject = safe_text(check.get("subject") or "", 120)
    return f"· {title}" + (
        QCoreApplication.translate("verify", "（{subject}）").format(subject=subject) if subject else ""
    )


def _signature_line(signature: Mapping[str, Any]) -> str:
    """Two lines: who signed in which role and whether the signature is valid (and trusted), then its key."""
    role = str(signature.get("role", ""))
    named = roles()
    who = named[role] if role in named else safe_text(role, 40)
    if not signature.get("valid"):
        state = QCoreApplication.translate("verify", "无效")
    elif signature.get("trusted") is True:
        state = QCoreApplication.translate("verify", "有效，受信任")
    elif signature.get("trusted") is False:
        state = QCoreApplication.translate("verify", "有效，不在信任列表中")
    else:
        state = QCoreApplication.translate("verify", "有效")
    name = safe_text(signature.get("signer_name") or "", 100)
    fingerprint = safe_text(signature.get("fingerprint") or "", 100)
    line = QCoreApplication.translate("verify", "{role}：{name}（{state}）").format(role=who, name=name, state=state)
    return f"{line}\n{fingerprint}"  # the key's fingerprint on a line of its own: it is as wide as the box


def verify_text(outcome: VerifyOutcome) -> tuple[str, str]:
    """Return the dialog's text (verdict, file, enterprise, signatures, failed and warned checks) and its details
    (the report's summary line and the problems' lines as ``verify`` prints them)."""
    report = outcome.report
    failed, warned = _checks(report, "fail"), _checks(report, "warn")
    if not outcome.ok:
        count = len(failed) or len(outcome.problems) or 1
        verdict = QCoreApplication.translate("verify", "校验未通过：{n} 项检查未通过。").format(n=count)
    elif warned:
        verdict = QCoreApplication.translate("verify", "校验通过，有 {n} 条提示。").format(n=len(warned))
    else:
        verdict = QCoreApplication.translate("verify", "校验通过：各项检查均已通过。")
    lines = [verdict, ""]
    source = report.get("source")
    if source:
        lines.append(
            QCoreApplication.translate("verify", "文件：{name}").format(name=safe_text(PurePath(str(source)).name, 200))
        )
    enterprise = report.get("enterprise")
    if isinstance(enterprise, Mapping):
        lines.append(
            QCoreApplication.translate("verify", "企业：{name}（{uscc}）").format(
                name=safe_text(enterprise.get("name", ""), 200), uscc=safe_text(enterprise.get("uscc", ""), 40)
            )
        )
    signatures = report.get("signatures")
    if isinstance(signatures, Sequence):
        lines += [_signature_line(s) for s in signatures if isinstance(s, Mapping)]
    known = titles()
    for heading, checks in (
        (QCoreApplication.translate("verify", "未通过的检查："), failed),
        (QCoreApplication.translate("verify", "提示："), warned),
    ):
        if checks:
            lines += ["", heading, *(_check_line(c, known) for c in checks[:MAX_LISTED])]
            if len(checks) > MAX_LISTED:
                lines.append(
                    QCoreApplication.translate("verify", "……另有 {n} 项，见详细信息").format(n=len(checks) - MAX_LISTED)
                )
    problems = [safe_text(p) for p in outcome.problems]
    if not failed and not warned and problems:  # a report without its checks: its own lines, as given
        lines += ["", *problems[:MAX_LISTED]]
    details = "\n".join([safe_text(outcome.summary), *problems])
    return "\n".join(lines).strip(), details


def verify_box(parent: QWidget | None, outcome: VerifyOutcome) -> QMessageBox:
    """The verify dialog for ``outcome``, not shown yet: information when it passed, a warning when it failed."""
    text, details = verify_text(outcome)
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a package's names are text, never markup
    box.setIcon(QMessageBox.Icon.Information if outcome.ok else QMessageBox.Icon.Warning)
    box.setWindowTitle(
        QCoreApplication.translate("verify", "校验通过")
        if outcome.ok
        else QCoreApplication.translate("verify", "校验未通过")
    )
    box.setText(text)
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box
