"""Text typed by a user or received in a package: one table of limits and one character rule, for every front.

Every free-text field is NFC-normalised and checked here before it is stored: control characters (newline and
tab only in multi-line fields), lone surrogates and the bidirectional override/isolate controls are refused,
naming the field; so is text longer than the field's limit (counted in characters after normalisation).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class TextRule:
    """What a text field accepts: its label in messages, its length, whether it may hold lines."""

    label: str  # what the message calls the field (Chinese, as the product text)
    max_length: int
    multiline: bool = False


# field -> rule. The field names are those the services' ValidationError reports (and the GUI maps to widgets).
TEXT_RULES: dict[str, TextRule] = {
    "name": TextRule("企业名称", 200),
    "region": TextRule("地区", 100),
    "main_products": TextRule("主要产品", 500),
    "contact_name": TextRule("联系人", 100),
    "contact_phone": TextRule("联系电话", 30),
    "pilot_subsector": TextRule("试点细分行业", 100),
    "traction_unit": TextRule("数字化牵引单位", 200),
    "assessor.name": TextRule("评测人", 100),
    "assessor.organisation": TextRule("评测人所在单位", 100),
    "assessor.role": TextRule("评测人角色", 100),
    "note": TextRule("备注", 10_000, multiline=True),
    "reason": TextRule("更正原因", 2_000, multiline=True),
    "evidence.description": TextRule("证据说明", 1_000, multiline=True),
    "evidence.filename": TextRule("证据文件名", 255),
    "signer": TextRule("签署人", 100),
    "search": TextRule("搜索", 200),
    "findings.pain_point": TextRule("痛点", 2_000, multiline=True),
    "findings.title": TextRule("需求名称", 200),
    "findings.measure": TextRule("措施或产品", 2_000, multiline=True),
    "contract_no": TextRule("合同编号", 100),
}

# Unicode's explicit bidirectional embeddings, overrides and isolates: they reorder how text is displayed.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class TextRuleError(ValueError):
    """Text refused for a named field; ``message`` says why (in Chinese, with English in brackets)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _problem(text: str, multiline: bool) -> str | None:
    for position, ch in enumerate(text, 1):
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            return f"第 {position} 个字符不是有效的文字 (character {position} is a lone surrogate U+{code:04X})"
        if multiline and ch in "\n\t\r":
            continue
        if unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS:
            return f"第 {position} 个字符是控制字符 (character {position} is the control character U+{code:04X})"
    return None


def _rule(field: str, rule_field: str | None) -> TextRule:
    return TEXT_RULES[rule_field or field]


def check_text(field: str, value: object, *, rule_field: str | None = None) -> str:
    """Return ``value`` unchanged if the field's rule allows it, else raise TextRuleError naming ``field``.

    For received text (a package's signed record) that must be refused when hostile but never altered.
    ``rule_field`` picks the rule when the reported field differs from the table's key (``notes.Q1`` → ``note``).
    """
    rule = _rule(field, rule_field)
    if not isinstance(value, str):
        raise TextRuleError(field, f"{rule.label}必须是文字 (must be text)")
    problem = _problem(value, rule.multiline)
    if problem is not None:
        raise TextRuleError(field, f"{rule.label}：{problem}")
    if len(value) > rule.max_length:
        raise TextRuleError(
            field,
            f"{rule.label}过长：{len(value):,} 个字符，最多 {rule.max_length:,} 个 "
            f"(longer than {rule.max_length:,} characters: {len(value):,})",
        )
    return value


def clean_text(field: str, value: object, *, rule_field: str | None = None, strip: bool = True) -> str:
    """Return typed text normalised (NFC, line ends as \\n, stripped) or raise TextRuleError naming ``field``."""
    rule = _rule(field, rule_field)
    if not isinstance(value, str):
        raise TextRuleError(field, f"{rule.label}必须是文字 (must be text)")
    problem = _problem(value, rule.multiline)  # first: NFC cannot take a lone surrogate
    if problem is not None:
        raise TextRuleError(field, f"{rule.label}：{problem}")
    text = unicodedata.normalize("NFC", value)
    if rule.multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return check_text(field, text.strip() if strip else text, rule_field=rule_field)


def max_length(field: str) -> int:
    return TEXT_RULES[field].max_length
