"""Find a CJK font that ReportLab can embed, or fall back to the built-in (not embedded) CID font.

Search order: the ``SME_ASSESS_PDF_FONT`` environment variable (a font file, or ``none`` to force the
fallback), known CJK font files in the usual font folders (the user's, Windows', macOS', /usr/share/fonts …; see
``app.report.fontfiles``), then whatever else fontconfig knows (when it is installed). Only TrueType outlines can be
embedded by ReportLab (a subset of the glyphs used is embedded automatically); CFF-flavoured OpenType fonts
such as Noto Sans CJK or PingFang are skipped.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.report.fontfiles import known_cjk_font_files, known_mono_font_files

log = logging.getLogger(__name__)

ENV_VAR = "SME_ASSESS_PDF_FONT"
FORCE_FALLBACK = frozenset({"none", "cid", "fallback"})
FALLBACK_FONT = "STSong-Light"
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")
# Characters the report must be able to draw: common CJK, full-width punctuation, the star marking
# constrained scenes.
PROBE_TEXT = "中小企业数字化水平评测二级约束性场景，。：（）「」★"
FALLBACK_NOTE = (
    "未找到可嵌入的中文 TrueType 字体，报告使用 PDF 阅读器内置的宋体（STSong-Light，未嵌入）；"
    "在未安装中文字体的电脑上可能无法正确显示。请安装微软雅黑、黑体、宋体或文泉驿微米黑等字体。"
)
FONTCONFIG_TIMEOUT_S = 10
BUILT_IN_MONO = "Courier"  # the PDF standard font, when no monospace TrueType font is installed
MONO_PROBE = "0123456789abcdefABCDEF:"


@dataclass(frozen=True)
class FontChoice:
    """The fonts a report is drawn with and whether they are embedded."""

    regular: str  # ReportLab font name registered
    bold: str  # may equal regular
    path: str | None  # the TTF/TTC file embedded, None for the CID fallback
    embedded: bool  # True when a TrueType subset is embedded
    note: str  # human-readable, for the UI and the log
    mono: str = BUILT_IN_MONO  # the monospace face digests are printed in (an embedded TrueType font when found)


@dataclass(frozen=True)
class _Candidate:
    path: Path
    label: str
    bold_path: Path | None = None


_lock = threading.Lock()
_registered: dict[str, str] = {}  # resolved file path -> registered ReportLab font name
_rejected: set[str] = set()
_labels: dict[str, str] = {}  # resolved file path -> the font's family name
# What the environment's font folders gave (a report finds its font each time it is printed): the embedded font
# chosen, the monospace font, and fontconfig's list, by what the search depends on.
_found: dict[tuple[str, ...], FontChoice] = {}
_found_mono: dict[tuple[str, ...], str] = {}
_fontconfig_found: dict[tuple[str | None, ...], list[Path]] = {}
# The variables the search reads (``font_folders``, the override) and the PATH fontconfig's tools are found on.
SEARCH_VARIABLES = (ENV_VAR, "HOME", "USERPROFILE", "XDG_DATA_HOME", "LOCALAPPDATA", "WINDIR", "SYSTEMROOT")


def _search_key(environ: Mapping[str, str]) -> tuple[str, ...]:
    return (*(environ.get(name, "") for name in SEARCH_VARIABLES), os.environ.get("PATH", ""))


def find_cjk_font(env: Mapping[str, str] | None = None) -> FontChoice:
    """Return an embeddable CJK TrueType font registered with ReportLab, or the CID fallback.

    ``env`` replaces ``os.environ`` (tests pass ``{"SME_ASSESS_PDF_FONT": "none"}`` to force the fallback). The
    font folders are searched once per environment: the font found is kept while its file is there (a font file
    is parsed once per process in any case); a search that found none is made again next time, so that a font
    installed meanwhile is found.
    """
    environ: Mapping[str, str] = os.environ if env is None else env
    override = environ.get(ENV_VAR, "").strip()
    if override.lower() in FORCE_FALLBACK:
        return _fallback(f"{ENV_VAR}={override}")
    key = _search_key(environ)
    with _lock:
        found = _found.get(key)
    if found is not None and found.path is not None and Path(found.path).is_file():
        return found
    choice = _search(environ, override)
    if choice.embedded:
        with _lock:
            _found[key] = choice
    return choice


def _search(environ: Mapping[str, str], override: str) -> FontChoice:
    for candidate in _candidates(environ, override):
        regular = _register(candidate.path)
        if regular is None:
            continue
        bold = regular
        if candidate.bold_path is not None and candidate.bold_path.is_file():
            bold = _register(candidate.bold_path) or regular
        label = candidate.label or _labels.get(str(candidate.path.resolve()), candidate.path.stem)
        return FontChoice(
            regular=regular,
            bold=bold,
            path=str(candidate.path),
            embedded=True,
            note=f"嵌入字体 {label}",  # the path is in ``path`` (diagnose), never in text a user reads
            mono=find_mono_font(environ),
        )
    reason = f"{ENV_VAR}={override} 不可用，且系统中" if override else "系统中"
    return _fallback(reason + "没有可嵌入的中文 TrueType 字体")


def find_mono_font(env: Mapping[str, str] | None = None) -> str:
    """Register an installed monospace TrueType font (embedded as a subset, so digests extract as text) and return
    its ReportLab name; the PDF's built-in Courier when there is none."""
    environ: Mapping[str, str] = os.environ if env is None else env
    key = _search_key(environ)
    with _lock:
        found = _found_mono.get(key)
    if found is not None:
        return found
    name = _search_mono(environ)
    if name != BUILT_IN_MONO:
        with _lock:
            _found_mono[key] = name
    return name


def _search_mono(environ: Mapping[str, str]) -> str:
    for path in known_mono_font_files(environ):
        key = str(path.resolve())
        with _lock:
            if key in _registered:
                return _registered[key]
            if key in _rejected:
                continue
            name = "SmeMono-" + "".join(c if c.isalnum() else "-" for c in path.stem)
            try:
                font = TTFont(name, key, subfontIndex=0)
            except (TTFError, OSError, ValueError, KeyError, IndexError) as exc:
                log.info("PDF report: monospace font %s cannot be embedded: %s", path, exc)
                _rejected.add(key)
                continue
            if not all(ord(c) in font.face.charToGlyph for c in MONO_PROBE):
                _rejected.add(key)
                continue
            pdfmetrics.registerFont(font)
            _registered[key] = name
            return name
    return BUILT_IN_MONO


def _fallback(reason: str) -> FontChoice:
    with _lock:
        if FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    log.warning("PDF report: %s; using the non-embedded CID font %s", reason, FALLBACK_FONT)
    # Nothing is embedded in the fallback (the digests use the reader's Courier too).
    return FontChoice(regular=FALLBACK_FONT, bold=FALLBACK_FONT, path=None, embedded=False, note=FALLBACK_NOTE)


def _candidates(environ: Mapping[str, str], override: str) -> Iterator[_Candidate]:
    if override:
        path = Path(override).expanduser()
        if path.is_file():
            yield _Candidate(path, "")
        else:
            log.warning("PDF report: %s=%s is not a font file", ENV_VAR, override)
    for path, bold in known_cjk_font_files(environ):
        yield _Candidate(path, "", bold)
    for path in _fontconfig_files():
        yield _Candidate(path, "")


def _fontconfig_files() -> list[Path]:
    """Return CJK font files fontconfig knows: its best match for zh-cn first, then the others (asked once per
    process: each question starts two programs)."""
    tools = (shutil.which("fc-match"), shutil.which("fc-list"))
    with _lock:
        known = _fontconfig_found.get(tools)
    if known is None:
        known = _ask_fontconfig()
        with _lock:
            _fontconfig_found[tools] = known
    return list(known)


def _ask_fontconfig() -> list[Path]:
    import subprocess  # only when no known font file could be embedded

    if shutil.which("fc-match") is None and shutil.which("fc-list") is None:
        return []
    found: list[Path] = []
    commands = (["fc-match", "-f", "%{file}", ":lang=zh-cn"], ["fc-list", ":lang=zh", "file"])
    for command in commands:
        if shutil.which(command[0]) is None:
            continue
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=FONTCONFIG_TIMEOUT_S, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            log.info("PDF report: %s failed: %s", command[0], exc)
            continue
        for line in done.stdout.splitlines():
            name = line.strip().rstrip(":").strip()
            if name and name.lower().endswith(FONT_SUFFIXES):
                path = Path(name)
                if path not in found:
                    found.append(path)
    # Prefer files that look like regular weights (fc-list order is arbitrary).
    first, rest = found[:1], found[1:]
    rest.sort(key=lambda p: (any(w in p.name.lower() for w in ("bold", "bd", "black", "light")), str(p)))
    return first + rest


def _family_name(font: TTFont, path: Path) -> str:
    family = getattr(font.face, "familyName", b"")
    if isinstance(family, bytes):
        family = family.decode("utf-8", "replace")
    return str(family) or path.stem


def _register(path: Path) -> str | None:
    """Load a font file as a TrueType font with CJK glyphs, register it once, and return its name."""
    key = str(path.resolve())
    with _lock:
        if key in _registered:
            return _registered[key]
        if key in _rejected or not path.name.lower().endswith(FONT_SUFFIXES):
            return None
        name = "SmeCJK-" + "".join(c if c.isalnum() else "-" for c in path.stem)
        if name in pdfmetrics.getRegisteredFontNames():
            name += f"-{len(_registered)}"
        try:
            font = TTFont(name, key, subfontIndex=0)
        except (TTFError, OSError, ValueError, KeyError, IndexError) as exc:
            # CFF outlines ("postscript outlines are not supported"), no embedding right, a broken file …
            log.info("PDF report: font %s cannot be embedded: %s", path, exc)
            _rejected.add(key)
            return None
        glyphs = font.face.charToGlyph
        if not all(ord(c) in glyphs for c in PROBE_TEXT):
            log.info("PDF report: font %s lacks CJK glyphs", path)
            _rejected.add(key)
            return None
        pdfmetrics.registerFont(font)
        _registered[key] = name
        _labels[key] = _family_name(font, path)
        return name
