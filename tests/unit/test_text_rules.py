"""The one text rule: limits per field, NFC, control characters, lone surrogates, bidi controls."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.text_rules import TEXT_RULES, TextRuleError, check_text, clean_text


def test_typed_text_is_nfc_normalised_and_stripped() -> None:
    assert clean_text("name", "  Cafe\u0301  ") == "Caf\u00e9"
    assert clean_text("notes.Q1", " a\r\nb\rc\t ", rule_field="note", strip=False) == " a\nb\nc\t "


@pytest.mark.parametrize("bad", ["\udc80", "\udfff", "\x00", "\x07", "\x1b[2J", "\x7f", "\x85", "\u202e", "\u2066"])
def test_single_line_fields_refuse_control_characters_and_surrogates_naming_the_field(bad: str) -> None:
    with pytest.raises(TextRuleError) as refused:
        clean_text("assessor.name", f"张{bad}工")
    assert refused.value.field == "assessor.name" and "第 2 个字符" in refused.value.message


def test_newline_and_tab_only_in_multi_line_fields() -> None:
    assert clean_text("reason", "第一行\n\t第二行") == "第一行\n\t第二行"
    for field in ("name", "region", "assessor.role", "evidence.filename"):
        with pytest.raises(TextRuleError):
            clean_text(field, "a\nb")
    with pytest.raises(TextRuleError):
        clean_text("reason", "a\x00b")


@pytest.mark.parametrize("field", sorted(TEXT_RULES))
def test_every_limit_is_exact(field: str) -> None:
    limit = TEXT_RULES[field].max_length
    assert clean_text(field, "字" * limit) == "字" * limit
    with pytest.raises(TextRuleError, match=f"longer than {limit:,} characters"):
        clean_text(field, "字" * (limit + 1))
    with pytest.raises(TextRuleError):
        check_text(field, "字" * (limit + 1))


def test_the_limit_counts_characters_after_normalising() -> None:
    decomposed = "e\u0301" * 200  # 400 code points, 200 characters once composed
    assert clean_text("name", decomposed) == "\u00e9" * 200


def test_received_text_is_checked_but_never_altered() -> None:
    assert check_text("name", " Cafe\u0301 ") == " Cafe\u0301 "
    with pytest.raises(TextRuleError, match="must be text"):
        check_text("name", 5)


@given(st.text(max_size=50))
def test_clean_text_either_refuses_or_returns_text_the_rule_accepts(text: str) -> None:
    try:
        cleaned = clean_text("note", text, strip=False)
    except TextRuleError as exc:
        assert exc.field == "note"
        return
    assert check_text("note", cleaned) == cleaned
    cleaned.encode("utf-8")  # storable: no lone surrogate survives (this would raise)
