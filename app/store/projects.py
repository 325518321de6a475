"""The transformation projects over the workspace's database (the ProjectStore port), audited in the same chain."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.projects import Project, SpendingCategory, SpendingEntry
from app.services.ports import DuplicateError, NewProject, NotFoundError
from app.store.project_models import ProjectRow, SpendingRow
from app.store.repository import SqlWorkspaceRepository, _now, _utc


def _entry(row: SpendingRow) -> SpendingEntry:
    return SpendingEntry(row.id, row.project_id, row.amount, SpendingCategory(row.category), row.spent_on, row.note,
                         _utc(row.added_at), row.actor)  # fmt: skip


def _project(s: Session, row: ProjectRow) -> Project:
    spending = s.scalars(select(SpendingRow).where(SpendingRow.project_id == row.id).order_by(SpendingRow.id))
    return Project(
        id=row.id, enterprise_id=row.enterprise_id, contract_no=row.contract_no, provider=row.provider,
        contract_amount=row.contract_amount, down_payment=row.down_payment, signed_on=row.signed_on,
        baseline_id=row.baseline_id, after_id=row.after_id, spending=tuple(_entry(r) for r in spending),
        created_at=_utc(row.created_at),
    )  # fmt: skip


class SqlProjectStore:
    """Shares the repository's engine, transactions and audit chain."""

    def __init__(self, repo: SqlWorkspaceRepository) -> None:
        self.repo = repo

    def add_project(self, new: NewProject, actor: str) -> Project:
        try:
            with self.repo._tx() as s:
                row = ProjectRow(
                    enterprise_id=new.enterprise_id, contract_no=new.contract_no, provider=new.provider,
                    contract_amount=new.contract_amount, down_payment=new.down_payment, signed_on=new.signed_on,
                    baseline_id=new.baseline_id, after_id=new.after_id, created_at=_now(), actor=actor,
                )  # fmt: skip
                s.add(row)
                s.flush()
                summary = (f"{new.contract_no} {new.provider} {new.contract_amount} 元 {new.signed_on.isoformat()}"
                           f" baseline={new.baseline_id} after={new.after_id}")  # fmt: skip
                self.repo._audit(s, actor, "project.add", enterprise_id=new.enterprise_id, key=f"project {row.id}",
                                 new=summary)  # fmt: skip
                return _project(s, row)
        except IntegrityError:
            raise DuplicateError(
                f"contract_no: 该企业已有合同编号 {new.contract_no} 的项目 (the enterprise has a project with "
                f"contract number {new.contract_no} already)"
            ) from None

    def get_project(self, project_id: int) -> Project | None:
        with self.repo._read() as s:
            row = s.get(ProjectRow, project_id)
            return None if row is None else _project(s, row)

    def list_projects(self, enterprise_id: int) -> list[Project]:
        with self.repo._read() as s:
            query = select(ProjectRow).where(ProjectRow.enterprise_id == enterprise_id).order_by(ProjectRow.id)
            rows = s.scalars(query)
            return [_project(s, row) for row in rows]

    def _locked(self, s: Session, project_id: int) -> ProjectRow:
        row = s.scalars(select(ProjectRow).where(ProjectRow.id == project_id).with_for_update()).first()
        if row is None:
            raise NotFoundError(f"没有找到项目 {project_id} (no such project {project_id})")
        return row

    def link_project(self, project_id: int, baseline_id: int | None, after_id: int | None, actor: str) -> Project:
        with self.repo._tx() as s:
            row = self._locked(s, project_id)
            old = f"baseline={row.baseline_id} after={row.after_id}"
            row.baseline_id, row.after_id = baseline_id, after_id
            self.repo._audit(s, actor, "project.link", enterprise_id=row.enterprise_id, key=f"project {row.id}",
                             old=old, new=f"baseline={baseline_id} after={after_id}")  # fmt: skip
            s.flush()
            return _project(s, row)

    def add_spending(
        self, project_id: int, amount: int, category: SpendingCategory, spent_on: date | None, note: str, actor: str
    ) -> SpendingEntry:
        with self.repo._tx() as s:
            project = self._locked(s, project_id)
            row = SpendingRow(project_id=project_id, amount=amount, category=category.value, spent_on=spent_on,
                              note=note, added_at=_now(), actor=actor)  # fmt: skip
            s.add(row)
            s.flush()
            when = spent_on.isoformat() if spent_on else "-"
            summary = f"{amount} 元 {category.value} {when} {note}"[:2000]
            self.repo._audit(s, actor, "project.spend", enterprise_id=project.enterprise_id,
                             key=f"project {project_id}", new=summary)  # fmt: skip
            return _entry(row)
