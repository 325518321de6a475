"""Where CJK fonts live on Windows, macOS and Linux, by file name, without fontconfig.

Standard library only: ``dev.py`` loads this file by path (before any virtual environment exists) to check that a
CJK TrueType font is installed, and ``app.report.fonts`` uses it to find the font it embeds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

# Known CJK font files (lower-case names), most preferred first, with the bold face that goes with them.
# CFF-flavoured OpenType files (Noto Sans CJK, Source Han, PingFang) are listed so they are tried, but ReportLab
# cannot embed them; ``is_truetype`` tells the two apart.
KNOWN_CJK_FONTS: tuple[tuple[str, str | None], ...] = (
    ("msyh.ttc", "msyhbd.ttc"),  # 微软雅黑 Microsoft YaHei
    ("msyh.ttf", "msyhbd.ttf"),
    ("simhei.ttf", None),  # 黑体
    ("simsun.ttc", None),  # 宋体
    ("deng.ttf", "dengb.ttf"),  # 等线 DengXian
    ("simkai.ttf", None),
    ("simfang.ttf", None),
    ("stheiti light.ttc", "stheiti medium.ttc"),  # 华文黑体 (macOS)
    ("stheiti medium.ttc", None),
    ("hiragino sans gb.ttc", None),
    ("songti.ttc", None),
    ("arial unicode.ttf", None),
    ("wqy-microhei.ttc", None),  # 文泉驿微米黑 (fonts-wqy-microhei)
    ("wqy-zenhei.ttc", None),  # 文泉驿正黑 (fonts-wqy-zenhei)
    ("notosanssc-regular.ttf", "notosanssc-bold.ttf"),  # Noto Sans SC, TrueType build
    ("notoserifsc-regular.ttf", "notoserifsc-bold.ttf"),
    ("uming.ttc", None),  # AR PL UMing (fonts-arphic-uming)
    ("ukai.ttc", None),
    ("droidsansfallbackfull.ttf", None),
    ("droidsansfallback.ttf", None),
    ("notosanscjk-regular.ttc", "notosanscjk-bold.ttc"),  # CFF: found, not embeddable
    ("notosanscjksc-regular.otf", "notosanscjksc-bold.otf"),
    ("sourcehansanssc-regular.otf", "sourcehansanssc-bold.otf"),
    ("sourcehansans-regular.ttc", "sourcehansans-bold.ttc"),
    ("pingfang.ttc", None),
)
_PREFERENCE = {name: rank for rank, (name, _bold) in enumerate(KNOWN_CJK_FONTS)}
_BOLD = {name: bold for name, bold in KNOWN_CJK_FONTS}


def font_folders(environ: Mapping[str, str]) -> list[Path]:
    """The folders fonts are installed in, the user's own first (as fontconfig does), that exist."""
    folders: list[Path] = []
    home = environ.get("HOME") or environ.get("USERPROFILE")
    if home:
        data_home = environ.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share")
        folders += [Path(data_home) / "fonts", Path(home) / ".fonts", Path(home) / "Library" / "Fonts"]
    if environ.get("LOCALAPPDATA"):
        folders.append(Path(environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    windir = environ.get("WINDIR") or environ.get("SYSTEMROOT")
    if windir:
        folders.append(Path(windir) / "Fonts")
    elif os.name == "nt":
        folders.append(Path(r"C:\Windows\Fonts"))
    folders += [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts")]
    folders += [Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]
    return [folder for folder in folders if folder.is_dir()]


def known_cjk_font_files(environ: Mapping[str, str]) -> Iterator[tuple[Path, Path | None]]:
    """Yield (font file, its bold face or None) for every known CJK font file, by folder and then preference."""
    seen: set[str] = set()
    for folder in font_folders(environ):
        found: list[tuple[int, Path]] = []
        for dirpath, _dirnames, filenames in os.walk(folder):
            for filename in filenames:
                rank = _PREFERENCE.get(filename.lower())
                if rank is not None:
                    found.append((rank, Path(dirpath) / filename))
        for _rank, path in sorted(found):
            key = os.path.normcase(str(path))
            if key in seen:
                continue
            seen.add(key)
            bold_name = _BOLD[path.name.lower()]
            bold = _sibling(path, bold_name) if bold_name else None
            yield path, bold


# Monospace fonts for digests and fingerprints (Latin only), most preferred first: Windows, macOS, Linux.
KNOWN_MONO_FONTS: tuple[str, ...] = (
    "consola.ttf",  # Consolas
    "cour.ttf",  # Courier New (Windows)
    "courier new.ttf",  # Courier New (macOS)
    "menlo.ttc",
    "dejavusansmono.ttf",  # fonts-dejavu-core
    "liberationmono-regular.ttf",  # fonts-liberation
    "notosansmono-regular.ttf",
)


def known_mono_font_files(environ: Mapping[str, str]) -> Iterator[Path]:
    """Yield every known monospace font file, by folder and then preference."""
    rank_of = {name: rank for rank, name in enumerate(KNOWN_MONO_FONTS)}
    for folder in font_folders(environ):
        found: list[tuple[int, Path]] = []
        for dirpath, _dirnames, filenames in os.walk(folder):
            found += [(rank_of[f.lower()], Path(dirpath) / f) for f in filenames if f.lower() in rank_of]
        for _rank, path in sorted(found):
            yield path


def _sibling(path: Path, name: str) -> Path | None:
    """The file called ``name`` (any case) beside ``path``, if there is one."""
    try:
        for entry in path.parent.iterdir():
            if entry.name.lower() == name and entry.is_file():
                return entry
    except OSError:
        return None
    return None


def is_truetype(path: Path) -> bool:
    """Tell whether a font file (or the first font of a collection) has TrueType outlines, which ReportLab embeds."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
            if head[:4] == b"ttcf" and len(head) >= 16:
                offset = int.from_bytes(head[12:16], "big")
                fh.seek(offset)
                head = fh.read(4)
    except OSError:
        return False
    return head[:4] in (b"\x00\x01\x00\x00", b"true")


def find_truetype_cjk_font(environ: Mapping[str, str]) -> Path | None:
    """The first known CJK font file with TrueType outlines, or None."""
    for path, _bold in known_cjk_font_files(environ):
        if is_truetype(path):
            return path
    return None
