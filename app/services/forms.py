"""The form registry: every questionnaire definition found in the forms folder, by id and revision."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.form import Form, FormError, load_form_json


class UnknownFormError(LookupError):
    """No form with that id (and revision) is installed."""


@dataclass(frozen=True)
class FormRegistry:
    forms: tuple[Form, ...]

    @classmethod
    def from_dir(cls, folder: Path) -> FormRegistry:
        """Load every ``*.json`` form definition in ``folder`` (schemas live in a subfolder)."""
        forms = []
        for path in sorted(folder.glob("*.json")):
            try:
                forms.append(load_form_json(path.read_text(encoding="utf-8")))
            except FormError as exc:
                raise FormError(f"{path.name}: {exc}") from exc
        seen: set[tuple[str, int]] = set()
        for form in forms:
            key = (form.id, form.revision)
            if key in seen:
                raise FormError(f"form {form.id} revision {form.revision} is defined twice in {folder}")
            seen.add(key)
        return cls(tuple(forms))

    def get(self, form_id: str, revision: int | None = None) -> Form:
        """Return the named revision, or the latest revision of the form when none is named."""
        matching = [f for f in self.forms if f.id == form_id]
        if not matching:
            known = ", ".join(sorted({f.id for f in self.forms})) or "none"
            raise UnknownFormError(f"unknown form {form_id!r} (installed: {known})")
        if revision is None:
            return max(matching, key=lambda f: f.revision)
        for form in matching:
            if form.revision == revision:
                return form
        revs = ", ".join(str(f.revision) for f in matching)
        raise UnknownFormError(f"form {form_id!r} has no revision {revision} (installed: {revs})")

    def by_hash(self, content_hash: str) -> Form | None:
        for form in self.forms:
            if form.content_hash == content_hash:
                return form
        return None
