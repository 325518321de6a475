"""What the desktop GUI may call besides the workspace: reports, packages, the signing key, the PDF font.

The composition root (app.main) implements ``DesktopServices`` over the adapters, which load on first use
(ReportLab and cryptography are not imported at start-up). The GUI sees only this protocol and the outcome
types below; each is a frozen value that can cross from a worker thread to the GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from app.services.submission import ExportedPackage, ImportOutcome


@dataclass(frozen=True)
class VerifyOutcome:
    """A package's verification as the fronts show it (``report`` is what ``verify --json`` prints)."""

    ok: bool
    report: Mapping[str, Any]
    summary: str
    problems: tuple[str, ...]  # "fail: [code] message" / "warn: [code] message", failures first


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


class DesktopServices(Protocol):
    def export_pdf(self, assessment_id: int, out: Path) -> ExportedReport: ...

    def export_comparison(self, before_id: int, after_id: int, out: Path) -> ExportedReport: ...

    def export_package(
        self,
        assessment_id: int,
        out: Path,
        *,
        key_file: Path | None = None,
        passphrase: str | None = None,
        countersign: bool = False,
    ) -> ExportedPackage:
        """Sign and write a package; raises SigningKeyError when the key cannot be used (ask for a key file)."""
        ...

    def import_package(self, path: Path) -> ImportOutcome: ...

    def verify_package(self, path: Path) -> VerifyOutcome: ...

    def signer_fingerprint(self) -> str: ...

    def pdf_font(self) -> FontStatus: ...


__all__ = ["DesktopServices", "ExportedPackage", "ExportedReport", "FontStatus", "ImportOutcome", "VerifyOutcome"]
