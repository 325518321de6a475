"""Finding a CJK font: the embedded TrueType path when one is installed, the CID fallback when forced."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.report.fonts import ENV_VAR, FALLBACK_FONT, find_cjk_font
from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


needs_cjk_font = pytest.mark.usefixtures("installed_font")  # the fixture is in tests/conftest.py


def test_the_font_is_found_in_a_user_font_folder_without_fontconfig(
    installed_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A home folder with the font under ~/.fonts, and no fontconfig on PATH: the folder scan alone finds it.
    fonts = tmp_path / "home" / ".fonts" / "cjk"
    fonts.mkdir(parents=True)
    copy = fonts / "wqy-microhei.ttc"
    shutil.copyfile(installed_font, copy)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    choice = find_cjk_font(env={"HOME": str(tmp_path / "home")})
    assert choice.embedded
    assert choice.path == str(copy)


def test_the_font_is_found_in_the_windows_fonts_folder(installed_font: Path, tmp_path: Path) -> None:
    # %WINDIR%\Fonts with a known file name (the font inside is the one installed here, renamed).
    fonts = tmp_path / "Windows" / "Fonts"
    fonts.mkdir(parents=True)
    shutil.copyfile(installed_font, fonts / "simsun.ttc")
    choice = find_cjk_font(env={"WINDIR": str(tmp_path / "Windows")})
    assert choice.embedded
    assert choice.path == str(fonts / "simsun.ttc")


def test_the_font_found_is_kept_while_its_file_is_there(installed_font: Path, tmp_path: Path) -> None:
    fonts = tmp_path / "Windows" / "Fonts"
    fonts.mkdir(parents=True)
    copy = fonts / "simhei.ttf"
    shutil.copyfile(installed_font, copy)
    env = {"WINDIR": str(tmp_path / "Windows")}
    first = find_cjk_font(env=env)
    shutil.copyfile(installed_font, fonts / "msyh.ttc")  # preferred to 黑体, but the font found is kept
    assert find_cjk_font(env=env) is first
    copy.unlink()  # gone: the folders are searched again
    assert find_cjk_font(env=env).path == str(fonts / "msyh.ttc")


def test_an_unknown_file_name_in_a_font_folder_is_not_taken(installed_font: Path, tmp_path: Path) -> None:
    fonts = tmp_path / "home" / ".fonts"
    fonts.mkdir(parents=True)
    shutil.copyfile(installed_font, fonts / "holiday-photos.ttc")
    choice = find_cjk_font(env={"HOME": str(tmp_path / "home")})
    assert choice.path != str(fonts / "holiday-photos.ttc")


@needs_cjk_font
def test_finds_and_embeds_an_installed_font() -> None:
    choice = find_cjk_font(env={})
    assert choice.embedded
    assert choice.path is not None and Path(choice.path).is_file()
    assert choice.regular != FALLBACK_FONT
    assert choice.note.startswith("嵌入字体")
    assert choice.path not in choice.note and str(Path(choice.path).parent) not in choice.note  # no local path


@needs_cjk_font
def test_registration_happens_once() -> None:
    first = find_cjk_font(env={})
    second = find_cjk_font(env={})
    assert first == second


def test_environment_variable_names_the_font_file() -> None:
    require(WQY.is_file(), "fonts-wqy-microhei", "font:")
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


@needs_cjk_font
def test_a_font_without_chinese_glyphs_is_rejected() -> None:
    # Any font without CJK glyphs will do: DejaVu where it is installed, else ReportLab's own Vera.
    import reportlab

    latin = DEJAVU if DEJAVU.is_file() else Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    choice = find_cjk_font(env={ENV_VAR: str(latin)})
    assert choice.path != str(latin)
    assert choice.embedded


# Two reports printed the way the program prints them (each finds its font), counting the font files ReportLab
# parses (its own TTFontFile class) in a fresh process, where no font is registered yet.
TWO_REPORTS = """
import collections, json, sys
from pathlib import Path
from reportlab.pdfbase import pdfmetrics, ttfonts

parsed = collections.Counter()
parse = ttfonts.TTFontFile.__init__
def counting(self, file, *args, **kwargs):
    parsed[str(file)] += 1
    parse(self, file, *args, **kwargs)
ttfonts.TTFontFile.__init__ = counting

from app.core.scoring import score
from app.report import find_cjk_font, render_assessment_report, reproducible_options
from app.report.samples import demo_record
from app.services.forms import FormRegistry

form = FormRegistry.from_dir(Path("forms")).get("miit-2024")
record = demo_record(form)
result = score(form, record.answers)
fonts = []
for _ in range(2):
    pdf = render_assessment_report(form, record, record.answers, result, reproducible_options())
    assert pdf.startswith(b"%PDF")
    choice = find_cjk_font()
    fonts.append([id(pdfmetrics.getFont(name)) for name in (choice.regular, choice.bold, choice.mono)])
json.dump({"parsed": parsed, "path": choice.path, "same": fonts[0] == fonts[1]}, sys.stdout)
"""


@needs_cjk_font
def test_two_reports_in_one_process_parse_the_font_once() -> None:
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", TWO_REPORTS], check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["path"] in seen["parsed"]  # the embedded CJK font was parsed in this process …
    assert set(seen["parsed"].values()) == {1}  # … once, like every other font file (the monospace face)
    assert seen["same"]  # the second report drew with the very font objects the first registered
