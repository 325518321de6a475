"""统一社会信用代码 (GB 32100-2015): normalisation and check-character validation."""

from __future__ import annotations

from typing import ClassVar

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18


class UsccError(ValueError):
    """The code is not a valid USCC: ``code`` says what is wrong, ``params`` the details, in either language.

    ``str()`` gives both languages (for the command line); a window shows ``message(lang)``.
    """

    TEXTS: ClassVar[dict[str, tuple[str, str]]] = {
        "length": ("统一社会信用代码应为18位，实际为{got}位", "The code must be 18 characters long, got {got}"),
        "character": ("第{pos}位字符“{ch}”不允许（不含I、O、S、V、Z）",
                      "Character {pos} \u201c{ch}\u201d is not allowed (I, O, S, V and Z are never used)"),
        "check": ("校验位错误：应为“{expected}”，实际为“{got}”",
                  "Wrong check character: it should be \u201c{expected}\u201d, not \u201c{got}\u201d"),
    }  # fmt: skip

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{self.message('zh')} ({self.message('en')})")

    def message(self, lang: str = "zh") -> str:
        zh, en = self.TEXTS[self.code]
        return (en if lang == "en" else zh).format(**self.params)


def check_character(first17: str) -> str:
    """Return the check character for the first 17 characters of a code."""
    total = sum(CHARSET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    value = 31 - total % 31
    return CHARSET[0 if value == 31 else value]


def normalize_uscc(raw: str) -> str:
    """Return the code upper-cased and stripped, or raise UsccError saying exactly what is wrong."""
    code = raw.strip().upper()
    if len(code) != LENGTH:
        raise UsccError("length", got=len(code))
    for pos, ch in enumerate(code, 1):
        if ch not in CHARSET:
            raise UsccError("character", pos=pos, ch=ch)
    expected = check_character(code[:17])
    if code[17] != expected:
        raise UsccError("check", expected=expected, got=code[17])
    return code
