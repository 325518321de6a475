"""Text from outside (a package, a file) made safe to show on a terminal or in a window.

Control characters (C0 but the tab, DEL, C1), lone surrogates, bidirectional overrides and other invisible format
characters are shown as ``\\x1b``/``\\u202e`` escapes, so a signer name cannot move the cursor, clear a line or
reorder what is printed; overlong text is cut with an ellipsis.
"""

from __future__ import annotations

import re

_C0 = "\x00-\x08\x0a-\x1f"  # C0 (but the tab): what a JSON serialiser escapes itself
_UNSAFE_BEYOND_C0 = (
    "\x7f-\x9f"  # DEL, C1
    "\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"  # line separators, bidi and invisible formats
    "\ud800-\udfff"  # lone surrogates (not encodable as UTF-8)
)
_UNSAFE = re.compile(f"[{_C0}{_UNSAFE_BEYOND_C0}]")
_UNSAFE_IN_JSON = re.compile(f"[{_UNSAFE_BEYOND_C0}]")  # never the layout's newlines: they are not in strings
MAX_SHOWN = 2000


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(value: object, limit: int = MAX_SHOWN) -> str:
    """Return ``value`` as one printable string: unsafe characters escaped, at most ``limit`` characters."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return _UNSAFE.sub(_escape, text)


def safe_lines(value: object, limit: int = MAX_SHOWN) -> str:
    """Like ``safe_text`` but keeps line breaks between lines (each line made safe)."""
    return "\n".join(safe_text(line, limit) for line in str(value).split("\n"))


def json_safe(text: str) -> str:
    """Serialised JSON text with every unsafe character escaped as ``\\uXXXX``: the same JSON value, safe on a
    terminal (a bidi override cannot reorder a line) and as UTF-8 (a lone surrogate is not encodable).

    Such characters stand only inside JSON strings (the syntax is ASCII), where ``\\uXXXX`` means the character;
    the C0 controls are escaped by the serialiser already (``\\n``), and a newline of an indented layout stays.
    """
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
