"""Tables of the transformation projects (created by migration 0009)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models import Base


class ProjectRow(Base):
    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("enterprise_id", "contract_no", name="uq_projects_enterprise_contract"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    contract_no: Mapped[str] = mapped_column(String(100))
    provider: Mapped[str] = mapped_column(String(200))
    contract_amount: Mapped[int] = mapped_column(BigInteger)
    down_payment: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    signed_on: Mapped[date] = mapped_column(Date)
    baseline_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"), nullable=True)
    after_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))


class SpendingRow(Base):
    __tablename__ = "project_spending"
    __table_args__ = (Index("ix_project_spending_project", "project_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    amount: Mapped[int] = mapped_column(BigInteger)
    category: Mapped[str] = mapped_column(String(20))
    spent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
