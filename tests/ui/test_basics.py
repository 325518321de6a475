"""app.ui.basics.as_text: outside text in a message box is shown as written, never read as markup."""

from __future__ import annotations

from PySide6.QtGui import Qt, QTextDocument
from PySide6.QtWidgets import QApplication

from app.ui.basics import as_text


def test_markup_is_escaped_and_lines_are_kept(qapp: QApplication) -> None:
    text = "<b>企业</b> & <a href='x'>链接</a>\n第二行 <i>斜体</i>"
    html = as_text(text)
    assert Qt.mightBeRichText(html)  # explicit rich text: the box does not guess
    assert "<b>" not in html and "<a " not in html and "<i>" not in html
    document = QTextDocument()
    document.setHtml(html)
    assert document.toPlainText() == text


def test_plain_text_stays_the_same_text(qapp: QApplication) -> None:
    document = QTextDocument()
    document.setHtml(as_text(ValueError("无法保存：磁盘已满")))
    assert document.toPlainText() == "无法保存：磁盘已满"
