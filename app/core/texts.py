"""Versioned legal texts: the truthfulness commitment (真实性承诺) an enterprise signs into its package.

The text is data (resources/texts/commitment-v<N>.json), identified by an id and a version, so that a package records
exactly which wording its signer accepted and every report prints that wording and no other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.jsondata import JSON_FAILURES, json_failure

COMMITMENT_KEYS = ("id", "version", "text", "text_en")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class TextError(ValueError):
    """A text definition is malformed; the message names the field."""


@dataclass(frozen=True)
class CommitmentText:
    """One version of the truthfulness commitment: the exact Chinese text signed, and its English translation."""

    id: str
    version: int
    text: str
    text_en: str = ""

    @property
    def label(self) -> str:
        """The commitment's id and version as one token, e.g. ``truthfulness-commitment@1``."""
        return f"{self.id}@{self.version}"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "text": self.text, "text_en": self.text_en}


def parse_commitment_text(data: Any) -> CommitmentText:
    """Validate a commitment definition (an object with id, version, text and optional text_en)."""
    if not isinstance(data, Mapping):
        raise TextError("commitment: must be a JSON object")
    unknown = sorted(str(k) for k in data if k not in COMMITMENT_KEYS)
    if unknown:
        raise TextError(f"commitment.{unknown[0]}: unknown field")
    for key in ("id", "version", "text"):
        if key not in data:
            raise TextError(f"commitment.{key}: missing")
    ident, version, text, text_en = data["id"], data["version"], data["text"], data.get("text_en", "")
    if not isinstance(ident, str) or not _ID.match(ident):
        raise TextError("commitment.id: must be lower-case words joined by hyphens, e.g. truthfulness-commitment")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise TextError("commitment.version: must be a whole number from 1")
    if not isinstance(text, str) or not text.strip():
        raise TextError("commitment.text: must be a non-empty string")
    if text != text.strip() or "\n" in text:
        raise TextError("commitment.text: must be one paragraph without leading or trailing spaces")
    if not isinstance(text_en, str):
        raise TextError("commitment.text_en: must be a string")
    return CommitmentText(ident, version, text, text_en)


def load_commitment_json(source: str) -> CommitmentText:
    try:
        data = json.loads(source)
    except JSON_FAILURES as exc:
        raise TextError(f"commitment: not valid JSON ({json_failure(exc)})") from exc
    return parse_commitment_text(data)
