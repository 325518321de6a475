"""Start-up helpers: the crash handler logs and tells the user; settings go to an INI file; display detection."""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

import pytest

from app.ui.app import has_display, install_crash_handler, resume_collection, settings_for


def test_crash_handler_logs_the_traceback_and_shows_a_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_crash_handler(tmp_path / "app.log", shown.append)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        with caplog.at_level(logging.ERROR):
            sys.excepthook(type(exc), exc, exc.__traceback__)
    assert "boom in a slot" in caplog.text and "Traceback" in caplog.text
    assert len(shown) == 1 and "RuntimeError" in shown[0]


def test_crash_handler_survives_a_failing_dialog(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_: str) -> None:
        raise OSError("no screen")

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_crash_handler(tmp_path / "app.log", broken)
    with caplog.at_level(logging.ERROR):
        sys.excepthook(ValueError, ValueError("x"), None)
    assert "could not show the error dialog" in caplog.text


def test_settings_are_an_ini_file(tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "config")
    settings.setValue("language", "en")
    settings.sync()
    assert (tmp_path / "config" / "ui.ini").read_text(encoding="utf-8").count("language=en") == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="display detection differs by platform")
def test_display_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert not has_display()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert has_display()
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("DISPLAY", ":99")
    assert has_display()


def test_the_collector_paused_for_the_start_resumes_with_the_start_frozen() -> None:
    """python -m app pauses the cyclic collector; the window's start resumes it, what it made frozen."""
    gc.disable()
    try:
        resume_collection()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # the objects made so far are left out of every later collection
        resume_collection()  # already running: nothing happens
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()
