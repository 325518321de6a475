"""What the desktop GUI may call besides the workspace: reports, packages, the signing key, the PDF font.

The composition root (app.main) implements ``DesktopServices`` over the adapters, which load on first use
(ReportLab and cryptography are not imported at start-up). The GUI sees only this protocol and the outcome
types below; each is a frozen value that can cross from a worker thread to the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:  # annotations only: the GUI imports this module before its first paint
    from app.core.policy import Policy, SubsidyEstimate
    from app.core.portfolio import Portfolio
    from app.core.projects import Project, SpendingEntry
    from app.services.submission import ExportedPackage, ImportOutcome


@dataclass(frozen=True)
class VerifyOutcome:
    """A package's verification as the fronts show it (``report`` is what ``verify --json`` prints)."""

    ok: bool
    report: Mapping[str, Any]
    summary: str
    problems: tuple[str, ...]  # "fail: [code] message" / "warn: [code] message", failures first


@dataclass(frozen=True)
class CountersignPreview:
    """What an assessor confirms before countersigning a package (every text from the package, as given)."""

    source: str
    enterprise: str
    uscc: str
    level: int
    total_score: str
    assessed_on: str
    enterprise_fingerprint: str
    enterprise_trusted: bool | None  # None: the workspace trusts no enterprise key
    assessor_name: str

    def lines(self) -> list[str]:
        trusted = {True: "受信任 trusted", False: "不在信任列表中 not in the trust store", None: "未核验 not checked"}
        return [
            f"企业 enterprise: {self.enterprise}",
            f"统一社会信用代码 USCC: {self.uscc}",
            f"等级 level: {self.level}   总分 score: {self.total_score}",
            f"评测日期 date: {self.assessed_on}",
            f"企业签名密钥 enterprise key: {self.enterprise_fingerprint} ({trusted[self.enterprise_trusted]})",
        ]


@dataclass(frozen=True)
class FontStatus:
    """Whether reports embed a CJK font, and the note to show when they fall back to the built-in one."""

    embedded: bool
    note: str


@dataclass(frozen=True)
class ExportedReport:
    """A PDF report written to ``path``, with the font it was set in."""

    path: Path
    font: FontStatus


KeyProblemKind = Literal[
    "wrong-passphrase", "no-such-file", "file-exists", "weak-passphrase", "unreadable", "no-key-store", "no-passphrase"
]


class KeyProblem(Exception):  # noqa: N818 - a condition the GUI words, not a programming error
    """A signing key cannot be unlocked or created; ``kind`` says why, so the GUI words it in its language."""

    def __init__(self, kind: KeyProblemKind, detail: str = "") -> None:
        super().__init__(detail or kind)
        self.kind: KeyProblemKind = kind
        self.detail = detail


class UnlockedKey(Protocol):
    """A signing key opened once (passphrase given, or the OS key store read), kept by the GUI for a session."""

    @property
    def role(self) -> str: ...

    @property
    def fingerprint(self) -> str: ...

    @property
    def key_file(self) -> Path | None: ...


@dataclass(frozen=True)
class ProjectSubsidy:
    """The estimates (估算) of every policy for a project, and the assessment whose level they use."""

    assessment_id: int | None  # None: no finalized baseline or after assessment yet (no estimate)
    level: int | None
    estimates: tuple[tuple[Policy, SubsidyEstimate], ...]


class DesktopServices(Protocol):
    def export_pdf(self, assessment_id: int, out: Path) -> ExportedReport: ...

    def export_comparison(self, before_id: int, after_id: int, out: Path) -> ExportedReport: ...

    def export_diagnosis(self, assessment_id: int, out: Path) -> ExportedReport:
        """The 诊断报告 as PDF or DOCX (the suffix of ``out`` picks; ValidationError for any other)."""
        ...

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
        """Sign and write a package (with ``key`` when given, the assessor's ``assessor_key`` to countersign);
        raises SigningKeyError when the key cannot be used."""
        ...

    def key_store_available(self) -> bool:
        """Whether the OS key store (keyring) has a usable backend on this machine."""
        ...

    def passphrase_min_length(self) -> int:
        """The shortest passphrase a new key file accepts (the rule ``keys new`` applies)."""
        ...

    def unlock_key(self, role: str, key_file: Path | None, passphrase: str | None = None) -> UnlockedKey:
        """Open the key of ``role`` (the OS key store when ``key_file`` is None); raises KeyProblem."""
        ...

    def create_key(self, role: str, key_file: Path, passphrase: str) -> UnlockedKey:
        """Create a new key file for ``role`` and return it unlocked; raises KeyProblem."""
        ...

    def create_key_file(self, path: Path, passphrase: str) -> str:
        """Create a new key file (the passphrase at least 10 characters); return its fingerprint."""
        ...

    def import_package(self, path: Path, *, accept_unknown: bool = False) -> ImportOutcome: ...

    def verify_package(self, path: Path) -> VerifyOutcome: ...

    def countersign_preview(self, path: Path) -> CountersignPreview:
        """Verify a package for countersigning; raises PackageRejectedError naming why it cannot be."""
        ...

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
        """Add the assessor's signature (``key``, or a key file; SigningKeyError when it cannot be used)."""
        ...

    def signer_fingerprint(self) -> str: ...

    def unverified_imports(self) -> set[int]:
        """Ids of assessments imported with their origin not verified (来源未核验)."""
        ...

    def pdf_font(self) -> FontStatus: ...

    # Transformation projects (改造项目) and the subsidy estimate (app.services.projects)

    def projects(self, enterprise_id: int) -> list[Project]: ...

    def add_project(self, enterprise_id: int, fields: Mapping[str, object]) -> Project:
        """``fields``: contract_no, provider, contract_amount, signed, down_payment, baseline, after (raw input)."""
        ...

    def add_spending(self, project_id: int, fields: Mapping[str, object]) -> SpendingEntry:
        """``fields``: amount, category, spent_on, note (raw input); ValidationError names the field."""
        ...

    def project_subsidy(self, project_id: int) -> ProjectSubsidy: ...

    # The programme's portfolio (app.services.portfolio)

    def policies(self) -> list[Policy]: ...

    def portfolio(self, policy_id: str | None = None) -> Portfolio:
        """``policy_id`` None: the policy whose sub-sectors fit the workspace's enterprises best."""

    # The 一企一档 dossier (app.services.dossier)

    def export_dossier(self, enterprise_id: int, out: Path) -> Path:
        """The enterprise's dossier as one zip, written atomically."""
        ...

    def export_dossiers(
        self, enterprise_ids: Sequence[int], out_dir: Path, progress: Callable[[int, int], None]
    ) -> list[Path]:
        """One zip per enterprise in ``out_dir``; ``progress(done, total)`` after each (on the worker thread;
        an exception it raises stops the batch after the current enterprise)."""
        ...


__all__ = [
    "CountersignPreview",
    "DesktopServices",
    "ExportedPackage",
    "ExportedReport",
    "FontStatus",
    "ImportOutcome",
    "KeyProblem",
    "KeyProblemKind",
    "ProjectSubsidy",
    "UnlockedKey",
    "VerifyOutcome",
]


def __getattr__(name: str) -> Any:
    """The submission outcomes this module re-exports, imported when first asked for (PEP 562)."""
    if name in ("ExportedPackage", "ImportOutcome"):
        from app.services import submission

        return getattr(submission, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
