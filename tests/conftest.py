"""Fixtures shared by every test: the installed forms, loaded the way the app loads them.

Also ``require``: a test that needs a system package (Qt's libraries, a CJK font) skips without it locally, but
fails when ``CI=true`` so that CI cannot pass by skipping.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import keyring.backends.fail
import pytest

from app.core.form import Form
from app.services.forms import FormRegistry
from tests.pgserver import Cluster, from_environment, server_bin_dir

if TYPE_CHECKING:
    from tests.package import MemoryKeyring  # tests.package imports this module's constants

ROOT = Path(__file__).resolve().parent.parent
FORMS_DIR = ROOT / "forms"
SAMPLES_DIR = ROOT / "resources" / "samples"
FORM_ID = "miit-2024"
# Every test says which revision it means: the shipped samples are answered on revision 1 (which stays installed,
# unchanged, so that assessments and packages pinned to it keep working); new assessments start on the newest.
SAMPLE_REVISION = 1
NEWEST_REVISION = 3
CI = os.environ.get("CI", "").strip().lower() in ("true", "1")


def install_line(*checks: str) -> str:
    """The apt-get line for the system packages whose dev.py check starts with one of ``checks`` ("lib:", …)."""
    import dev

    packages = [p for p, found in dev.system_packages("test") if any(f.startswith(checks) for f in found)]
    return "apt-get install -y --no-install-recommends " + " ".join(packages)


def require(present: bool, what: str, *checks: str) -> None:
    """Skip (the test, or the module when called at import) if ``what`` is missing; under CI=true, fail instead."""
    if present:
        return
    message = f"{what} is missing: {install_line(*checks)} (python3 dev.py test installs it when run as root)"
    if CI:
        pytest.fail("CI=true: " + message, pytrace=False)
    pytest.skip(message, allow_module_level=True)


@pytest.fixture
def installed_font() -> Path:
    """The CJK TrueType font this machine has (dev.py installs one on Linux); skip, or fail under CI, without."""
    from app.report.fonts import ENV_VAR, find_cjk_font

    wqy = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    choice = find_cjk_font(env={ENV_VAR: str(wqy)}) if wqy.is_file() else find_cjk_font()
    require(choice.embedded and choice.path is not None, "a CJK TrueType font", "font:")
    assert choice.path is not None
    return Path(choice.path)


def _qt_error() -> str | None:
    try:
        import PySide6.QtGui  # loads libEGL, libGL, libfontconfig, libxkbcommon, libglib …)
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as exc:
        return str(exc)
    return None


QT_ERROR = _qt_error()


QT_TESTS = ROOT / "tests" / "ui"


def _qt_message() -> str:
    return f"a system library Qt needs ({QT_ERROR}) is missing: {install_line('lib:')}"


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # Runs while this file is registered, before pytest-qt starts Qt (which would stop the run with an INTERNALERROR
    # traceback) and before tests/ui is imported.
    if QT_ERROR is None:
        return
    if CI:
        raise pytest.UsageError("CI=true: " + _qt_message())
    pluginmanager.set_blocked("pytest-qt")


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    # Without Qt's libraries the GUI tests cannot even be imported: leave them out (locally; CI stops above).
    if QT_ERROR is not None and collection_path == QT_TESTS:
        return True
    return None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if QT_ERROR is not None:
        terminalreporter.write_line(f"NOT RUN tests/ui: {_qt_message()}", yellow=True)
    if _PG_TESTS:
        counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(_PG_OUTCOMES.items()))
        ok = set(_PG_OUTCOMES) <= {"passed"}
        terminalreporter.write_line(f"PostgreSQL: {len(_PG_TESTS)} tests on the server: {counts}", green=ok, red=not ok)


# The tests that run on PostgreSQL (backend "postgresql", or a PostgreSQL fixture), counted in the summary above.
_PG_TESTS: set[str] = set()
_PG_OUTCOMES: Counter[str] = Counter()


def pytest_collection_finish(session: pytest.Session) -> None:
    for item in session.items:  # what runs, after -k and --deselect
        callspec = getattr(item, "callspec", None)
        on_server = callspec is not None and callspec.params.get("backend") == "postgresql"
        if on_server or {"pg_url", "pg_cluster"} & set(getattr(item, "fixturenames", ())):
            _PG_TESTS.add(item.nodeid)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.nodeid not in _PG_TESTS:
        return
    if report.when == "call" or report.outcome != "passed":
        _PG_OUTCOMES["error" if report.failed and report.when != "call" else report.outcome] += 1


def require_qt() -> None:
    require(QT_ERROR is None, f"a system library Qt needs ({QT_ERROR})", "lib:")


@pytest.fixture(scope="session")
def registry() -> FormRegistry:
    return FormRegistry.from_dir(FORMS_DIR)


@pytest.fixture(scope="session")
def form(registry: FormRegistry) -> Form:
    """Revision 1, the revision the shipped samples and the test packages are answered on."""
    return registry.get(FORM_ID, SAMPLE_REVISION)


@pytest.fixture(scope="session")
def newest_form(registry: FormRegistry) -> Form:
    """The newest revision: what a new assessment starts on."""
    form = registry.get(FORM_ID)
    assert form.revision == NEWEST_REVISION
    return form


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A PostgreSQL server for the whole run: SME_ASSESS_TEST_PG_URL's, or a throwaway cluster started here."""
    cluster = from_environment()
    if cluster is not None:
        yield cluster
        return
    bin_dir = server_bin_dir()
    require(bin_dir is not None, "PostgreSQL's server programs (initdb, pg_ctl)", "file:/usr/lib/postgresql")
    assert bin_dir is not None
    cluster = Cluster.start(bin_dir)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database of this test's own, dropped afterwards."""
    url = pg_cluster.create_database()
    try:
        yield url
    finally:
        pg_cluster.drop_database(url)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory OS key store, set through keyring's own backend API (the seam keyring offers)."""
    from tests.package import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def no_os_key_store() -> Iterator[None]:
    """No OS key store, set through keyring's own API: the environment variable PYTHON_KEYRING_BACKEND is read
    only by the first get_keyring of the process, which an earlier test may have made."""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)
