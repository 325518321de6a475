"""Bulk import: many packages, one verdict per file, cancellable between files (the CLI and the GUI share it).

Each file is imported by ``import_one`` (SubmissionService.import_package with the run's trust policy), which is one
transaction: a refused or failed file changes nothing, and a cancelled batch keeps the files imported before it.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.fileio import write_atomic
from app.services.ports import DuplicateError, FinalizedError, NotFoundError, WorkspaceRepository
from app.services.submission import ImportOutcome, PackageRejectedError
from app.services.workspace import ValidationError

log = logging.getLogger(__name__)

IMPORTED = "imported"
DUPLICATE = "duplicate"  # imported here before
ALREADY_HERE = "already-here"  # this workspace's own export
REFUSED = "refused"
VERDICTS = (IMPORTED, DUPLICATE, ALREADY_HERE, REFUSED)
CSV_COLUMNS = ("file", "status", "reason", "assessment", "enterprise", "USCC", "name", "level")

ImportOne = Callable[[Path], ImportOutcome]
# (enterprise id, assessment id) -> (USCC, enterprise name, level or None)
Describe = Callable[[int, int], tuple[str, str, int | None]]


@dataclass(frozen=True)
class FileVerdict:
    """What became of one file: its status (one of VERDICTS), the reason when refused, what it became."""

    file: Path
    status: str
    reason: str = ""
    assessment_id: int | None = None
    enterprise_id: int | None = None
    uscc: str = ""
    name: str = ""
    level: int | None = None
    origin_verified: bool = True
    new_enterprise: bool = False
    note: str = ""

    @property
    def refused(self) -> bool:
        return self.status == REFUSED


def package_files(names: Iterable[str | Path]) -> list[Path]:
    """The files to import: each FILE as given, and every *.sdap under a folder, recursively (sorted)."""
    out: list[Path] = []
    for name in names:
        path = Path(name)
        out.extend(sorted(p for p in path.rglob("*.sdap") if p.is_file()) if path.is_dir() else [path])
    return out


def describer(repo: WorkspaceRepository) -> Describe:
    """The enterprise's USCC and name and the assessment's cached level, read after an import."""

    def describe(enterprise_id: int, assessment_id: int) -> tuple[str, str, int | None]:
        enterprise = repo.get_enterprise(enterprise_id)
        level = None
        for row in repo.list_assessments(enterprise_id):
            if row.assessment.id == assessment_id and row.summary is not None:
                level = row.summary.level
        return (enterprise.uscc, enterprise.name, level) if enterprise is not None else ("", "", level)

    return describe


def _reason(path: Path, message: str) -> str:
    """The refusal without the leading file name (the verdict names the file already)."""
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def import_one_file(path: Path, import_one: ImportOne, describe: Describe | None = None) -> FileVerdict:
    """Import one file and give its verdict; never raises for a bad file (the log has unexpected failures)."""
    try:
        outcome = import_one(path)
    except (PackageRejectedError, ValidationError, DuplicateError, NotFoundError, FinalizedError) as exc:
        return FileVerdict(path, REFUSED, _reason(path, str(exc)))
    except Exception as exc:  # any other failure still gives this file a verdict (the log has the details)
        log.info("importing %s failed", path, exc_info=True)
        return FileVerdict(path, REFUSED, f"cannot import: {type(exc).__name__}")
    uscc, name, level = "", "", None
    if describe is not None:
        try:
            uscc, name, level = describe(outcome.enterprise_id, outcome.assessment_id)
        except Exception:  # the import stands; only the summary's extra columns are missing
            log.info("describing the import of %s failed", path, exc_info=True)
    return FileVerdict(path, outcome.status, "", outcome.assessment_id, outcome.enterprise_id, uscc, name, level,
                       outcome.origin_verified, outcome.new_enterprise, outcome.note)  # fmt: skip


def import_batch(
    files: Sequence[Path],
    import_one: ImportOne,
    describe: Describe | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[FileVerdict]:
    """Yield each file's verdict in order; ``cancelled`` is asked before each file (the one in flight finishes)."""
    for path in files:
        if cancelled():
            return
        yield import_one_file(path, import_one, describe)


def counts(verdicts: Iterable[FileVerdict]) -> dict[str, int]:
    """How many files got each verdict (every verdict named, zeros included)."""
    seen = Counter(v.status for v in verdicts)
    return {status: seen.get(status, 0) for status in VERDICTS}


def summary_line(verdicts: Sequence[FileVerdict], total: int | None = None) -> str:
    """``N files: imported 3, duplicate 0, already-here 1, refused 2`` (+ ``, not processed K`` when cancelled)."""
    parts = ", ".join(f"{status} {n}" for status, n in counts(verdicts).items())
    left = (total - len(verdicts)) if total is not None else 0
    return f"{len(verdicts)} files: {parts}" + (f", not processed {left}" if left > 0 else "")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab/CR) is prefixed with '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(v: FileVerdict) -> list[str]:
    values: list[object] = [v.file, v.status, v.reason, v.assessment_id, v.enterprise_id, v.uscc, v.name, v.level]
    return [csv_cell(x) for x in values]


def write_csv(verdicts: Iterable[FileVerdict], out: Path) -> None:
    """The summary as CSV, UTF-8 with a BOM (Excel then reads Chinese correctly), written atomically."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(v) for v in verdicts)
    write_atomic(out, text.getvalue().encode("utf-8-sig"))  # a folder, pipe or device stays as it is


__all__ = [
    "ALREADY_HERE",
    "CSV_COLUMNS",
    "DUPLICATE",
    "IMPORTED",
    "REFUSED",
    "VERDICTS",
    "FileVerdict",
    "counts",
    "csv_cell",
    "describer",
    "import_batch",
    "import_one_file",
    "package_files",
    "summary_line",
    "write_csv",
]
