"""Finding a CJK font: the embedded TrueType path when one is installed, the CID fallback when forced."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

import pytest

from app.report.fonts import ENV_VAR, FALLBACK_FONT, find_cjk_font

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _system_has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
    return any(line.strip().rstrip(":").lower().endswith((".ttf", ".ttc")) for line in out.splitlines())


needs_cjk_font = pytest.mark.skipif(not _system_has_cjk_font(), reason="no CJK TrueType font installed")


@needs_cjk_font
def test_finds_and_embeds_an_installed_font() -> None:
    choice = find_cjk_font(env={})
    assert choice.embedded
    assert choice.path is not None and Path(choice.path).is_file()
    assert choice.regular != FALLBACK_FONT
    assert choice.note.startswith("嵌入字体")


@needs_cjk_font
def test_registration_happens_once() -> None:
    first = find_cjk_font(env={})
    second = find_cjk_font(env={})
    assert first == second


@pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")
def test_environment_variable_names_the_font_file() -> None:
    choice = find_cjk_font(env={ENV_VAR: str(WQY)})
    assert choice.embedded
    assert choice.path == str(WQY)
    assert "WenQuanYi" in choice.note


def test_forced_fallback_uses_the_cid_font_and_warns(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="app.report.fonts"):
        choice = find_cjk_font(env={ENV_VAR: "none"})
    assert choice.regular == choice.bold == FALLBACK_FONT
    assert choice.path is None
    assert not choice.embedded
    assert "未嵌入" in choice.note
    assert any(FALLBACK_FONT in r.getMessage() for r in caplog.records)


@needs_cjk_font
def test_a_bad_override_falls_through_to_the_system_font(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    not_a_font = tmp_path / "broken.ttf"
    not_a_font.write_bytes(b"this is not a font")
    with caplog.at_level(logging.INFO, logger="app.report.fonts"):
        choice = find_cjk_font(env={ENV_VAR: str(not_a_font)})
    assert choice.embedded
    assert choice.path != str(not_a_font)
    assert any("cannot be embedded" in r.getMessage() for r in caplog.records)


@needs_cjk_font
def test_a_missing_override_falls_through_to_the_system_font(tmp_path: Path) -> None:
    choice = find_cjk_font(env={ENV_VAR: str(tmp_path / "missing.ttf")})
    assert choice.embedded


@pytest.mark.skipif(not DEJAVU.is_file() or not _system_has_cjk_font(), reason="needs DejaVu and a CJK font")
def test_a_font_without_chinese_glyphs_is_rejected() -> None:
    choice = find_cjk_font(env={ENV_VAR: str(DEJAVU)})
    assert choice.path != str(DEJAVU)
    assert choice.embedded
