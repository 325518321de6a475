"""The command line: scripted use and the checks receiving systems run.

Exit status: 0 success, 2 invalid input (nothing on stdout, the file and the item named on stderr),
1 any other failure: among them a stored assessment that fails its check when read (a finalized one that no
longer matches its content digest, an invalid stored answer) and a save refused as a conflict with another
user's change (both named on stderr).
"""

from __future__ import annotations

import argparse
import functools
import getpass
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from app import __version__
from app.core.answers import AnswerDocumentError, AnswerSet, decimal_to_json, parse_json_text
from app.core.display import json_safe, safe_text
from app.core.fileio import check_replaceable, write_atomic
from app.core.form import Form
from app.core.records import Assessment, AssessmentKind, Assessor, Enterprise
from app.core.scoring import ScoreResult
from app.services.scoring import ScoredDocument, score_document
from app.services.texts import UNVERIFIED_LABEL

if TYPE_CHECKING:  # the services a command's factory builds; a command imports what it runs
    from app.services.desktop import CountersignPreview, VerifyOutcome
    from app.services.diagnosis import DiagnosisService
    from app.services.dossier import DossierService
    from app.services.forms import FormRegistry
    from app.services.portfolio import PortfolioService
    from app.services.ports import TamperCheck
    from app.services.programme import ProgrammeExport
    from app.services.projects import ProjectService
    from app.services.submission import ImportOutcome, SubmissionService
    from app.services.trust import TrustService
    from app.services.workspace import WorkspaceService

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID = 2


class UsageError(Exception):
    """Invalid input; the message names the file or item."""


class SigningKey(Protocol):
    def fingerprint(self) -> str: ...
    def export_public_key(self, path: Path) -> Path: ...


class DbAdmin(Protocol):
    def check(self) -> str: ...
    def verify(self) -> TamperCheck: ...
    def backup(self) -> Path: ...
    def restore(self, backup: Path | None) -> Path: ...
    def backups(self) -> list[Path]: ...


@dataclass
class Context:
    """What commands need, built by app.main; the workspace is opened only by commands that use it."""

    data_dir: Path
    registry_factory: Callable[[], FormRegistry]
    stdout: TextIO
    stderr: TextIO
    workspace_factory: Callable[[], WorkspaceService] | None = None
    db_admin_factory: Callable[[], DbAdmin] | None = None
    # (workspace, key file, passphrase) -> the report/package service; built by app.main.
    submission_factory: (
        Callable[[WorkspaceService, Path | None, str | None, tuple[Path | None, str | None]], SubmissionService] | None
    ) = None
    # (package, trusted public-key files (any role), require a countersignature, strict, the trust store's keys by
    # role) -> the verifier's outcome.
    verifier: Callable[[Path, list[Path], bool, bool, Mapping[str, list[bytes]]], VerifyOutcome] | None = None
    answers_report: Callable[[Form, AnswerSet, ScoreResult], bytes] | None = None
    diagnosis_factory: Callable[[WorkspaceService], DiagnosisService] | None = None  # findings report
    diagnostics: Callable[[], dict[str, Any]] | None = None
    keys_factory: Callable[[Path | None, str | None, str], SigningKey] | None = None
    key_creator: Callable[[Path, str, str], SigningKey] | None = None  # (path, passphrase, role): keys new
    trust_factory: Callable[[WorkspaceService], TrustService] | None = None
    public_key_reader: Callable[[Path], bytes] | None = None
    countersign_preview: Callable[[Path, Mapping[str, list[bytes]]], CountersignPreview] | None = None
    # (package, out, assessor key file, passphrase, name) -> the written package
    countersigner: Callable[[Path, Path, Path, str, str], Path] | None = None
    projects_factory: Callable[[WorkspaceService], ProjectService] | None = None  # app.cli.projects
    portfolio_factory: Callable[[WorkspaceService], PortfolioService] | None = None  # app.cli.portfolio
    programme_factory: Callable[[WorkspaceService], ProgrammeExport] | None = None  # app.cli.programme: export-xlsx
    dossier_factory: Callable[[WorkspaceService], DossierService] | None = None  # app.cli.programme: dossier
    _registry: FormRegistry | None = None
    _workspace: WorkspaceService | None = None

    @property
    def registry(self) -> FormRegistry:
        if self._registry is None:
            self._registry = self.registry_factory()
        return self._registry

    @property
    def workspace(self) -> WorkspaceService:
        if self._workspace is None:
            if self.workspace_factory is None:
                raise RuntimeError("no workspace configured")
            self._workspace = self.workspace_factory()
        return self._workspace

    def submission(
        self,
        key_file: Path | None = None,
        passphrase: str | None = None,
        assessor_key: tuple[Path | None, str | None] = (None, None),
    ) -> SubmissionService:
        if self.submission_factory is None:
            raise UsageError("reports and packages are not available in this build")
        return self.submission_factory(self.workspace, key_file, passphrase, assessor_key)

    def trust(self) -> TrustService:
        if self.trust_factory is None:
            raise UsageError("the trust store is not available in this build")
        return self.trust_factory(self.workspace)

    def trusted_roles(self) -> dict[str, list[bytes]]:
        return self.trust().by_role() if self.trust_factory is not None else {}

    @property
    def db_admin(self) -> DbAdmin:
        if self.db_admin_factory is None:
            raise RuntimeError("no database administration configured")
        return self.db_admin_factory()


@functools.cache  # app.main reads the data folder with it before run() parses the command: built once
def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="workspace folder (default: $SME_ASSESS_DATA_DIR or the per-user data directory)",
    )
    parser = argparse.ArgumentParser(
        prog="sme-assess",
        description="中小企业数字化水平评测 (MIIT 2024): self-assessment, level-two plan, signed package.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"sme-assess {__version__}")
    parser.add_argument("--smoke-test", action="store_true", help="walk a complete assessment through the GUI")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("forms", parents=[common], help="list the questionnaire forms (bundled and installed)")
    p.add_argument("--json", action="store_true", help="one JSON object per form")
    p.set_defaults(handler=cmd_forms)
    forms_sub = p.add_subparsers(dest="action", metavar="ACTION")
    p = forms_sub.add_parser("install", parents=[common], help="validate a form file and install it")
    p.add_argument("files", nargs="+", metavar="FILE.json")
    p.add_argument("--json", action="store_true", help="one JSON object per installed form")
    p.set_defaults(handler=cmd_forms_install)

    p = sub.add_parser("score", parents=[common], help="score answer documents")
    p.add_argument("files", nargs="+", metavar="FILE", help="answer document (JSON); '-' reads stdin")
    p.add_argument("--json", action="store_true", help="print one JSON object per file, one per line")
    p.set_defaults(handler=cmd_score)

    _add_workspace_commands(sub, common)
    _add_submission_commands(sub, common)
    from app.cli import findings as findings_commands  # a command group of its own module

    findings_commands.register(sub, common)
    from app.cli.projects import add_project_commands

    add_project_commands(sub, common)
    from app.cli.portfolio import add_portfolio_command

    add_portfolio_command(sub, common)
    from app.cli import programme as programme_commands  # export-xlsx, dossier

    programme_commands.register(sub, common)
    return parser


def _add_submission_commands(sub: Any, common: argparse.ArgumentParser) -> None:  # noqa: PLR0915 (a flat list)
    keys = argparse.ArgumentParser(add_help=False)
    keys.add_argument("--key-file", type=Path, default=None,
                      help="sign with a passphrase-protected key file instead of the OS key store "
                           "(passphrase from $SME_ASSESS_KEY_PASSPHRASE or a prompt)")  # fmt: skip
    p = sub.add_parser("report", parents=[common], help="write a PDF report")
    p.add_argument("assessment", nargs="?", type=int, help="assessment id")
    p.add_argument("--answers", metavar="FILE.json", help="a report from an answer document alone")
    p.add_argument("--compare", nargs=2, type=int, metavar=("ID1", "ID2"), help="a before/after comparison report")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_report)
    p = sub.add_parser("export", parents=[common, keys], help="export a finalized assessment as a signed package")
    p.add_argument("assessment", type=int)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.sdap")
    p.add_argument("--signer", default="", help="the signer's name (default: the enterprise contact)")
    p.add_argument(
        "--countersign",
        action="store_true",
        help="add the assessor's countersignature (the assessor key of this user's key store, or "
        "--assessor-key-file; passphrase from $SME_ASSESS_ASSESSOR_KEY_PASSPHRASE or a prompt)",
    )
    p.add_argument("--assessor-key-file", type=Path, default=None, help="the assessor's passphrase-protected key file")
    p.set_defaults(handler=cmd_export)
    p = sub.add_parser("verify", parents=[common], help="verify signed packages offline; exit 0 only if all pass")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.add_argument("--trust", action="append", default=[], type=Path, metavar="PUBKEY_FILE",
                   help="accept only signatures by these public keys (repeatable)")  # fmt: skip
    p.add_argument("--require-countersignature", action="store_true", help="require an assessor's countersignature")
    p.add_argument("--strict", action="store_true",
                   help="fail a package whose form revision is not installed here (default: a warning)")  # fmt: skip
    p.set_defaults(handler=cmd_verify)
    p = sub.add_parser("import", parents=[common],
                       help="verify packages, add them to the workspace (folders: every .sdap under them)")  # fmt: skip
    p.add_argument("files", nargs="+", metavar="DIR_OR_FILE")
    p.add_argument("--csv", type=Path, metavar="FILE", help="also write the summary as CSV (UTF-8, Excel reads it)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--trust", action="append", default=[], type=Path, metavar="PUBKEY_FILE",
                   help="also trust these public keys for this run (repeatable)")  # fmt: skip
    p.add_argument("--accept-unknown", action="store_true",
                   help=f"import packages signed by an unknown key, marked {UNVERIFIED_LABEL}")  # fmt: skip
    p.set_defaults(handler=cmd_import)
    p = sub.add_parser("countersign", parents=[common], help="verify a package and add the assessor's signature")
    p.add_argument("file", type=Path, metavar="FILE.sdap")
    p.add_argument("--out", required=True, type=Path, metavar="FILE2.sdap")
    p.add_argument("--key-file", required=True, type=Path, help="the assessor's key file (keys new --role assessor)")
    p.add_argument("--name", default="", help="the assessor's name (default: the assessor named in the package)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation (scripts)")
    p.set_defaults(handler=cmd_countersign)
    p = sub.add_parser("keys", parents=[common, keys], help="the signing key: show its fingerprint, export it")
    p.add_argument("--export-public", type=Path, metavar="FILE", help="write the public key (PEM) to FILE")
    p.add_argument(
        "--role",
        choices=["enterprise", "assessor"],
        default="enterprise",
        help="the enterprise's key (default) or the assessor's countersigning key",
    )
    p.set_defaults(handler=cmd_keys)
    keys_sub = p.add_subparsers(dest="action", metavar="ACTION")
    q = keys_sub.add_parser("new", parents=[common], help="create a passphrase-protected key file")
    q.add_argument("--key-file", required=True, type=Path, help="the new key file (must not exist)")
    q.add_argument("--role", choices=["enterprise", "assessor"], default="enterprise")
    q.add_argument("--export-public", type=Path, metavar="FILE", help="also write the public key (PEM) to FILE")
    q.set_defaults(handler=cmd_keys_new)
    trust = keys_sub.add_parser("trust", parents=[common], help="the workspace's trusted public keys")
    trust_sub = trust.add_subparsers(dest="trust_action", metavar="ACTION", required=True)
    q = trust_sub.add_parser("add", parents=[common], help="trust a public key in one role")
    q.add_argument("public_key", type=Path, metavar="PUB.pem")
    q.add_argument("--role", choices=["enterprise", "assessor"], required=True)
    q.add_argument("--name", default="")
    q.add_argument("--uscc", default="", help="tie an enterprise key to its USCC")
    q.set_defaults(handler=cmd_trust_add)
    q = trust_sub.add_parser("list", parents=[common], help="list the trusted keys")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_trust_list)
    q = trust_sub.add_parser("remove", parents=[common], help="stop trusting a key (every role)")
    q.add_argument("fingerprint")
    q.set_defaults(handler=cmd_trust_remove)
    p = sub.add_parser("diagnose", parents=[common], help="report the key store backend, PDF font and paths")
    p.set_defaults(handler=cmd_diagnose)


def _add_workspace_commands(sub: Any, common: argparse.ArgumentParser) -> None:  # noqa: PLR0915 (a flat list of subcommands reads best)
    ent = sub.add_parser("enterprises", parents=[common], help="the workspace's enterprises")
    ent_sub = ent.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ent_sub.add_parser("add", parents=[common], help="add an enterprise; prints its id")
    p.add_argument("--name", required=True, help="企业名称")
    p.add_argument("--uscc", required=True, help="统一社会信用代码 (18 characters, check character verified)")
    p.add_argument("--industry", default="", help="GB/T 4754 门类 and 大类, e.g. C34")
    p.add_argument("--region", default="", help="地区")
    p.add_argument("--size", default="", help="large | medium | small | micro (大型/中型/小型/微型)")
    scale = p.add_mutually_exclusive_group()
    scale.add_argument("--above-scale", dest="above_scale", action="store_true", default=None, help="规上")
    scale.add_argument("--below-scale", dest="above_scale", action="store_false", help="规下")
    p.add_argument("--specialized", default="none", help="none | innovative | specialized | little_giant")
    p.add_argument("--products", default="", help="主要产品")
    p.add_argument("--contact", default="", help="联系人")
    p.add_argument("--phone", default="", help="联系电话")
    p.add_argument("--pilot-subsector", default="", help="试点细分行业")
    p.add_argument("--traction-unit", default="", help="牵引单位")
    p.set_defaults(handler=cmd_enterprises_add)
    p = ent_sub.add_parser("list", parents=[common], help="list enterprises with their assessments")
    p.add_argument("--json", action="store_true")
    p.add_argument("--search", default="", help="filter by name, USCC, region or traction unit")
    p.add_argument("--all", action="store_true", help="include archived enterprises (marked [已归档 archived])")
    p.set_defaults(handler=cmd_enterprises_list)
    from app.cli import enterprise_admin  # delete, archive, unarchive: a module of their own

    enterprise_admin.register(ent_sub, common)

    asm = sub.add_parser("assessments", parents=[common], help="assessments and their answers")
    asm_sub = asm.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = asm_sub.add_parser("new", parents=[common], help="start an assessment; prints its id")
    p.add_argument("--enterprise", required=True, metavar="USCC_OR_ID")
    p.add_argument("--kind", choices=[k.value for k in AssessmentKind], default="baseline")
    p.add_argument("--answers", metavar="FILE", help="answer document to start from")
    p.add_argument("--form", default=None, help="form id (default: the answer document's, else miit-2024)")
    p.add_argument("--assessor", default="", help="评测人 name")
    p.add_argument("--organisation", default="", help="评测人 organisation")
    p.add_argument("--role", default="", help="评测人 role")
    p.add_argument("--on-site", action="store_true", help="现场评定 (on-site assessment)")
    p.add_argument("--date", default=None, help="assessment date, YYYY-MM-DD (default: today)")
    p.set_defaults(handler=cmd_assessments_new)
    p = asm_sub.add_parser("list", parents=[common], help="list an enterprise's assessments")
    p.add_argument("--enterprise", required=True, metavar="USCC_OR_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_assessments_list)
    p = asm_sub.add_parser("show", parents=[common], help="answers and score result")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_assessments_show)
    p = asm_sub.add_parser(
        "answer", parents=[common], help="set one answer (Q1 B,C · S01 2 · Q2.rate 35 · notes.Q1 text)"
    )
    p.add_argument("id", type=int)
    p.add_argument("item")
    p.add_argument("value", help="the value; '-' or '' clears it")
    p.set_defaults(handler=cmd_assessments_answer)
    p = asm_sub.add_parser("finalize", parents=[common], help="freeze a complete assessment")
    p.add_argument("id", type=int)
    p.set_defaults(handler=cmd_assessments_finalize)
    p = asm_sub.add_parser("correct", parents=[common], help="start a correction of a finalized assessment")
    p.add_argument("id", type=int)
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_assessments_correct)
    p = asm_sub.add_parser("compare", parents=[common], help="before/after differences of one enterprise")
    p.add_argument("before", type=int)
    p.add_argument("after", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_assessments_compare)
    p = asm_sub.add_parser("history", parents=[common], help="the audit log of an assessment")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_assessments_history)
    p = asm_sub.add_parser("evidence", parents=[common], help="attach, list or remove evidence files")
    p.add_argument("id", type=int)
    p.add_argument("--add", nargs=2, metavar=("ITEM", "FILE"), help="attach FILE to ITEM (Q1…, S01…)")
    p.add_argument("--description", default="")
    p.add_argument("--remove", type=int, metavar="EVIDENCE_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_assessments_evidence)

    db = sub.add_parser("db", parents=[common], help="workspace database: check, backup, restore")
    db_sub = db.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = db_sub.add_parser("check", parents=[common], help="run the integrity check")
    p.set_defaults(handler=cmd_db_check)
    p = db_sub.add_parser("backup", parents=[common], help="write a backup now")
    p.set_defaults(handler=cmd_db_backup)
    p = db_sub.add_parser("restore", parents=[common], help="restore the newest good backup (or --from FILE)")
    p.add_argument("--from", dest="source", metavar="FILE", default=None)
    p.add_argument("--list", action="store_true", help="list the backups instead")
    p.set_defaults(handler=cmd_db_restore)


def run(argv: Sequence[str], ctx: Context) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    handler: Callable[[argparse.Namespace, Context], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(ctx.stdout)
        return EXIT_OK
    try:
        return handler(args, ctx)
    except Exception as exc:
        status = _refusal(exc, ctx.stderr)
        if status is None:
            raise
        return status


def _refusal(exc: Exception, stderr: TextIO) -> int | None:
    """Name a command's refusal on stderr and return its exit status; None when ``exc`` is not a refusal.

    The services' exception classes are imported only once a command has failed (the command that raised one
    has loaded its module already), so that a command imports just the services it runs.
    """
    from app.services.ports import (
        ConflictError,
        DamagedRecordError,
        DuplicateError,
        FinalizedError,
        NotFoundError,
        StorageError,
    )
    from app.services.submission import (
        ExportFailedError,
        KeyFileRefusedError,
        PackageRejectedError,
        SigningKeyError,
    )
    from app.services.workspace import ValidationError

    invalid = (UsageError, ValidationError, NotFoundError, DuplicateError, FinalizedError, PackageRejectedError,
               KeyFileRefusedError)  # fmt: skip
    if isinstance(exc, invalid):
        print(f"error: {safe_text(exc)}", file=stderr)
        return EXIT_INVALID
    if isinstance(exc, AnswerDocumentError):
        for err in exc.errors:  # the item may be a key of the document: outside text
            print(f"error: {safe_text(f'{err.item}: {err.message}')}", file=stderr)
        return EXIT_INVALID
    if isinstance(exc, (SigningKeyError, ExportFailedError, StorageError, DamagedRecordError, ConflictError)):
        print(f"error: {safe_text(exc)}", file=stderr)
        return EXIT_FAILURE
    if isinstance(exc, OSError):
        print(f"error: {describe_os_error(exc)}", file=stderr)
        return EXIT_FAILURE
    return None


def describe_os_error(exc: OSError) -> str:
    """One line naming the path and the cause."""
    if exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    return str(exc)


def _form_row(form: Form) -> dict[str, Any]:
    return {
        "id": form.id,
        "revision": form.revision,
        "title": form.title,
        "hash": form.content_hash,
        "source": form.source,
        "scenes": len(form.scenes),
        "target_level": form.target_level,
    }


def cmd_forms(args: argparse.Namespace, ctx: Context) -> int:
    registry = ctx.registry
    for form in sorted(registry.forms, key=lambda f: (f.id, f.revision)):
        if args.json:
            print(json.dumps(_form_row(form), ensure_ascii=False), file=ctx.stdout)
        else:
            print(f"{form.id}\t{form.revision}\t{form.title}\t{form.content_hash}\t{form.source}", file=ctx.stdout)
    for message in registry.conflicts.values():
        print(f"warning: refused: {message}", file=ctx.stderr)
    for problem in registry.problems:
        print(f"warning: installed form not used: {problem.message}", file=ctx.stderr)
    return EXIT_OK


def cmd_forms_install(args: argparse.Namespace, ctx: Context) -> int:
    """Validate every file first; install only when all of them are valid (exit 2 naming the file and field)."""
    from app.paths import installed_forms_dir
    from app.services.forms import FormFile, FormInstallError, check_form_file, install_form

    registry = ctx.registry
    checked: tuple[FormFile, ...] = ()
    try:
        for name in args.files:
            checked = (*checked, check_form_file(Path(name), registry, checked))
    except FormInstallError as exc:
        raise UsageError(str(exc)) from exc
    target = installed_forms_dir(ctx.data_dir)
    done = [install_form(item, target) for item in checked]
    for item in done:
        status = "already installed" if item.already_installed else "installed"
        if args.json:
            row = {**_form_row(item.form), "status": status, "file": item.where}
            print(json.dumps(row, ensure_ascii=False), file=ctx.stdout)
        else:
            form, place = item.form, f"in {item.where}" if item.already_installed else f"as {item.where}"
            print(f"{status}: {form.id} revision {form.revision} ({form.content_hash}) {place}", file=ctx.stdout)
    return EXIT_OK


def read_document(name: str) -> Any:
    """Read and parse an answer document; raise UsageError naming the file."""
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise UsageError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    try:
        return parse_json_text(raw)
    except AnswerDocumentError as exc:
        raise UsageError(f"{name}: {exc}") from exc


def cmd_score(args: argparse.Namespace, ctx: Context) -> int:
    # Validate every file before printing anything, so invalid input leaves stdout empty.
    scored: list[tuple[str, ScoredDocument]] = []
    problems: list[str] = []
    for name in args.files:
        try:
            data = read_document(name)
            scored.append((name, score_document(ctx.registry, data)))
        except UsageError as exc:
            problems.append(str(exc))
        except AnswerDocumentError as exc:
            problems.extend(f"{name}: {err.item}: {err.message}" for err in exc.errors)
    if problems:
        for line in problems:  # a document's keys and the names given are outside text
            print(f"error: {safe_text(line)}", file=ctx.stderr)
        return EXIT_INVALID
    for name, doc in scored:
        if args.json:
            print(json.dumps(doc.result.to_json(), ensure_ascii=False), file=ctx.stdout)
        else:
            print(format_result(name, doc.form, doc.result), file=ctx.stdout)
    return EXIT_OK


def _num(value: Any) -> str:
    return str(decimal_to_json(value))


def _level_text(ctx: Context, assessment: Assessment, level: int) -> str:
    """An assessment's level named by the form it was answered on (its number when that form is not installed)."""
    try:
        return ctx.registry.get(assessment.form_id, assessment.form_revision).level_name(level)
    except LookupError:
        return f"level {level}"


def format_result(name: str, form: Form, r: ScoreResult) -> str:
    """A short human-readable summary of one result (level names and the target from the form it was scored on)."""
    target = form.target_level
    zh, en = form.level_name(target), form.level_name(target, "en")
    lines = [
        f"{name}: {r.form_id} rev {r.form_revision}",
        f"  总分 total: {_num(r.total_score)} / {_num(form.max_total)}   等级 level: {form.level_name(r.level)}"
        f"  (score level {r.score_level}, scene level {r.scene_level})",
        "  " + "   ".join(f"{dim}: {_num(pts)}" for dim, pts in r.dimension_scores.items()),
    ]
    counted = next((c for c in r.scene_counts if c.level == target), None)
    if counted is not None:
        lines.append(f"  {zh}及以上场景 scenes at {en}+: {counted.scenes} (约束性 constrained {counted.constrained})")
    if not r.complete:
        lines.append(f"  未完成 incomplete, missing: {', '.join(r.missing)}")
    gap = r.gap_to_level_2  # the plan to the form's target level (the JSON name is kept for receivers)
    if gap.reached:
        lines.append(f"  已达到{zh} {en} reached")
    else:
        lines.append(
            f"  距{zh} to {en}: {_num(gap.points_needed)} points, {gap.scene_upgrades_needed} scene(s)"
            f" ({gap.constrained_upgrades_needed} constrained)"
        )
        for i, step in enumerate(gap.question_steps, 1):
            texts = "；".join(o.text for o in step.options)
            lines.append(f"    {i}. {step.question_id} +{_num(step.points_gain)}: {texts}")
        for i, sstep in enumerate(gap.scene_steps, len(gap.question_steps) + 1):
            lines.append(f"    {i}. {sstep.scene_id} {sstep.name} → {sstep.to_level}: {sstep.text}")
    for w in r.warnings:
        lines.append(f"  ⚠ {w.message}")
    return "\n".join(lines)


def _print_json(ctx: Context, data: Any) -> None:
    print(json_safe(json.dumps(data, ensure_ascii=False)), file=ctx.stdout)


def enterprise_json(e: Enterprise) -> dict[str, Any]:
    return {
        "id": e.id, "name": e.name, "uscc": e.uscc, "industry": e.industry_section + e.industry_division,
        "region": e.region, "size": e.size.value if e.size else None, "above_scale": e.above_scale,
        "specialized": e.specialized.value, "main_products": e.main_products, "contact_name": e.contact_name,
        "contact_phone": e.contact_phone, "pilot_subsector": e.pilot_subsector, "traction_unit": e.traction_unit,
    }  # fmt: skip


def assessment_json(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.id, "enterprise_id": a.enterprise_id, "form": a.form_id, "form_revision": a.form_revision,
        "form_hash": a.form_hash, "kind": a.kind.value, "status": a.status.value,
        "assessor": {"name": a.assessor.name, "organisation": a.assessor.organisation, "role": a.assessor.role},
        "on_site": a.on_site, "assessed_on": a.assessed_on.isoformat() if a.assessed_on else None,
        "created_at": a.created_at.isoformat() if a.created_at else None,
        "updated_at": a.updated_at.isoformat() if a.updated_at else None,
        "finalized_at": a.finalized_at.isoformat() if a.finalized_at else None,
        "revision_of": a.revision_of, "revision_reason": a.revision_reason,
    }  # fmt: skip


def cmd_enterprises_add(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.workspace import EnterpriseInput

    raw = EnterpriseInput(
        name=args.name, uscc=args.uscc, industry=args.industry, region=args.region, size=args.size,
        above_scale=args.above_scale, specialized=args.specialized, main_products=args.products,
        contact_name=args.contact, contact_phone=args.phone, pilot_subsector=args.pilot_subsector,
        traction_unit=args.traction_unit,
    )  # fmt: skip
    print(ctx.workspace.add_enterprise(raw).id, file=ctx.stdout)
    return EXIT_OK


def _unverified(ctx: Context) -> set[int]:
    """Assessments imported with their origin not verified (来源未核验)."""
    return ctx.trust().store.unverified_imports() if ctx.trust_factory is not None else set()


ARCHIVED_LABEL = "已归档 / archived"  # the marker of an archived enterprise in `enterprises list --all`


def cmd_enterprises_list(args: argparse.Namespace, ctx: Context) -> int:
    unverified = _unverified(ctx)
    for listing in ctx.workspace.list_enterprises(args.search, include_archived=args.all):
        e = listing.enterprise
        if args.json:
            row = enterprise_json(e)
            row["archived"] = e.archived
            row["assessments"] = [
                {
                    "id": s.assessment.id, "kind": s.assessment.kind.value, "status": s.assessment.status.value,
                    "assessed_on": s.assessment.assessed_on.isoformat() if s.assessment.assessed_on else None,
                    "level": s.summary.level if s.summary else None,
                    "total_score": decimal_to_json(s.summary.total) if s.summary else None,
                    "complete": s.summary.complete if s.summary else False,
                    "origin_verified": s.assessment.id not in unverified,
                }
                for s in listing.assessments
            ]  # fmt: skip
            _print_json(ctx, row)
        else:
            levels = ", ".join(
                f"#{s.assessment.id} {s.assessment.kind.label} "
                f"{_level_text(ctx, s.assessment, s.summary.level) if s.summary else '-'}"
                + (f" [{UNVERIFIED_LABEL}]" if s.assessment.id in unverified else "")
                for s in listing.assessments
            )
            marker = f" [{ARCHIVED_LABEL}]" if e.archived else ""
            print(safe_text(f"{e.id}\t{e.uscc}\t{e.name}{marker}\t{levels}"), file=ctx.stdout)
    return EXIT_OK


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        from app.services.workspace import ValidationError

        raise ValidationError("date", f"not a date in YYYY-MM-DD form: {text!r}") from None


def cmd_assessments_new(args: argparse.Namespace, ctx: Context) -> int:
    document = read_document(args.answers) if args.answers else None
    created = ctx.workspace.new_assessment(
        args.enterprise,
        kind=AssessmentKind(args.kind),
        answers_document=document,
        assessor=Assessor(args.assessor.strip(), args.organisation.strip(), args.role.strip()),
        on_site=args.on_site,
        assessed_on=_parse_date(args.date),
        form_id=args.form,
    )
    print(created.id, file=ctx.stdout)
    return EXIT_OK


def cmd_assessments_list(args: argparse.Namespace, ctx: Context) -> int:
    for s in ctx.workspace.list_assessments(args.enterprise):
        a = s.assessment
        if args.json:
            row = assessment_json(a)
            row["level"] = s.summary.level if s.summary else None
            row["total_score"] = decimal_to_json(s.summary.total) if s.summary else None
            _print_json(ctx, row)
        else:
            level = f"{_level_text(ctx, a, s.summary.level)} {decimal_to_json(s.summary.total)}分" if s.summary else "-"
            print(f"{a.id}\t{a.kind.label}\t{a.status.value}\t{a.assessed_on or ''}\t{level}", file=ctx.stdout)
    return EXIT_OK


def cmd_assessments_show(args: argparse.Namespace, ctx: Context) -> int:
    ws = ctx.workspace
    record = ws.record(args.id)
    form, answers, result = ws.result(args.id)
    if args.json:
        _print_json(
            ctx,
            {
                "assessment": assessment_json(record.assessment),
                "enterprise": enterprise_json(record.enterprise),
                "answers": answers.to_document(),
                "result": result.to_json(),
                "evidence": [
                    {"id": ev.id, "item": ev.item, "filename": ev.filename, "sha256": ev.sha256, "size": ev.size}
                    for ev in record.evidence
                ],
                "content_digest": record.content_digest(),
                "origin_verified": args.id not in _unverified(ctx),
            },
        )
        return EXIT_OK
    a = record.assessment
    mark = f" [{UNVERIFIED_LABEL}]" if args.id in _unverified(ctx) else ""
    print(
        safe_text(f"{record.enterprise.name} ({record.enterprise.uscc}) — #{a.id} {a.kind.label} {a.status.value}")
        + mark,
        file=ctx.stdout,
    )
    print(format_result(f"assessment {a.id}", form, result), file=ctx.stdout)
    return EXIT_OK


def cmd_assessments_answer(args: argparse.Namespace, ctx: Context) -> int:
    result = ctx.workspace.answer(args.id, args.item, args.value)
    print(f"total {decimal_to_json(result.total_score)} level {result.level}", file=ctx.stdout)
    return EXIT_OK


def cmd_assessments_finalize(args: argparse.Namespace, ctx: Context) -> int:
    done = ctx.workspace.finalize(args.id)
    print(f"finalized {done.id} at {done.finalized_at.isoformat() if done.finalized_at else ''}", file=ctx.stdout)
    return EXIT_OK


def cmd_assessments_correct(args: argparse.Namespace, ctx: Context) -> int:
    print(ctx.workspace.correct(args.id, args.reason).id, file=ctx.stdout)
    return EXIT_OK


def cmd_assessments_compare(args: argparse.Namespace, ctx: Context) -> int:
    c = ctx.workspace.compare(args.before, args.after)
    if args.json:
        _print_json(ctx, c.to_json())
        return EXIT_OK
    print(f"等级 level: {c.level_before} → {c.level_after}", file=ctx.stdout)
    print(f"总分 total: {_num(c.total_before)} → {_num(c.total_after)}", file=ctx.stdout)
    for q in c.changed_questions:
        before, after = ",".join(q.before) or "-", ",".join(q.after) or "-"
        print(f"  {q.question_id}: {before} → {after} ({decimal_to_json(q.delta):+})", file=ctx.stdout)
    for sc in c.changed_scenes:
        print(f"  {sc.scene_id} {sc.name}: {sc.before} → {sc.after}", file=ctx.stdout)
    return EXIT_OK


def cmd_assessments_history(args: argparse.Namespace, ctx: Context) -> int:
    for entry in ctx.workspace.history(args.id):
        if args.json:
            _print_json(
                ctx,
                {"at": entry.at.isoformat(), "actor": entry.actor, "action": entry.action, "key": entry.key,
                 "old": entry.old, "new": entry.new},
            )  # fmt: skip
        else:
            print(f"{entry.at.isoformat()}\t{entry.actor}\t{entry.action}\t{entry.key}\t{entry.old} → {entry.new}",
                  file=ctx.stdout)  # fmt: skip
    return EXIT_OK


def cmd_assessments_evidence(args: argparse.Namespace, ctx: Context) -> int:
    ws = ctx.workspace
    if args.add:
        item, file = args.add
        ev = ws.add_evidence(args.id, item, Path(file), args.description)
        print(ev.id, file=ctx.stdout)
        return EXIT_OK
    if args.remove is not None:
        ws.remove_evidence(args.remove)
        return EXIT_OK
    for ev in ws.evidence(args.id):
        if args.json:
            _print_json(
                ctx, {"id": ev.id, "item": ev.item, "filename": ev.filename, "sha256": ev.sha256, "size": ev.size}
            )
        else:
            print(f"{ev.id}\t{ev.item}\t{ev.filename}\t{ev.size}\t{ev.sha256}", file=ctx.stdout)
    return EXIT_OK


def cmd_db_check(args: argparse.Namespace, ctx: Context) -> int:
    admin = ctx.db_admin
    status = admin.check()
    print(f"integrity: {status}", file=ctx.stdout)
    if status != "ok":
        return EXIT_FAILURE
    # Tamper evidence: every finalized assessment against its seal, then the audit log's hash chain.
    tamper = admin.verify()
    for m in tamper.mismatched:
        print(
            f"mismatch: finalized assessment {m.assessment_id} (enterprise {m.enterprise_id}) does not match its "
            "content digest",
            file=ctx.stdout,
        )
    print(f"seals: {tamper.sealed - len(tamper.mismatched)} of {tamper.sealed} finalized assessments ok",
          file=ctx.stdout)  # fmt: skip
    if tamper.audit_break is None:
        print(f"audit chain: ok ({tamper.audit_rows} rows)", file=ctx.stdout)
    else:
        print(f"audit chain: broken at audit log row {tamper.audit_break.row_id}: {tamper.audit_break.reason}",
              file=ctx.stdout)  # fmt: skip
    return EXIT_OK if tamper.ok else EXIT_FAILURE


def cmd_db_backup(args: argparse.Namespace, ctx: Context) -> int:
    print(ctx.db_admin.backup(), file=ctx.stdout)
    return EXIT_OK


def cmd_db_restore(args: argparse.Namespace, ctx: Context) -> int:
    admin = ctx.db_admin
    if args.list:
        for path in admin.backups():
            print(path, file=ctx.stdout)
        return EXIT_OK
    chosen = admin.restore(Path(args.source) if args.source else None)
    print(f"restored from {chosen}", file=ctx.stdout)
    return EXIT_OK


def _passphrase(key_file: Path | None, env_name: str = "SME_ASSESS_KEY_PASSPHRASE") -> str | None:
    if key_file is None:
        return None
    if not key_file.is_file():  # keys are created only by `keys new`: a mistyped path creates nothing
        raise UsageError(f"{key_file}: no such key file (create one with: keys new --key-file {key_file})")
    env = os.environ.get(env_name)
    if env:
        return env
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"passphrase for {key_file}: ")
    raise UsageError(f"{key_file}: set {env_name} or run interactively to enter the passphrase")


def _new_passphrase(key_file: Path, env_name: str) -> str:
    """A new key file's passphrase: from the environment (scripts), or typed twice."""
    env = os.environ.get(env_name)
    if env:
        return env
    if sys.stdin is None or not sys.stdin.isatty():
        raise UsageError(f"{key_file}: set {env_name} or run interactively to choose the passphrase")
    first = getpass.getpass(f"new passphrase for {key_file} (at least 10 characters): ")
    if getpass.getpass("the same passphrase again: ") != first:
        raise UsageError("the two passphrases differ; no key file was created")
    return first


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    if args.answers:
        if ctx.answers_report is None:
            raise UsageError("reports are not available in this build")
        scored = score_document(ctx.registry, read_document(args.answers))
        pdf = ctx.answers_report(scored.form, scored.answers, scored.result)
        # write_report's refusal and write, without loading the submission service (no workspace is involved)
        if not args.out.parent.is_dir():
            raise UsageError(f"out: folder {args.out.parent} does not exist")
        write_atomic(args.out, pdf)
    elif args.compare:
        ctx.submission().export_comparison_pdf(args.compare[0], args.compare[1], args.out)
    elif args.assessment is not None:
        ctx.submission().export_pdf(args.assessment, args.out)
    else:
        raise UsageError("report: give an ASSESSMENT_ID, --answers FILE or --compare ID1 ID2")
    print(args.out, file=ctx.stdout)
    return EXIT_OK


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    assessor_key = (args.assessor_key_file, _passphrase(args.assessor_key_file, "SME_ASSESS_ASSESSOR_KEY_PASSPHRASE"))
    service = ctx.submission(args.key_file, _passphrase(args.key_file), assessor_key)
    exported = service.export_package(
        args.assessment, args.out, signer_name=args.signer, countersign=args.countersign or bool(args.assessor_key_file)
    )
    print(f"{exported.path}\t{exported.fingerprint}", file=ctx.stdout)
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, ctx: Context) -> int:
    """Every file gets a verdict; `--trust` files are trusted in any role, the trust store's keys in theirs."""
    if ctx.verifier is None:
        raise UsageError("package verification is not available in this build")
    roles = ctx.trusted_roles()
    status = EXIT_OK
    for name in args.files:
        outcome = ctx.verifier(Path(name), list(args.trust), args.require_countersignature, args.strict, roles)
        if args.json:
            _print_json(ctx, outcome.report)
        else:
            print(safe_text(outcome.summary), file=ctx.stdout)
            for line in outcome.problems:
                print(f"  {safe_text(line)}", file=ctx.stdout)
        if not outcome.ok:
            status = EXIT_FAILURE
    return status


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    """Import each package in its own transaction; a bad one gets its verdict and the batch goes on."""
    from app.services import bulk_import

    service = ctx.submission()
    trusted = []
    if args.trust:
        if ctx.public_key_reader is None:
            raise UsageError("public keys cannot be read in this build")
        from app.services.trust import key_fingerprint

        trusted = [key_fingerprint(ctx.public_key_reader(p)) for p in args.trust]
    if args.csv is not None:  # before any package is imported: a summary that cannot be written stops nothing half-way
        try:
            check_replaceable(args.csv)
        except OSError as exc:
            raise UsageError(f"cannot write {args.csv}: {exc.strerror or exc}") from None
    files = bulk_import.package_files(args.files)

    def import_one(path: Path) -> ImportOutcome:
        return service.import_package(path, accept_unknown=args.accept_unknown, trusted=trusted)

    verdicts = []
    for v in bulk_import.import_batch(files, import_one, bulk_import.describer(service.repo)):
        verdicts.append(v)
        name = str(v.file)
        if v.refused:
            _import_refused(ctx, args, name, f"{name}: {v.reason}")
        elif args.json:
            row = {"file": name, "status": v.status, "assessment": v.assessment_id}
            _print_json(ctx, row | {"enterprise": v.enterprise_id, "new_enterprise": v.new_enterprise,
                                    "origin_verified": v.origin_verified})  # fmt: skip
        else:
            note = f"\t{v.note}" if v.note else ""
            print(safe_text(f"{name}\t{v.status}\tassessment {v.assessment_id}") + note, file=ctx.stdout)
    if args.csv is not None:
        try:
            bulk_import.write_csv(verdicts, args.csv)
        except OSError as exc:
            raise UsageError(f"cannot write {args.csv}: {exc.strerror or exc}") from None
    print(bulk_import.summary_line(verdicts), file=ctx.stderr if args.json else ctx.stdout)
    return EXIT_FAILURE if any(v.refused for v in verdicts) else EXIT_OK


def _import_refused(ctx: Context, args: argparse.Namespace, name: str, reason: str) -> None:
    if args.json:
        _print_json(ctx, {"file": name, "status": "refused", "reason": reason})
    else:
        print(safe_text(f"{name}\trefused"), file=ctx.stdout)
    print(f"error: {safe_text(reason)}", file=ctx.stderr)


def cmd_countersign(args: argparse.Namespace, ctx: Context) -> int:
    """Verify, show what is being countersigned, confirm, sign over the same manifest bytes, write atomically."""
    if ctx.countersign_preview is None or ctx.countersigner is None:
        raise UsageError("countersigning is not available in this build")
    passphrase = _passphrase(args.key_file, "SME_ASSESS_ASSESSOR_KEY_PASSPHRASE")
    assert passphrase is not None
    preview = ctx.countersign_preview(args.file, ctx.trusted_roles())
    print(f"评测包 package: {safe_text(args.file)}", file=ctx.stdout)
    for line in preview.lines():
        print(f"  {safe_text(line)}", file=ctx.stdout)
    if not args.yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise UsageError("countersign: confirm interactively, or pass --yes")
        answer = input("副署此评测包？countersign this package? [y/N] ").strip().lower()
        if answer not in ("y", "yes", "是"):
            print("not signed", file=ctx.stderr)
            return EXIT_FAILURE
    name = args.name.strip() or preview.assessor_name
    if not name:
        raise UsageError("countersign: the package names no assessor; give --name")
    out = ctx.countersigner(args.file, args.out, args.key_file, passphrase, name)
    print(safe_text(out), file=ctx.stdout)
    return EXIT_OK


def cmd_keys(args: argparse.Namespace, ctx: Context) -> int:
    if ctx.keys_factory is None:
        raise UsageError("signing keys are not available in this build")
    env = "SME_ASSESS_ASSESSOR_KEY_PASSPHRASE" if args.role == "assessor" else "SME_ASSESS_KEY_PASSPHRASE"
    store = ctx.keys_factory(args.key_file, _passphrase(args.key_file, env), args.role)
    print(f"fingerprint: {store.fingerprint()}", file=ctx.stdout)
    if args.export_public:
        print(f"public key written: {store.export_public_key(args.export_public)}", file=ctx.stdout)
    return EXIT_OK


def cmd_keys_new(args: argparse.Namespace, ctx: Context) -> int:
    if ctx.key_creator is None:
        raise UsageError("signing keys are not available in this build")
    env = "SME_ASSESS_ASSESSOR_KEY_PASSPHRASE" if args.role == "assessor" else "SME_ASSESS_KEY_PASSPHRASE"
    if args.key_file.exists():
        raise UsageError(f"{args.key_file}: a key file exists already; it was left as it is")
    store = ctx.key_creator(args.key_file, _new_passphrase(args.key_file, env), args.role)
    print(f"key file created: {args.key_file}", file=ctx.stdout)
    print(f"fingerprint: {store.fingerprint()}", file=ctx.stdout)
    if args.export_public:
        print(f"public key written: {store.export_public_key(args.export_public)}", file=ctx.stdout)
    return EXIT_OK


def cmd_trust_add(args: argparse.Namespace, ctx: Context) -> int:
    if ctx.public_key_reader is None:
        raise UsageError("public keys cannot be read in this build")
    key = ctx.trust().add(ctx.public_key_reader(args.public_key), args.role, args.name, args.uscc)
    print(f"trusted as {key.role}: {key.fingerprint}", file=ctx.stdout)
    return EXIT_OK


def cmd_trust_list(args: argparse.Namespace, ctx: Context) -> int:
    for key in ctx.trust().entries():
        if args.json:
            added = key.added_at.isoformat() if key.added_at else None
            row = {"fingerprint": key.fingerprint, "role": key.role, "name": key.name, "uscc": key.uscc}
            _print_json(ctx, row | {"added_at": added, "actor": key.actor})
        else:
            print(safe_text(f"{key.fingerprint}\t{key.role}\t{key.uscc}\t{key.name}"), file=ctx.stdout)
    return EXIT_OK


def cmd_trust_remove(args: argparse.Namespace, ctx: Context) -> int:
    removed = ctx.trust().remove(args.fingerprint)
    print(f"removed {removed} trusted key entr{'y' if removed == 1 else 'ies'}", file=ctx.stdout)
    return EXIT_OK


def cmd_diagnose(args: argparse.Namespace, ctx: Context) -> int:
    from app.paths import installed_forms_dir

    info: dict[str, Any] = {"data_dir": str(ctx.data_dir)}
    if ctx.diagnostics is not None:
        info.update(ctx.diagnostics())
    info["installed_forms_dir"] = str(installed_forms_dir(ctx.data_dir))
    info["forms"] = [f"{f.id} r{f.revision} ({f.source})" for f in ctx.registry.forms]
    _print_json(ctx, info)
    return EXIT_OK
