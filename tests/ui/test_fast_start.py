"""The fast start: the first listing, read with sqlite3 while the workspace opens, shows what the normal start shows.

A workspace whose schema is not the current one (to migrate, or unknown), a missing file or a server gives no
first listing: it opens the full way, as before.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from app.core.uscc import check_character
from app.main import DesktopAdapters, FirstListingReader, build_workspace, quick_start, registry_loader
from app.services.forms import FormRegistry
from app.services.listed import ListedEnterprise, listed_of
from app.services.ports import EnterpriseListing
from app.services.workspace import EnterpriseInput
from app.store.database import MIGRATIONS_DIR, WorkspaceLocation, open_workspace
from app.store.first_listing import LINES_SQL, first_listing
from app.ui.context import GuiContext
from app.ui.main_window import MainWindow
from app.ui.models import latest
from app.ui.opening import Opening
from app.ui.resume import remember_draft

pytestmark = pytest.mark.sqlite_only  # the fast start reads the SQLite file itself

NAMES = ("张家港精工有限公司", "阿坝州高原食品有限公司", "Beta Robotics 有限公司", "北京数智科技有限公司", "归档企业")


def _uscc(n: int) -> str:
    body = f"91350100M000{n:03d}Y4"
    return body + check_character(body)


@pytest.fixture
def filled(tmp_path: Path, registry: FormRegistry, qapp: object) -> Iterator[GuiContext]:
    """A workspace of a few enterprises (one archived), their assessments, and a draft last edited here."""
    from app.ui.theme import apply_theme

    apply_theme(qapp)  # type: ignore[arg-type]
    location = WorkspaceLocation(tmp_path / "data")
    ws = build_workspace(location, registry, "tester")
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    ctx = GuiContext(workspace=ws, registry=registry, data_dir=location.data_dir, settings=settings,
                     services=DesktopAdapters(ws, registry))  # fmt: skip
    form = registry.get("miit-2024")
    for n, name in enumerate(NAMES, start=1):
        ws.add_enterprise(EnterpriseInput(name=name, uscc=_uscc(n), industry="C34" if n % 2 else "I65"))
    first = ws.new_assessment(_uscc(1)).id
    question = form.questions[0]
    ws.set_choice(first, question.id, question.options[0].id if question.type == "single" else ())
    draft = ws.new_assessment(_uscc(2)).id
    ws.set_choice(draft, question.id, question.options[-1].id if question.type == "single" else ())
    ws.new_assessment(_uscc(3))
    ws.set_archived(_uscc(5), True)
    remember_draft(ctx, draft)
    yield ctx
    ws.close()


def _shown(window: MainWindow) -> list[list[str]]:
    """Every row of the enterprise table as shown (through the sorting and filtering proxy), every column."""
    proxy = window.home.proxy
    return [
        [str(proxy.index(r, c).data(Qt.ItemDataRole.DisplayRole)) for c in range(proxy.columnCount())]
        for r in range(proxy.rowCount())
    ]


def _lines(listings: list[EnterpriseListing]) -> list[ListedEnterprise]:
    return [listed_of(listing, latest(listing.assessments)) for listing in listings]


def test_first_listing_shows_the_same_list_banner_and_selection(qtbot: QtBot, filled: GuiContext) -> None:
    normal = MainWindow(filled)
    qtbot.addWidget(normal)
    normal.show()
    qtbot.waitUntil(lambda: normal.home.loaded_once and normal.runner.idle, timeout=20000)

    location = WorkspaceLocation(filled.data_dir)
    listed = first_listing(location)
    assert listed is not None
    assert listed.lines == _lines(filled.workspace.list_enterprises())  # the same lines, in the same order
    with sqlite3.connect(location.db_path) as conn:  # read as one JSON row; row by row without JSON functions
        assert [tuple(row) for row in conn.execute(LINES_SQL)] == listed.lines
    conn.close()
    opening = Opening()
    early = quick_start(location, lambda: filled.registry, filled.settings, opening)
    assert early is not None
    read = early[1]()
    assert read is not None and read.lines == listed.lines
    ctx, first = early
    fast = MainWindow(ctx, first_listing=first)
    qtbot.addWidget(fast)
    fast.show()
    assert fast.home.loaded_once  # shown at once, before the workspace is open
    assert not opening.opened
    assert fast.home.model.row_at(0).listing is None  # lines only: the records follow once it is open

    assert _shown(fast) == _shown(normal)
    assert len(_shown(fast)) == len(NAMES) - 1  # the archived one is left out, as by the normal listing
    assert fast.home.status_label.text() == normal.home.status_label.text()
    banner, expected = fast.home.resume_banner, normal.home.resume_banner
    assert not banner.isHidden() and not expected.isHidden()
    assert banner.text_label.text() == expected.text_label.text()
    assert fast.home.table.currentIndex().isValid() == normal.home.table.currentIndex().isValid()
    assert [a.text() for a in fast.menuBar().actions()] == [a.text() for a in normal.menuBar().actions()]

    opening.set(filled)  # the workspace has opened: the window's context now reaches it
    fast.home.workspace_opened()  # as the start does: the records behind the lines, quietly
    qtbot.waitUntil(lambda: fast.runner.idle, timeout=20000)
    assert fast.home.model.row_at(0).listing is not None
    assert _shown(fast) == _shown(normal)
    fast.home.select_enterprise(filled.workspace.enterprise(_uscc(1)).id)
    normal.home.select_enterprise(filled.workspace.enterprise(_uscc(1)).id)
    assert fast.home.current_enterprise() == normal.home.current_enterprise()
    assert fast.home.current_assessment() == normal.home.current_assessment()
    banner.button.click()  # 继续上次的评测 opens the draft through the opened workspace
    qtbot.waitUntil(lambda: fast.view.loaded is not None and fast.view.idle, timeout=20000)
    assert fast.view.loaded is not None and fast.view.loaded.record.assessment.id == banner.assessment_id
    assert normal.view is not None  # the wizard of each window, with its undo and redo in 编辑
    assert [a.text() for a in fast.edit_menu.actions()] == [a.text() for a in normal.edit_menu.actions()]
    assert len(fast.edit_menu.actions()) == 2
    fast.close()
    normal.close()


def test_the_detail_panel_is_built_once_the_list_is_painted(qtbot: QtBot, filled: GuiContext) -> None:
    """The window shows the list first; the selected enterprise's panel is built right after the first paint, in
    the list's place below it, and with what was selected meanwhile. Its controls are built when first used."""
    location = WorkspaceLocation(filled.data_dir)
    early = quick_start(location, lambda: filled.registry, filled.settings, Opening())
    assert early is not None
    window = MainWindow(early[0], first_listing=early[1])
    qtbot.addWidget(window)
    home = window.home
    window.show()
    assert home._detail is None  # not before the first paint
    slot_sizes = home.splitter.sizes()
    qtbot.waitUntil(lambda: home._detail is not None, timeout=20000)
    assert home.splitter.count() == 2 and home.splitter.widget(1) is home.detail_panel
    assert home.splitter.sizes() == slot_sizes  # the list keeps its height
    assert home.detail_panel.isVisible() and home.detail_panel.currentWidget() is home.detail_panel.nothing_page
    assert not home.new_assessment_button.isEnabled()  # nothing selected
    window.close()

    other = MainWindow(early[0], first_listing=early[1])  # never painted: built when a control is first used
    qtbot.addWidget(other)
    assert other.home._detail is None
    assert other.home.edit_button is other.home.detail_panel.edit_button
    assert other.home.splitter.widget(1) is other.home.detail_panel
    other.close()


def test_an_empty_workspace_shows_its_empty_state_over_the_whole_page_from_the_first_paint(
    qtbot: QtBot, tmp_path: Path, registry: FormRegistry, qapp: object
) -> None:
    location = WorkspaceLocation(tmp_path / "empty")
    build_workspace(location, registry, "tester").close()
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    early = quick_start(location, lambda: registry, settings, Opening())
    assert early is not None
    window = MainWindow(early[0], first_listing=early[1])
    qtbot.addWidget(window)
    window.show()
    home = window.home
    assert home._detail is None and home.model.rowCount() == 0
    assert home._detail_slot is not None and home._detail_slot.isHidden()  # no empty space below the empty state
    qtbot.waitUntil(lambda: home._detail is not None, timeout=20000)
    assert home.detail_panel.isHidden()
    window.close()


def test_a_line_chosen_before_its_records_are_read_is_shown_once_they_are(qtbot: QtBot, filled: GuiContext) -> None:
    """The first listing holds lines only; the enterprise chosen meanwhile shows once the workspace is open, and
    the rows are replaced in place (the view keeps its current row)."""
    location = WorkspaceLocation(filled.data_dir)
    opening = Opening()
    early = quick_start(location, lambda: filled.registry, filled.settings, opening)
    assert early is not None
    window = MainWindow(early[0], first_listing=early[1])
    qtbot.addWidget(window)
    window.show()
    home = window.home
    wanted = filled.workspace.enterprise(_uscc(3))
    index = home.proxy.mapFromSource(home.model.index(home.model.row_of(wanted.id) or 0, 0))
    home.table.setCurrentIndex(index)
    assert home.list_panel.current_id() == wanted.id
    assert home.current_enterprise() is None  # its records are not read yet
    opening.set(filled)
    home.workspace_opened()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=20000)
    assert home.current_enterprise() == wanted
    assert home.table.currentIndex().row() == index.row()
    assert home.current_assessment() is not None  # its latest assessment, as a click on it shows
    window.close()


def test_without_a_first_listing_the_window_lists_once_the_workspace_opens(qtbot: QtBot, filled: GuiContext) -> None:
    """A listing that could not be read (None) leaves the home loading until the workspace is open."""
    opening = Opening()
    ctx = GuiContext(workspace=opening.workspace, registry=filled.registry, data_dir=filled.data_dir,
                     settings=filled.settings, services=opening.services)  # fmt: skip
    window = MainWindow(ctx, first_listing=lambda: None)
    qtbot.addWidget(window)
    window.show()
    assert not window.home.loaded_once
    opening.set(filled)
    qtbot.waitUntil(lambda: window.home.loaded_once and window.runner.idle, timeout=20000)
    assert window.home.model.rowCount() == len(NAMES) - 1
    window.close()


def test_a_workspace_to_migrate_opens_the_full_way(tmp_path: Path, registry: FormRegistry) -> None:
    """An older schema gives no first listing; the normal opening migrates it, and then the fast start applies."""
    old_migrations = tmp_path / "migrations-0001"
    shutil.copytree(MIGRATIONS_DIR, old_migrations, ignore=shutil.ignore_patterns("__pycache__"))
    for later in (old_migrations / "versions").glob("*.py"):
        if later.name[:4].isdigit() and later.name[:4] > "0001":
            later.unlink()
    location = WorkspaceLocation(tmp_path / "data")
    open_workspace(location, auto_backup=False, migrations=old_migrations).dispose()
    with sqlite3.connect(location.db_path) as conn:
        now = "2026-11-30 08:00:00.000000"
        conn.execute("INSERT INTO enterprises (name, uscc, created_at, updated_at) VALUES ('甲', ?, ?, ?)",
                     (_uscc(1), now, now))  # fmt: skip
    conn.close()
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert first_listing(location) is None
    assert quick_start(location, registry_loader(location.data_dir), settings, Opening()) is None

    ws = build_workspace(location, registry, "tester")  # the normal path: migrated (after a backup)
    try:
        assert [e.enterprise.name for e in ws.list_enterprises()] == ["甲"]
        listed = first_listing(location)
        assert listed is not None and listed.lines == _lines(ws.list_enterprises())
    finally:
        ws.close()


def test_no_first_listing_without_a_current_workspace_file(tmp_path: Path, registry: FormRegistry) -> None:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    missing = WorkspaceLocation(tmp_path / "new")
    assert first_listing(missing) is None  # a new workspace: created by the full opening
    server = WorkspaceLocation(tmp_path / "server", "postgresql://nobody@localhost/none")
    assert quick_start(server, registry_loader(server.data_dir), settings, Opening()) is None

    newer = WorkspaceLocation(tmp_path / "newer")
    build_workspace(newer, registry, "tester").close()
    empty = first_listing(newer)
    assert empty is not None and empty.lines == []
    with sqlite3.connect(newer.db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'from-a-newer-version'")
    conn.close()
    assert first_listing(newer) is None  # refused by the full opening, with its message

    damaged = WorkspaceLocation(tmp_path / "damaged")
    damaged.data_dir.mkdir()
    damaged.db_path.write_bytes(b"not a database" * 100)
    assert first_listing(damaged) is None


def test_the_first_listing_opens_the_workspace_file_once(filled: GuiContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """The schema check and the lines share one read-only connection; the reader tells the GUI the check."""
    location = WorkspaceLocation(filled.data_dir)
    opened: list[str] = []
    connect = sqlite3.connect

    def counting(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        opened.append(str(database))
        return connect(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", counting)
    told: list[bool] = []
    listed = first_listing(location, told.append)
    assert listed is not None and len(listed.lines) == len(NAMES) - 1  # the archived one is left out
    assert told == [True]
    assert len(opened) == 1 and opened[0].endswith("?mode=ro")

    opened.clear()
    reader = FirstListingReader(location)
    assert reader.checked.wait(30) and reader.current
    assert reader.result() is not None
    assert len(opened) == 1  # quick_start asks the reader, it does not open the file again
    opened.clear()
    early = quick_start(location, lambda: filled.registry, filled.settings, Opening(), reader)
    assert early is not None and early[1]() is not None
    assert opened == []


def test_the_reader_says_not_current_for_a_newer_schema_or_a_damaged_file(
    tmp_path: Path, registry: FormRegistry
) -> None:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    newer = WorkspaceLocation(tmp_path / "newer")
    build_workspace(newer, registry, "tester").close()
    with sqlite3.connect(newer.db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'from-a-newer-version'")
    conn.close()
    damaged = WorkspaceLocation(tmp_path / "damaged")
    damaged.data_dir.mkdir()
    damaged.db_path.write_bytes(b"not a database" * 100)
    missing = WorkspaceLocation(tmp_path / "missing")
    for location, telling in ((newer, [False]), (damaged, [False]), (missing, [])):
        told: list[bool] = []
        assert first_listing(location, told.append) is None
        assert told == telling  # a file that opens is checked (False); one that cannot open is not
        reader = FirstListingReader(location)
        assert reader.checked.wait(30) and not reader.current
        assert reader.result() is None
        assert quick_start(location, lambda: registry, settings, Opening(), reader) is None
