"""Many signed packages at once: one enterprise each, for the bulk import tests and build_scripts/bench."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.core.form import Form
from app.core.records import Enterprise
from app.core.scoring import score
from app.core.uscc import check_character
from app.package.keys import Signer
from app.package.writer import build_package_bytes
from tests.package import FIXED_TIME, bound_pdf, commitment, make_record, make_signer


def batch_uscc(serial: int) -> str:
    first17 = f"9135010{serial:010d}"
    return first17 + check_character(first17)


def batch_name(serial: int) -> str:
    return f"批量导入测试企业{serial:04d}有限公司"


def write_packages(
    folder: Path, form: Form, count: int, *, signer: Signer | None = None, start: int = 1, nested: bool = True
) -> list[Path]:
    """Write ``count`` signed packages (serials start..start+count-1), each a new enterprise; return their paths.

    With ``nested`` every tenth one goes into a sub-folder (the import reads folders recursively).
    """
    signer = signer or make_signer(seed=1)
    out: list[Path] = []
    for serial in range(start, start + count):
        record = make_record(form, (), id=serial)
        record = replace(record, enterprise=Enterprise(3, batch_name(serial), batch_uscc(serial)))
        result = score(form, record.answers)
        data, _ = build_package_bytes(form=form, record=record, result=result, report_pdf=bound_pdf(record, result),
                                      evidence_files={}, commitment=commitment(), signers=[signer],
                                      app_version="0.1.0", created_at=FIXED_TIME)  # fmt: skip
        target = folder / (f"part{serial % 10}" if nested and serial % 10 == 0 else "") / f"pkg-{serial:04d}.sdap"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        out.append(target)
    return out
