"""统一社会信用代码 (GB 32100-2015): normalisation and check-character validation."""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18


class UsccError(ValueError):
    """The code is not a valid USCC; the message says what is wrong."""


def check_character(first17: str) -> str:
    """Return the check character for the first 17 characters of a code."""
    total = sum(CHARSET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    value = 31 - total % 31
    return CHARSET[0 if value == 31 else value]


def normalize_uscc(raw: str) -> str:
    """Return the code upper-cased and stripped, or raise UsccError saying exactly what is wrong."""
    code = raw.strip().upper()
    if len(code) != LENGTH:
        raise UsccError(f"统一社会信用代码应为18位，实际为{len(code)}位 (must be 18 characters, got {len(code)})")
    for pos, ch in enumerate(code, 1):
        if ch not in CHARSET:
            raise UsccError(f"第{pos}位字符“{ch}”不允许（不含I、O、S、V、Z） (character {pos} {ch!r} is not allowed)")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise UsccError(
            f"校验位错误：应为“{expected}”，实际为“{code[17]}” "
            f"(check character should be {expected!r}, not {code[17]!r})"
        )
    return code
