"""Service messages in the interface's language.

The services and the core write each refusal once, in both languages, as "中文 (english)": the command line prints
it whole. The window shows only its own language's part; this is the one place that splits it. A text that is not
of that shape (one language only, or brackets that are not a trailing translation) is shown unchanged. Typed
errors that carry their own texts (UsccError.message(lang)) are asked directly.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def ui_language() -> str:
    """The interface language (app.ui.i18n sets the default locale on every switch)."""
    return "en" if QLocale().language() == QLocale.Language.English else "zh"


def _trailing_group(text: str) -> int | None:
    """Where the balanced "(…)" that ends ``text`` opens, or None."""
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return None


def in_language(text: str, lang: str | None = None) -> str:
    """The part of a bilingual "中文 (english)" text for ``lang`` (the UI's by default); other texts unchanged."""
    lang = lang or ui_language()
    stripped = text.strip()
    start = _trailing_group(stripped)
    if start is None or start == 0:
        return text
    chinese, english = stripped[:start].rstrip(), stripped[start + 1 : -1].strip()
    if not chinese or not english or not CJK.search(chinese) or CJK.search(english):
        return text
    if lang != "en":
        return chinese
    return english[0].upper() + english[1:]


def error_text(exc: BaseException, lang: str | None = None) -> str:
    """What the window says for a refused action: the exception's own text in the UI's language."""
    lang = lang or ui_language()
    own = getattr(exc, "message", None)
    if callable(own):  # a typed error with both texts (app.core.uscc.UsccError)
        return str(own(lang))
    if isinstance(own, str) and own:  # ValidationError / TextRuleError: the field's message
        return in_language(own, lang)
    return in_language(str(exc), lang) or exc.__class__.__name__
