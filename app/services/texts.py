"""Legal texts shipped with the program (resources/texts/), loaded in one place.

Every version of the truthfulness commitment ever shipped stays in the folder as ``commitment-v<N>.json``: a
package signs the newest, and a report printed later for an exported assessment prints the version that was signed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from app import paths
from app.core.texts import CommitmentText, TextError, load_commitment_json

COMMITMENT_GLOB = "commitment-v*.json"
# How an assessment imported from a package signed by an unknown key is marked (import --accept-unknown).
UNVERIFIED_LABEL = "来源未核验 / origin not verified"
_VERSION_IN_NAME = re.compile(r"^commitment-v(\d+)\.json$")


def texts_dir() -> Path:
    return paths.resources_dir() / "texts"


@dataclass(frozen=True)
class Commitments:
    """Every shipped version of the commitment; ``current`` is the one new packages sign."""

    versions: tuple[CommitmentText, ...]

    @property
    def current(self) -> CommitmentText:
        return max(self.versions, key=lambda c: c.version)

    def find(self, label: str) -> CommitmentText | None:
        """The version named by ``id@version`` (as recorded with an export), or None when it is not shipped."""
        for commitment in self.versions:
            if commitment.label == label:
                return commitment
        return None


def load_commitments(folder: Path) -> Commitments:
    """Read and validate every ``commitment-v<N>.json`` in ``folder`` (a TextError names the file and field)."""
    versions = []
    for path in sorted(folder.glob(COMMITMENT_GLOB)):
        try:
            source = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise TextError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
        try:
            commitment = load_commitment_json(source)
        except TextError as exc:
            raise TextError(f"{path.name}: {exc}") from exc
        named = _VERSION_IN_NAME.match(path.name)
        if named is None or int(named.group(1)) != commitment.version:
            raise TextError(f"{path.name}: commitment.version: {commitment.version} does not match the file name")
        versions.append(commitment)
    if not versions:
        raise TextError(f"{folder}: no commitment text ({COMMITMENT_GLOB}) found")
    if len({c.id for c in versions}) != 1:
        raise TextError(f"{folder}: commitment files with different ids")
    return Commitments(tuple(versions))


def load_commitment(folder: Path) -> CommitmentText:
    """The newest commitment in ``folder``."""
    return load_commitments(folder).current


@functools.cache
def bundled_commitments() -> Commitments:
    """Every commitment version this build ships (read once)."""
    return load_commitments(texts_dir())


def bundled_commitment() -> CommitmentText:
    """The commitment this build asks enterprises to sign."""
    return bundled_commitments().current
