"""Outside text made safe to show: on a terminal as escapes, in JSON output as the same JSON value."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from app.core.display import json_safe, safe_text

# What must never reach a terminal raw: C0 but the tab, DEL, C1, line separators, bidi and invisible formats.
UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
HOSTILE = ["\x1b", "\u202e", "\u2066", "\x85", "\u200b", "\ufeff", "\ud800", "\x00", "\u2028"]
texts = st.text(alphabet=st.sampled_from([*HOSTILE, "a", "甲", " ", "\t", '"', "\\", "é"]), max_size=30)


@given(st.dictionaries(texts, st.one_of(texts, st.lists(texts, max_size=3), st.integers()), max_size=4))
def test_json_output_keeps_its_value_and_shows_nothing_unsafe(value: dict[str, object]) -> None:
    """Finding: ``--json`` output escaped lone surrogates only: a bidi override (U+202E) reached the terminal."""
    for layout in (None, 2):
        text = json_safe(json.dumps(value, ensure_ascii=False, indent=layout))
        assert json.loads(text) == value
        assert UNSAFE.search(text.replace("\n", "")) is None, text  # an indented layout's own newlines stay


def test_a_signer_name_shows_as_escapes() -> None:
    assert safe_text("张\x1b[31m工\u202e") == "张\\x1b[31m工\\u202e"
    assert json_safe(json.dumps({"signer_name": "张\u202e工"}, ensure_ascii=False)) == '{"signer_name": "张\\u202e工"}'
