"""Text from outside (a package, a file) made safe to show on a terminal or in a window.

Control characters (C0 but the tab, DEL, C1), lone surrogates, bidirectional overrides and other invisible format
characters are shown as ``\\x1b``/``\\u202e`` escapes, so a signer name cannot move the cursor, clear a line or
reorder what is printed; overlong text is cut with an ellipsis.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f"  # C0 (but the tab), DEL, C1
    "\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"  # line separators, bidi and invisible formats
    "\ud800-\udfff]"  # lone surrogates (not encodable as UTF-8)
)
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
    """Escape lone surrogates in already-serialised JSON text (``\\udXXX`` is valid JSON, a raw one is not UTF-8)."""
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text)
