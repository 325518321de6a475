"""Transformation projects (改造项目): the contract a traction unit carries out for an enterprise, and what was spent.

Amounts are whole 元 (integers); the actual investment a subsidy is computed on is the sum of the spending entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class SpendingCategory(StrEnum):
    HARDWARE = "hardware"  # 硬件
    SOFTWARE = "software"  # 软件
    SERVICE = "service"  # 服务
    OTHER = "other"  # 其他

    @property
    def label(self) -> str:
        return {"hardware": "硬件", "software": "软件", "service": "服务", "other": "其他"}[self.value]


@dataclass(frozen=True)
class SpendingEntry:
    """One spending recorded against a project."""

    id: int
    project_id: int
    amount: int  # 元
    category: SpendingCategory
    spent_on: date | None
    note: str
    added_at: datetime | None = None
    actor: str = ""


@dataclass(frozen=True)
class Project:
    """An enterprise's digital transformation project: its contract and its assessments."""

    id: int
    enterprise_id: int
    contract_no: str
    provider: str  # the traction unit (数字化牵引单位) carrying out the contract
    contract_amount: int  # 元
    down_payment: int | None  # 元; None when the contract has none or it is not known
    signed_on: date
    baseline_id: int | None
    after_id: int | None
    spending: tuple[SpendingEntry, ...] = ()
    created_at: datetime | None = None

    @property
    def invested(self) -> int:
        """The actual investment: every spending entry added up (元)."""
        return sum(entry.amount for entry in self.spending)

    def by_category(self) -> dict[SpendingCategory, int]:
        out = dict.fromkeys(SpendingCategory, 0)
        for entry in self.spending:
            out[entry.category] += entry.amount
        return out


def project_json(project: Project) -> dict[str, Any]:
    """The `projects show --json` object of a project (also the dossier's project record)."""
    return {
        "id": project.id, "enterprise_id": project.enterprise_id, "contract_no": project.contract_no,
        "provider": project.provider, "contract_amount": project.contract_amount,
        "down_payment": project.down_payment, "signed": project.signed_on.isoformat(),
        "baseline": project.baseline_id, "after": project.after_id, "invested": project.invested,
        "by_category": {c.value: amount for c, amount in project.by_category().items()},
        "spending": [
            {"id": e.id, "amount": e.amount, "category": e.category.value,
             "date": e.spent_on.isoformat() if e.spent_on else None, "note": e.note}
            for e in project.spending
        ],
    }  # fmt: skip
