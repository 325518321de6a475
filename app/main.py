"""The composition root: paths, logging, the database, the key store and services are built here only."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_config_dir

from app import APP_AUTHOR, APP_NAME, __version__, paths
from app.store.location import WorkspaceError, WorkspaceLocation

if TYPE_CHECKING:  # the GUI starts without loading the command line, the services or the store
    from app.core.policy import Policy
    from app.core.portfolio import Portfolio
    from app.core.projects import Project, SpendingEntry
    from app.services.desktop import (
        CountersignPreview,
        ExportedPackage,
        ExportedReport,
        FontStatus,
        ImportOutcome,
        ProjectSubsidy,
        UnlockedKey,
        VerifyOutcome,
    )
    from app.services.forms import FormRegistry
    from app.services.listed import FirstListing
    from app.services.projects import ProjectService
    from app.services.submission import SubmissionService
    from app.services.trust import TrustService
    from app.services.workspace import WorkspaceService

DATABASE_URL_ENV = "SME_ASSESS_DATABASE_URL"
EXIT_FAILURE = 1  # app.cli.EXIT_FAILURE (the command line is loaded only for commands)
EXIT_INTERRUPTED = 130
log = logging.getLogger(__name__)
_log_file: list[Path] = []  # where setup_logging sends the log, once it could


class _LogFileHandler(logging.FileHandler):
    """The log file; a full disk or a vanished folder loses a log line, never prints a traceback."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        pass


class _ConsoleFilter(logging.Filter):
    """The console gets one line per warning, never a traceback; records marked file_only stay in the file."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "file_only", False)


class _ConsoleFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return " ".join(record.getMessage().split("\n"))


def current_actor(location: WorkspaceLocation | None = None) -> str:
    """Who the audit log names: the login name; on a shared server also the computer (``zhang@LAPTOP-3``).

    A team usually shares one database role, and logins repeat across laptops (``admin``, ``user``): the login plus
    the host tells the consultants apart. Capped at the audit column's 100 characters.
    """
    import getpass  # the workspace's actor is named on a worker, after the window shows

    try:
        login = getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers, services)
        login = "unknown"
    if location is not None and not location.is_sqlite_file:
        import socket  # only for a server workspace (the GUI's start imports as little as it can)

        login = f"{login}@{socket.gethostname() or 'unknown-host'}"
    return login[:100]


def build_workspace(location: WorkspaceLocation, registry: FormRegistry, actor: str) -> WorkspaceService:
    """Open the workspace database (SQLAlchemy and the store are imported here, not at start-up)."""
    from app.services.workspace import WorkspaceService
    from app.store.database import open_workspace
    from app.store.evidence import FileEvidenceStore
    from app.store.repository import SqlWorkspaceRepository

    engine = open_workspace(location)
    return WorkspaceService(
        SqlWorkspaceRepository(engine), registry, FileEvidenceStore(location.evidence_dir), actor,
        packages=FileEvidenceStore(location.packages_dir),
    )  # fmt: skip


def database_admin(location: WorkspaceLocation) -> Any:
    from app.store.admin import DatabaseAdmin

    return DatabaseAdmin(location)


def setup_logging(data_dir: Path) -> None:
    """Log to a file in the data directory (and to stderr only when there is one: windowed builds have none)."""
    root = logging.getLogger()
    if root.handlers:
        return
    root.setLevel(logging.INFO)
    try:
        log_dir = data_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = _LogFileHandler(log_dir / "app.log", encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        _log_file[:] = [log_dir / "app.log"]
    except OSError:
        pass
    if sys.stderr is not None:
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        console.addFilter(_ConsoleFilter())
        console.setFormatter(_ConsoleFormatter())
        root.addHandler(console)


def run_gui(location: WorkspaceLocation, registry: Callable[[], FormRegistry], smoke_test: bool) -> int:
    """Start the Qt application (imported only here, so commands never load Qt)."""
    # The first listing is read while Qt loads and the window is built (SQLite works outside the interpreter lock).
    listing = FirstListingReader(location) if location.is_sqlite_file and not smoke_test else None
    from app.ui.app import has_display, settings_for, start_gui

    if not has_display() and not smoke_test:
        print("error: no display found. Start the program from a desktop session, or run a command "
              "(sme-assess --help).", file=sys.stderr)  # fmt: skip
        return 3
    if smoke_test:
        gc.enable()  # paused for a start (app.__main__); the smoke test runs as usual
        # The smoke test walks a real assessment in a throw-away workspace, never the user's.
        import tempfile

        with tempfile.TemporaryDirectory(prefix="sme-smoke-") as tmp:
            temp = WorkspaceLocation(Path(tmp) / "data")
            settings = settings_for(Path(tmp) / "config")
            return start_gui(lambda: gui_context(temp, registry(), settings), settings, temp.data_dir, smoke_test=True)
    settings = settings_for(Path(user_config_dir(APP_NAME, APP_AUTHOR)))
    return start_gui(
        lambda: gui_context(location, registry(), settings),
        settings,
        location.data_dir,
        restore=lambda: database_admin(location).restore(None),
        quick=lambda opening: quick_start(location, registry, settings, opening, listing),
    )


class FirstListingReader:
    """The first listing (app.store.first_listing), read on a thread started at once, while Qt loads.

    ``checked`` is set once the thread has checked the file's schema, ``current`` then saying whether it is the
    current one (False too when the file could not be opened or read): that check comes first, after the
    thread's imports, so the GUI thread neither opens the file again nor imports a module the thread is importing.
    ``result`` waits for the listing.
    """

    def __init__(self, location: WorkspaceLocation) -> None:
        self.checked = threading.Event()
        self.current = False
        self._box: list[FirstListing | None] = []
        self._thread = threading.Thread(target=self._read, args=(location,), name="first-listing", daemon=True)
        self._thread.start()

    def _read(self, location: WorkspaceLocation) -> None:
        try:
            with contextlib.suppress(Exception):  # the caller takes no listing as "the normal way"
                from app.store.first_listing import first_listing

                self._box.append(first_listing(location, self._checked))
        finally:
            self.checked.set()

    def _checked(self, current: bool) -> None:
        self.current = current
        self.checked.set()

    def result(self) -> FirstListing | None:
        self._thread.join()
        return self._box[0] if self._box else None


def quick_start(
    location: WorkspaceLocation,
    registry: Callable[[], FormRegistry],
    settings: Any,
    opening: Any,
    listing: FirstListingReader | None = None,
) -> tuple[Any, Callable[[], FirstListing | None]] | None:
    """A context whose workspace is ``opening``, and the GUI's first listing, read before the workspace opens.

    Only for the workspace file on this computer whose schema is current; None otherwise (a server, a new or
    missing file, one to migrate): then the workspace opens first, as it always did. The listing is read on a
    thread meanwhile (``listing``, else started here); the callable returned waits for it (None if it could not
    be read: the window then lists through the workspace once it is open).
    """
    if not location.is_sqlite_file:
        return None
    reading = listing if listing is not None else FirstListingReader(location)
    reading.checked.wait()
    if not reading.current:
        return None
    from app.ui.context import GuiContext

    ctx = GuiContext(workspace=opening.workspace, registry=registry(), data_dir=location.data_dir,
                     settings=settings, services=opening.services, team_server=False)  # fmt: skip
    return ctx, reading.result


def gui_context(location: WorkspaceLocation, registry: FormRegistry, settings: Any) -> Any:
    """Open the workspace and assemble what the GUI needs (runs on a worker thread while the window shows)."""
    from app.ui.context import GuiContext

    workspace = build_workspace(location, registry, current_actor(location))
    return GuiContext(workspace=workspace, registry=registry, data_dir=location.data_dir, settings=settings,
                      services=DesktopAdapters(workspace, registry, location.data_dir),
                      team_server=not location.is_sqlite_file)  # fmt: skip


class DesktopAdapters:
    """The GUI's DesktopServices (app.services.desktop) over the adapters, which load on first use."""

    def __init__(self, workspace: WorkspaceService, registry: FormRegistry, data_dir: Path | None = None) -> None:
        self.workspace = workspace
        self.registry = registry
        self.data_dir = data_dir  # where installed policies are (None: the bundled ones only)
        self._default: SubmissionService | None = None

    def _submission(self, key_file: Path | None = None, passphrase: str | None = None) -> SubmissionService:
        if key_file is not None:  # a key file the user just chose: not remembered
            return submission_for(self.workspace, self.registry, key_file, passphrase)
        if self._default is None:
            self._default = submission_for(self.workspace, self.registry, None, None)
        return self._default

    def _submission_with(self, key: UnlockedKey, assessor_key: UnlockedKey | None) -> SubmissionService:
        from app.wiring import build_submission

        return build_submission(
            self.workspace,
            self.registry,
            _key_source(key),
            _key_source(assessor_key) if assessor_key is not None else None,
        )

    def export_pdf(self, assessment_id: int, out: Path) -> ExportedReport:
        from app.services.desktop import ExportedReport

        return ExportedReport(self._submission().export_pdf(assessment_id, out), self.pdf_font())

    def export_diagnosis(self, assessment_id: int, out: Path) -> ExportedReport:
        from app.services.desktop import ExportedReport

        return ExportedReport(diagnosis_for(self.workspace, self.data_dir).export(assessment_id, out), self.pdf_font())

    def export_comparison(self, before_id: int, after_id: int, out: Path) -> ExportedReport:
        from app.services.desktop import ExportedReport

        return ExportedReport(self._submission().export_comparison_pdf(before_id, after_id, out), self.pdf_font())

    def export_package(
        self,
        assessment_id: int,
        out: Path,
        *,
        key_file: Path | None = None,
        passphrase: str | None = None,
        countersign: bool = False,
        key: UnlockedKey | None = None,
        assessor_key: UnlockedKey | None = None,
    ) -> ExportedPackage:
        if key is not None:
            service = self._submission_with(key, assessor_key)
            return service.export_package(assessment_id, out, countersign=countersign)
        return self._submission(key_file, passphrase).export_package(assessment_id, out, countersign=countersign)

    def create_key_file(self, path: Path, passphrase: str) -> str:
        return str(new_key_file(path, passphrase).fingerprint())

    def key_store_available(self) -> bool:
        from app.package.keys import KeyStore

        return KeyStore.available()

    def passphrase_min_length(self) -> int:
        from app.package.keys import MIN_PASSPHRASE_LENGTH

        return MIN_PASSPHRASE_LENGTH

    def unlock_key(self, role: str, key_file: Path | None, passphrase: str | None = None) -> UnlockedKey:
        from app.wiring import KeySource

        with _key_problems():
            if key_file is not None and not key_file.is_file():
                from app.services.desktop import KeyProblem

                raise KeyProblem("no-such-file", str(key_file))
            source = KeySource(key_file, passphrase, label=role)
            store = source.store()
            store.private_key()  # unlock now (scrypt), so a later export does not ask again
            return GuiKey(role, store.fingerprint(), key_file, source)

    def create_key(self, role: str, key_file: Path, passphrase: str) -> UnlockedKey:
        from app.package.keys import FileKeyStore
        from app.wiring import KeySource

        with _key_problems():
            FileKeyStore.create(key_file, passphrase, role)
            source = KeySource(key_file, passphrase, label=role)
            return GuiKey(role, source.store().fingerprint(), key_file, source)

    def import_package(self, path: Path, *, accept_unknown: bool = False) -> ImportOutcome:
        return self._submission().import_package(path, accept_unknown=accept_unknown)

    def verify_package(self, path: Path) -> VerifyOutcome:
        return verify_file(path, self.registry, trusted_roles=trust_service(self.workspace).by_role())

    def countersign_preview(self, path: Path) -> CountersignPreview:
        return countersign_preview(path, self.registry, trust_service(self.workspace).by_role())

    def countersign(
        self,
        path: Path,
        out: Path,
        *,
        key_file: Path | None = None,
        passphrase: str | None = None,
        name: str,
        key: UnlockedKey | None = None,
    ) -> Path:
        source = _key_source(key) if key is not None else None
        return countersign_file(path, out, self.registry, key_file, passphrase, name, source)

    def unverified_imports(self) -> set[int]:
        return trust_service(self.workspace).store.unverified_imports()

    def signer_fingerprint(self) -> str:
        fingerprint = self._submission().signer_fingerprint
        if fingerprint is None:  # build_submission always wires one; a narrower build would say so here
            from app.services.submission import SigningKeyError

            raise SigningKeyError("no signing key is configured")
        return fingerprint()

    def _projects(self) -> ProjectService:
        return project_service(self.workspace)

    def projects(self, enterprise_id: int) -> list[Project]:
        return self._projects().projects(enterprise_id)

    def add_project(self, enterprise_id: int, fields: Mapping[str, object]) -> Project:
        f = dict(fields)
        return self._projects().add(
            enterprise_id, contract_no=f.get("contract_no"), provider=f.get("provider"),
            contract_amount=f.get("contract_amount"), signed=f.get("signed"), down_payment=f.get("down_payment"),
            baseline=f.get("baseline"), after=f.get("after"),
        )  # fmt: skip

    def add_spending(self, project_id: int, fields: Mapping[str, object]) -> SpendingEntry:
        f = dict(fields)
        return self._projects().spend(project_id, amount=f.get("amount"), category=f.get("category"),
                                      spent_on=f.get("spent_on"), note=f.get("note", ""))  # fmt: skip

    def project_subsidy(self, project_id: int) -> ProjectSubsidy:
        from app.services.desktop import ProjectSubsidy
        from app.services.policies import load_policy_set

        service = self._projects()
        project = service.project(project_id)
        basis = service.level_basis(project)
        if basis is None:
            return ProjectSubsidy(None, None, ())
        policies = load_policy_set(self.data_dir).policies
        _, estimates = service.subsidy(project, policies)
        return ProjectSubsidy(basis.assessment.id, basis.level, tuple(zip(policies, estimates, strict=True)))

    def policies(self) -> list[Policy]:
        from app.services.policies import load_policies

        return load_policies(self.data_dir)

    def portfolio(self, policy_id: str | None = None) -> Portfolio:
        service = portfolio_service(self.workspace, self.data_dir)
        result: Portfolio = service.compute(policy_id)
        return result

    def export_dossier(self, enterprise_id: int, out: Path) -> Path:
        path: Path = dossier_for(self.workspace, self.registry, self.data_dir).write(enterprise_id, out)
        return path

    def export_dossiers(
        self, enterprise_ids: Sequence[int], out_dir: Path, progress: Callable[[int, int], None]
    ) -> list[Path]:
        service = dossier_for(self.workspace, self.registry, self.data_dir)
        paths: list[Path] = service.write_many(enterprise_ids, out_dir, lambda done, total, _e: progress(done, total))
        return paths

    def pdf_font(self) -> FontStatus:
        from app.services.desktop import FontStatus
        from app.wiring import report_font

        font = report_font()
        return FontStatus(font.embedded, font.note)


class GuiKey:
    """An unlocked signing key the GUI keeps for its session (``source`` holds the opened key store)."""

    def __init__(self, role: str, fingerprint: str, key_file: Path | None, source: Any) -> None:
        self._role, self._fingerprint, self._key_file, self.source = role, fingerprint, key_file, source

    @property
    def role(self) -> str:
        return self._role

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    @property
    def key_file(self) -> Path | None:
        return self._key_file


def _key_source(key: UnlockedKey) -> Any:
    if not isinstance(key, GuiKey):
        raise TypeError("not a key unlocked by these services")
    return key.source


@contextlib.contextmanager
def _key_problems() -> Any:
    """Turn the key store's errors into KeyProblem kinds, which the GUI words in its own language."""
    from app.package.keys import KeyFileError, KeyStoreError, KeyStoreUnavailableError, WrongPassphraseError
    from app.services.desktop import KeyProblem
    from app.services.submission import SigningKeyError

    try:
        yield
    except KeyProblem:
        raise
    except (KeyStoreError, SigningKeyError) as exc:
        cause = exc.__cause__ if isinstance(exc, SigningKeyError) and exc.__cause__ is not None else exc
        detail = str(exc)
        if isinstance(cause, WrongPassphraseError):
            raise KeyProblem("wrong-passphrase", detail) from exc
        if isinstance(cause, KeyStoreUnavailableError):
            raise KeyProblem("no-key-store", detail) from exc
        if isinstance(cause, KeyFileError) and "at least" in detail:
            raise KeyProblem("weak-passphrase", detail) from exc
        if isinstance(cause, KeyFileError) and "exists already" in detail:
            raise KeyProblem("file-exists", detail) from exc
        if isinstance(cause, KeyFileError) and "no such key file" in detail:
            raise KeyProblem("no-such-file", detail) from exc
        raise KeyProblem("unreadable", detail) from exc


def diagnosis_for(workspace: WorkspaceService, data_dir: Path | None = None) -> Any:
    """The 诊断报告 service, with the subsidy estimates of every city policy (installed ones from ``data_dir``)."""
    from app.services.diagnosis import DiagnosisService, policy_estimates
    from app.services.policies import load_policies
    from app.wiring import render_diagnosis

    return DiagnosisService(workspace, render_diagnosis, policy_estimates(load_policies(data_dir)))


def submission_for(
    workspace: WorkspaceService,
    registry: FormRegistry,
    key_file: Path | None,
    passphrase: str | None,
    assessor_key: tuple[Path | None, str | None] = (None, None),
) -> SubmissionService:
    from app.wiring import KeySource, build_submission

    assessor = KeySource(assessor_key[0], assessor_key[1], label="assessor")
    return build_submission(workspace, registry, KeySource(key_file, passphrase), assessor)


def signing_key(key_file: Path | None, passphrase: str | None, role: str = "enterprise") -> Any:
    from app.wiring import KeySource

    source = KeySource(key_file, passphrase, label=role)
    source.store()
    return source


def new_key_file(path: Path, passphrase: str, role: str = "enterprise") -> Any:
    """Create a key file (``keys new``): the only place a key file is created."""
    from app.package import KeyStoreError
    from app.package.keys import FileKeyStore
    from app.wiring import signing_key_error

    try:
        FileKeyStore.create(path, passphrase, role)
    except KeyStoreError as exc:
        raise signing_key_error(exc) from exc
    return signing_key(path, passphrase, role)


def trust_service(workspace: WorkspaceService) -> TrustService:
    from app.services.trust import TrustService
    from app.store.repository import SqlWorkspaceRepository

    repo = workspace.repo
    assert isinstance(repo, SqlWorkspaceRepository)  # the only repository this composition root builds
    return TrustService(repo, workspace.actor)


def project_service(workspace: WorkspaceService) -> ProjectService:
    from app.services.projects import ProjectService
    from app.store.projects import SqlProjectStore
    from app.store.repository import SqlWorkspaceRepository

    repo = workspace.repo
    assert isinstance(repo, SqlWorkspaceRepository)  # the only repository this composition root builds
    return ProjectService(SqlProjectStore(repo), workspace)


def portfolio_service(workspace: WorkspaceService, data_dir: Path | None = None) -> Any:
    """The portfolio over the workspace's database, with the bundled and installed policies."""
    from app.services.policies import load_policies
    from app.services.portfolio import PortfolioService
    from app.store.portfolio import SqlPortfolio
    from app.store.repository import SqlWorkspaceRepository

    repo = workspace.repo
    assert isinstance(repo, SqlWorkspaceRepository)  # the only repository this composition root builds
    return PortfolioService(SqlPortfolio(repo), workspace.registry, load_policies(data_dir))


def read_public_key(path: Path) -> bytes:
    from app import cli
    from app.package import load_public_key_file

    try:
        return load_public_key_file(path)
    except (OSError, ValueError) as exc:
        raise cli.UsageError(f"{exc}") from exc


def countersign_preview(
    path: Path, registry: FormRegistry, trusted_roles: Mapping[str, Sequence[bytes]]
) -> CountersignPreview:
    """Verify a package before countersigning and return what the assessor confirms."""
    from app.core.answers import decimal_to_json
    from app.core.records import check_received_record
    from app.package import PackageVerificationError, verify_package
    from app.services.desktop import CountersignPreview
    from app.services.submission import PackageRejectedError

    try:
        loaded = verify_package(path, registry, load=True)
    except PackageVerificationError as exc:
        lines = [f"[{c.code}] {c.message}" for c in exc.report.failures]
        raise PackageRejectedError(f"{path}: 评测包校验未通过 (verification failed): " + "; ".join(lines)) from exc
    try:  # an assessor does not countersign what a workspace will not take in
        check_received_record(loaded.record())
    except ValueError as exc:
        raise PackageRejectedError(f"{path}: 拒绝副署 (refused): {exc}") from exc
    enterprise = next(s for s in loaded.signatures if s.role == "enterprise")
    trusted_keys_ = {fp for fp in (fingerprint_of(k) for k in trusted_roles.get("enterprise", ()))}
    m = loaded.manifest
    return CountersignPreview(
        source=str(path),
        enterprise=m.enterprise.name,
        uscc=m.enterprise.uscc,
        level=loaded.score.level,
        total_score=str(decimal_to_json(loaded.score.total_score)),
        assessed_on=m.assessment.assessed_on or "",
        enterprise_fingerprint=enterprise.fingerprint,
        enterprise_trusted=(enterprise.fingerprint in trusted_keys_) if trusted_keys_ else None,
        assessor_name=m.assessment.assessor.name,
    )


def fingerprint_of(public_key: bytes) -> str:
    from app.package import fingerprint

    return fingerprint(public_key)


def countersign_file(
    path: Path,
    out: Path,
    registry: FormRegistry,
    key_file: Path | None,
    passphrase: str | None,
    name: str,
    source: Any = None,
) -> Path:
    """Verify the package again, add the assessor's signature over the same manifest bytes, write atomically."""
    from app.core.fileio import read_regular_file
    from app.package import SignerRole, verify_package
    from app.package.countersign import CountersignError, add_countersignature, write_countersigned
    from app.package.safezip import DEFAULT_LIMITS, ArchiveError
    from app.services.submission import KeyFileRefusedError, PackageRejectedError
    from app.services.workspace import text_field
    from app.wiring import KeySource

    name = text_field("signer", name)  # typed, or the package's assessor: the rule every signer name follows
    data = read_regular_file(path, DEFAULT_LIMITS.max_archive_size)
    report = verify_package(data, registry, source=str(path))
    if not report.ok:
        raise PackageRejectedError(report.summary())
    keys = source if source is not None else KeySource(key_file, passphrase, label="assessor")
    signer = keys.signer(SignerRole.ASSESSOR, name)
    try:
        signed = add_countersignature(data, signer)
    except CountersignError as exc:
        raise KeyFileRefusedError(f"{path}: {exc}; nothing was written") from exc
    except (ArchiveError, ValueError) as exc:
        raise PackageRejectedError(f"{path}: {exc}") from exc
    try:
        return write_countersigned(out, signed)
    except CountersignError as exc:
        raise KeyFileRefusedError(str(exc)) from exc


def answers_report(form: Any, answers: Any, result: Any) -> bytes:
    from app.wiring import render_pdf

    return render_pdf(form, None, answers, result)


def trusted_keys(trust: Sequence[Path]) -> list[bytes]:
    """Read the public keys given with ``verify --trust``; a bad file is a usage error naming it."""
    from app import cli
    from app.package import load_public_key_file

    try:
        return [load_public_key_file(p) for p in trust]
    except (OSError, ValueError) as exc:
        raise cli.UsageError(f"trust: {exc}") from exc


def verify_file(
    path: Path,
    registry: FormRegistry,
    trusted: Sequence[bytes] = (),
    countersign: bool = False,
    strict: bool = False,
    trusted_roles: Mapping[str, Sequence[bytes]] | None = None,
) -> VerifyOutcome:
    """Verify one package: ``trusted`` (``--trust`` files) in any role, ``trusted_roles`` (the trust store) each
    in its role. Never raises for a bad package: anything unexpected is a failed check, not a traceback."""
    from app.package import verify_package
    from app.package.verify import Check, VerificationReport
    from app.services.desktop import VerifyOutcome

    roles = ("enterprise", "assessor") if countersign else ("enterprise",)
    try:
        report = verify_package(
            path,
            registry,
            trusted=trusted,
            require_roles=roles,
            strict=strict,
            trusted_roles=trusted_roles,
        )
    except Exception as exc:  # a verifier bug must still give this file a verdict and let the batch go on
        logging.getLogger(__name__).info("verifying %s failed", path, exc_info=True)  # the log file only
        report = VerificationReport(str(path), (Check("internal", "fail", f"cannot verify: {type(exc).__name__}"),))
    problems = tuple(f"{c.status}: [{c.code}] {c.message}" for c in (*report.failures, *report.warnings))
    return VerifyOutcome(report.ok, report.to_json(), report.summary(), problems)


def diagnostics() -> dict[str, Any]:
    """What a support request needs: the key store backend, the PDF font, where files are."""
    import keyring

    from app.core.scoring import NATIVE
    from app.package.format import fast_json
    from app.wiring import report_font

    font = report_font()
    return {
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        # The compiled parts in use: the scoring core (mypyc) and the verifier's JSON fast path.
        "accelerators": {"scoring": "compiled" if NATIVE else "python", "package_json": fast_json() or "json"},
        "keyring_backend": f"{type(keyring.get_keyring()).__module__}.{type(keyring.get_keyring()).__name__}",
        "pdf_font": {"embedded": font.embedded, "path": font.path, "note": font.note},
        "forms_dir": str(paths.forms_dir()),
        "resources_dir": str(paths.resources_dir()),
    }


def gui_request(args: Sequence[str]) -> tuple[str | None, bool] | None:
    """Return (data dir, smoke test) when the arguments ask for the GUI (no command), else None."""
    data_dir: str | None = None
    smoke_test = False
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--smoke-test":
            smoke_test = True
        elif arg == "--data-dir" and rest:
            data_dir = rest.pop(0)
        elif arg.startswith("--data-dir="):
            data_dir = arg.split("=", 1)[1]
        else:
            return None
    return data_dir, smoke_test


def registry_loader(data_dir: Path) -> Callable[[], FormRegistry]:
    """Load the bundled forms and those installed in the data directory once, on first use."""
    box: list[FormRegistry] = []

    def registry() -> FormRegistry:
        if not box:
            from app.services.forms import FormRegistry

            box.append(FormRegistry.load(paths.forms_dir(), paths.installed_forms_dir(data_dir)))
        return box[0]

    return registry


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command, or the GUI when there is none.

    No input ends in a traceback: an unexpected failure is logged (with its traceback) to the log file only,
    and the command line gets one line ``error: …`` and exit status 1. Argument errors stay exit status 2.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(args)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # whoever read the output (| head) has gone: nothing more to say
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    except Exception as exc:
        shown = [a if len(a) <= 200 else a[:200] + "…" for a in args]
        log.error("unexpected failure of %r", shown, exc_info=True, extra={"file_only": True})
        where = f"; the details are in {_log_file[0]}" if _log_file else ""
        cause = " ".join(f"{type(exc).__name__}: {exc}".split())
        print(f"error: 内部错误 (unexpected failure: {cause}){where}", file=sys.stderr)
        return EXIT_FAILURE


def programme_for(workspace: WorkspaceService, data_dir: Path | None = None) -> Any:
    """export-xlsx: the workbook over the workspace, its projects and the city policies (installed from data_dir)."""
    from app.report.workbook import write_workbook
    from app.services.policies import load_policies
    from app.services.programme import ProgrammeExport
    from app.store.programme import SqlPackageLedger
    from app.store.repository import SqlWorkspaceRepository

    repo = workspace.repo
    assert isinstance(repo, SqlWorkspaceRepository)  # the only repository this composition root builds
    return ProgrammeExport(workspace, project_service(workspace), load_policies(data_dir), write_workbook,
                           SqlPackageLedger(repo))  # fmt: skip


def dossier_for(workspace: WorkspaceService, registry: FormRegistry, data_dir: Path | None = None) -> Any:
    """dossier: the 一企一档 over the report, diagnosis and project services (no signing key is opened)."""
    from app.report.common import ReportOptions
    from app.report.dossier import render_dossier_index, render_project_page
    from app.services.dossier import DossierService
    from app.store.programme import SqlPackageLedger
    from app.store.repository import SqlWorkspaceRepository
    from app.wiring import report_font

    repo = workspace.repo
    assert isinstance(repo, SqlWorkspaceRepository)  # the only repository this composition root builds

    def options() -> ReportOptions:
        return ReportOptions(font=report_font(), app_version=__version__)

    return DossierService(
        workspace, submission_for(workspace, registry, None, None), diagnosis_for(workspace, data_dir),
        project_service(workspace), lambda index: render_dossier_index(index, options()),
        lambda page: render_project_page(page, options()), SqlPackageLedger(repo),
    )  # fmt: skip


def _main(args: list[str]) -> int:
    gui = gui_request(args)
    if gui is not None:
        # The GUI path imports as little as possible before its first window is on screen.
        data_dir = paths.resolve_data_dir(gui[0])
        setup_logging(data_dir)
        location = WorkspaceLocation(data_dir, os.environ.get(DATABASE_URL_ENV) or None)
        return run_gui(location, registry_loader(data_dir), smoke_test=gui[1])
    gc.enable()  # paused for the window's start by app.__main__; a command runs as usual
    from app import cli

    parsed, _ = cli.build_parser().parse_known_args(args)
    data_dir = paths.resolve_data_dir(getattr(parsed, "data_dir", None))
    location = WorkspaceLocation(data_dir, os.environ.get(DATABASE_URL_ENV) or None)
    setup_logging(data_dir)
    registry = registry_loader(data_dir)
    ctx = cli.Context(
        data_dir=data_dir,
        registry_factory=registry,
        stdout=sys.stdout,
        stderr=sys.stderr,
        workspace_factory=lambda: build_workspace(location, registry(), current_actor(location)),
        db_admin_factory=lambda: database_admin(location),
        submission_factory=lambda ws, key_file, passphrase, assessor_key: submission_for(
            ws, registry(), key_file, passphrase, assessor_key
        ),
        verifier=lambda path, trust, countersign, strict, roles: verify_file(
            path, registry(), trusted_keys(trust), countersign, strict, roles
        ),
        answers_report=answers_report,
        diagnosis_factory=lambda ws: diagnosis_for(ws, data_dir),
        diagnostics=diagnostics,
        keys_factory=signing_key,
        key_creator=new_key_file,
        trust_factory=trust_service,
        projects_factory=project_service,
        portfolio_factory=lambda ws: portfolio_service(ws, data_dir),
        programme_factory=lambda ws: programme_for(ws, data_dir),
        dossier_factory=lambda ws: dossier_for(ws, registry(), data_dir),
        public_key_reader=read_public_key,
        countersign_preview=lambda path, roles: countersign_preview(path, registry(), roles),
        countersigner=lambda path, out, key_file, passphrase, name: countersign_file(
            path, out, registry(), key_file, passphrase, name
        ),
    )
    try:
        return cli.run(args, ctx)
    except WorkspaceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return cli.EXIT_FAILURE
