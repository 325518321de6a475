"""The Help menu's texts: 指标文本说明 (from the form's data), 使用说明 (how to use the program)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.core.form import Form
from app.ui.widgets import fmt


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{escape(t)}</p>" for t in texts)


def _heading(tag: str, text: str) -> str:
    return f"<{tag}>{escape(text)}</{tag}>"


def indicator_texts_html(form: Form, language: str) -> str:
    """What the indicator texts are based on and which wording is used where versions differ: product text only."""
    about = list(form.about_texts(language))
    if not about:  # a form without its own text (miit-2024 revisions 1 and 2)
        basis = QCoreApplication.translate("Help", "题目、选项、分值和场景等级描述依据《{title}》（{notice}）。")
        about = [basis.format(title=form.title, notice=form.notice or form.title)]
    if any(q.text_note[0] for q in form.questions) or any(sc.text_note[0] for sc in form.scenes):
        about.append(QCoreApplication.translate("Help", "题目和场景卡片上的ⓘ按钮给出相应条目文本的说明。"))
    about.append(
        QCoreApplication.translate(
            "Help",
            "英文界面中的题目、选项和场景等级描述为非官方译文，仅供理解；作答、报告和评测包以中文原文为准。",
        )
    )
    return _heading("h3", QCoreApplication.translate("Help", "指标文本说明")) + _paragraphs(about)


def how_to_html(form: Form, language: str) -> str:
    """The steps, the two-part level rule (from the form's data) and what the signed package is."""
    en = language == "en"
    steps = [
        QCoreApplication.translate("Help", "在首页新建或选择企业，再新建一次评测（改造前或改造后）。"),
        QCoreApplication.translate(
            "Help", "逐项作答：{q}道评分题和{s}个业务场景。每项可填写备注、添加佐证材料；答案自动保存。"
        ).format(q=len(form.questions), s=len(form.scenes)),
        QCoreApplication.translate(
            "Help", "在结果页查看总分、各维度得分、场景等级、总体等级和达到{target}的改进计划。"
        ).format(target=form.level_name(form.target_level, language)),
        QCoreApplication.translate("Help", "全部作答后定稿；定稿的评测不能再修改，可导出PDF报告和签名评测包。"),
    ]
    row = QCoreApplication.translate(
        "Help", "{level}：总分不低于{score}分，且至少{n}个场景达到{level}或以上（其中约束性场景至少{c}个）"
    )
    rows = [
        row.format(level=(t.name_en or t.name) if en else t.name, score=fmt(t.min_score), n=t.min_scenes,
                   c=t.min_constrained)
        for t in form.level_rule.levels
    ]  # fmt: skip
    rule = form.level_rule.description_en if en and form.level_rule.description_en else form.level_rule.description
    package = [
        QCoreApplication.translate(
            "Help",
            "评测包是定稿评测的签名文件，包含企业信息、答案、得分与等级、PDF报告、问卷定义和佐证材料，"
            "用企业的签名密钥签名（现场评测还可由评测人员副署）。",
        ),
        QCoreApplication.translate(
            "Help",
            "接收方用“文件 › 校验评测包”或离线网页校验器核验：文件未被改动、得分按问卷重新计算一致，"
            "并显示签名者及其指纹。",
        ),
    ]
    return (
        _heading("h3", QCoreApplication.translate("Help", "使用说明"))
        + "<ol>" + "".join(f"<li>{escape(s)}</li>" for s in steps) + "</ol>"
        + _heading("h4", QCoreApplication.translate("Help", "等级规则：两部分同时满足"))
        + _paragraphs([rule or QCoreApplication.translate("Help", "总体等级取总分条件与场景条件同时满足的最高等级。")])
        + "<ul>" + "".join(f"<li>{escape(r)}</li>" for r in rows) + "</ul>"
        + _heading("h4", QCoreApplication.translate("Help", "签名评测包（.sdap）"))
        + _paragraphs(package)
    )  # fmt: skip


class HelpDialog(QDialog):
    """A help text in a scrolling, selectable view."""

    def __init__(self, title: str, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("help_dialog")
        self.resize(640, 520)
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
