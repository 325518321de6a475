"""The 一企一档 dossier's index: what is in it, with dates, fingerprints and SHA-256 hashes (pure data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class DossierItem:
    path: str  # the file's path inside the dossier (forward slashes)
    section: str  # 报告 / 评测包 / 证据 / 改造项目
    title: str
    dated: str  # YYYY-MM-DD (or with the time), "" when the item has no date of its own
    fingerprint: str  # the package fingerprint it carries or belongs to, "" when none
    sha256: str  # "sha256:" + hex of the file's bytes
    size: int


@dataclass(frozen=True)
class DossierIndex:
    enterprise: str
    uscc: str
    facts: tuple[tuple[str, str], ...]  # the 一企一档 fields, label and value
    items: tuple[DossierItem, ...]
    missing: tuple[str, ...]  # what an on-site check may ask for and the dossier cannot include, and why
    generated_at: datetime


@dataclass(frozen=True)
class ProjectPage:
    """A transformation project, readable: its fields and its spending entries."""

    enterprise: str
    facts: tuple[tuple[str, str], ...]
    spending: tuple[tuple[str, str, str, str], ...]  # date, category, amount, note
    generated_at: datetime
    notes: tuple[str, ...] = field(default_factory=tuple)
