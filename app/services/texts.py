"""Legal texts shipped with the program (resources/texts/), loaded in one place."""

from __future__ import annotations

import functools
from pathlib import Path

from app import paths
from app.core.texts import CommitmentText, TextError, load_commitment_json

COMMITMENT_FILE = "commitment.json"


def texts_dir() -> Path:
    return paths.resources_dir() / "texts"


def load_commitment(folder: Path) -> CommitmentText:
    """Read and validate the truthfulness commitment in ``folder`` (a TextError names the file and field)."""
    path = folder / COMMITMENT_FILE
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TextError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        return load_commitment_json(source)
    except TextError as exc:
        raise TextError(f"{path.name}: {exc}") from exc


@functools.cache
def bundled_commitment() -> CommitmentText:
    """The commitment this build asks enterprises to sign, from the bundled resources (read once)."""
    return load_commitment(texts_dir())
