"""Atomic file writes for the services; the implementation lives in core so that adapters can share it."""

from __future__ import annotations

from app.core.fileio import write_atomic

__all__ = ["write_atomic"]
