"""Chinese line breaking (禁则, kinsoku) for every Paragraph with ``wordWrap="CJK"``, in this one place.

ReportLab's CJK wrapping (``reportlab.platypus.paragraph.cjkFragSplit``) breaks between any two characters and only
knows part of the rule: its list of characters that may not start a line lacks "，；：？！》”’", it ignores characters
that may not end a line ("（《“"), and it lets a closing bracket hang past the right edge, out of a table cell.
``kinsoku_frag_split`` replaces it: a line never starts with closing punctuation and never ends with opening
punctuation (characters move to the next line instead; nothing hangs, so nothing overflows), and a run of Latin
letters and digits (a word, a number, an identifier) is kept whole when the line has room to break before it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as _paragraph
from reportlab.rl_config import _FUZZ

CANNOT_START = frozenset("，。、；：？！）》」』”’〕】〉〗｝］·・…‥％‰℃°" + "!),.:;?]}%")
CANNOT_END = frozenset("（《「『“‘〔【〈〖｛［" + "([{￥$")
CJK_START = 0x2E80  # from here on (CJK radicals, punctuation, ideographs, full-width forms) any break is allowed


def _is_word(unit: str) -> bool:
    """A character of a Latin word, a number or an identifier (which must not be split)."""
    return bool(unit) and ord(unit[0]) < CJK_START and not unit.isspace()


def _width(unit: Any, max_width: float) -> float:
    w = unit.width
    if hasattr(w, "normalizedValue"):  # a percentage width of an inline image
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)


def break_point(units: Sequence[str], start: int, stop: int) -> int:
    """Where the line from ``start`` breaks when ``units[stop]`` does not fit: the index the next line starts at.

    Moving back for one rule can land inside a word or before a mark (e.g. "S03、": "、" may not start a line, and
    "3" may not be cut from "S03"), so both rules are applied until neither moves the break.
    """
    cut = stop
    while True:
        new = cut
        while new - 1 > start and (units[new] in CANNOT_START or units[new - 1] in CANNOT_END):
            new -= 1
        if _is_word(units[new]) and _is_word(units[new - 1]):
            j = new
            while j > start and _is_word(units[j - 1]):
                j -= 1
            if j > start:  # the word starts inside this line: move it down whole
                new = j
        if new == cut:
            return cut
        cut = new


def line_ranges(
    chars: Sequence[str], widths: Sequence[float], max_widths: Sequence[float], forced: Collection[int] = ()
) -> list[tuple[int, int, float, bool]]:
    """Lay characters out in lines: (start, stop, width used, ends at a forced break) for each line.

    ``forced`` holds the indexes of characters that end their line (``<br/>``); spaces at a break are dropped.
    """

    def width_of(n: int) -> float:
        return max_widths[n] if n < len(max_widths) else max_widths[-1]

    out: list[tuple[int, int, float, bool]] = []
    max_width = width_of(0)
    start = i = 0
    used = 0.0
    while i < len(chars):
        w = widths[i]
        if i in forced:
            used += w
            i += 1
            out.append((start, i, used, True))
        elif used + w > max_width + _FUZZ and i > start:
            cut = break_point(chars, start, i)
            out.append((start, cut, sum(widths[start:cut]), False))
            i = cut
            while i < len(chars) and chars[i] == " ":  # a space at the break is the break
                i += 1
        else:
            used += w
            i += 1
            continue
        start = i
        used = 0.0
        max_width = width_of(len(out))
    if start < len(chars) and used > 0:
        out.append((start, len(chars), used, False))
    return out


def kinsoku_frag_split(frags: list[Any], max_widths_in: Any, calc_bounds: Any, encoding: str = "utf8") -> Any:
    """Break a paragraph's fragments into lines (ReportLab's ``cjkFragSplit`` contract) with the rules above."""
    units: list[Any] = []
    for frag in frags:
        value = frag.text
        if isinstance(value, bytes):
            value = value.decode(encoding)
        if value:
            units.extend(_paragraph.cjkU(c, frag, encoding) for c in value)
        else:
            units.append(_paragraph.cjkU(value, frag, encoding))
    max_widths = list(max_widths_in) if isinstance(max_widths_in, (list, tuple)) else [max_widths_in]
    widths = [_width(u, max_widths[0]) for u in units]
    forced = {n for n, u in enumerate(units) if hasattr(u.frag, "lineBreak")}
    lines = []
    for number, (start, stop, used, hard) in enumerate(line_ranges(units, widths, max_widths, forced)):
        room = max_widths[number] if number < len(max_widths) else max_widths[-1]
        lines.append(_paragraph.makeCJKParaLine(units[start:stop], room, used, room - used, hard, calc_bounds))
    return _paragraph.ParaLines(kind=1, lines=lines)


def kinsoku_word_split(
    word: str | bytes,
    max_widths_in: Any,
    font_name: str,
    font_size: float,
    encoding: str = "utf8",
) -> list[list[Any]]:
    """ReportLab's ``wordSplit`` contract (a paragraph of one plain fragment) with the rules above."""
    text = word.decode(encoding) if isinstance(word, bytes) else word
    max_widths = list(max_widths_in) if isinstance(max_widths_in, (list, tuple)) else [max_widths_in]
    widths = [stringWidth(c, font_name, font_size) for c in text]
    lines: list[list[Any]] = []
    for number, (start, stop, used, _hard) in enumerate(line_ranges(text, widths, max_widths)):
        room = max_widths[number] if number < len(max_widths) else max_widths[-1]
        lines.append([room - used, text[start:stop]])
    return lines


def install() -> None:
    """Make every CJK-wrapped Paragraph break lines with ``kinsoku_frag_split`` (idempotent)."""
    _paragraph.cjkFragSplit = kinsoku_frag_split
    _paragraph.wordSplit = kinsoku_word_split
