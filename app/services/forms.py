"""The form registry: the forms shipped with the program plus those installed into the data directory.

A document or assessment pinned to a revision is scored on exactly that revision; an unpinned one on the newest
revision of its form id, wherever it came from. The same id and revision with different content in two places is
refused: that revision cannot be used until one of the files is removed or renumbered.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.core.fileio import write_atomic
from app.core.form import MAX_FORM_BYTES, Form, FormError, FormSource, load_form_bytes

log = logging.getLogger(__name__)

# The form a new assessment uses when none is named: MIIT's own questionnaire (on its newest revision).
DEFAULT_FORM_ID = "miit-2024"


class UnknownFormError(LookupError):
    """No form with that id (and revision) is installed."""


class FormConflictError(UnknownFormError):
    """The same form id and revision is installed twice with different content."""


class FormInstallError(ValueError):
    """A form file cannot be installed; the message names the file and the field."""


@dataclass(frozen=True)
class FormProblem:
    """An installed form file that could not be used (shown by ``forms``, logged at start)."""

    file: str
    message: str


@dataclass(frozen=True)
class FormRegistry:
    forms: tuple[Form, ...]
    # (id, revision) -> why that revision is refused (two different contents under one revision).
    conflicts: dict[tuple[str, int], str] = field(default_factory=dict)
    problems: tuple[FormProblem, ...] = ()
    files: dict[tuple[str, int], str] = field(default_factory=dict)

    @classmethod
    def from_dir(cls, folder: Path, source: FormSource = "bundled") -> FormRegistry:
        """Load every ``*.json`` form definition in ``folder`` (schemas live in a subfolder); errors raise."""
        forms = []
        files: dict[tuple[str, int], str] = {}
        for path in sorted(folder.glob("*.json")):
            form = _read_form(path, source)
            key = (form.id, form.revision)
            if key in files:
                raise FormError(f"form {form.id} revision {form.revision} is defined twice in {folder}")
            files[key] = path.name
            forms.append(form)
        return cls(_ordered(forms), files=files)

    @classmethod
    def load(cls, bundled: Path, installed: Path | None) -> FormRegistry:
        """The bundled forms (a broken one is a broken build: it raises) plus the installed ones.

        An installed file that does not parse, or repeats another installed file's revision, is skipped and reported
        in ``problems``; one whose id and revision is bundled with other content makes that revision refused.
        """
        base = cls.from_dir(bundled, "bundled")
        if installed is None or not installed.is_dir():
            return base
        forms = list(base.forms)
        files = {key: f"bundled {name}" for key, name in base.files.items()}
        by_key = {(f.id, f.revision): f for f in forms}
        conflicts: dict[tuple[str, int], str] = {}
        problems: list[FormProblem] = []
        for path in sorted(installed.glob("*.json")):
            try:
                form = _read_form(path, "installed")
            except (FormError, OSError) as exc:
                problems.append(FormProblem(path.name, str(exc)))
                log.warning("installed form not used: %s", exc)
                continue
            key = (form.id, form.revision)
            known = by_key.get(key)
            if known is None:
                by_key[key] = form
                files[key] = f"installed {path.name}"
                forms.append(form)
            elif known.content_hash != form.content_hash:
                conflicts[key] = (
                    f"form {form.id} revision {form.revision} exists twice with different content: "
                    f"{files[key]} ({known.content_hash}) and installed {path.name} ({form.content_hash}); "
                    "a changed form needs a new revision number: remove or renumber the installed file"
                )
                log.warning("%s", conflicts[key])
            # the same content twice (installed, then bundled by a newer program) is the same form: keep the first
        return cls(_ordered(forms), conflicts, tuple(problems), files)

    def get(self, form_id: str, revision: int | None = None) -> Form:
        """Return the named revision, or the newest revision of the form when none is named."""
        found: dict[tuple[str, int | None], Form] | None = vars(self).get("_found")
        if found is None:
            found = vars(self).setdefault("_found", {})  # the registry never changes: what was found stays found
        key = (form_id, revision)
        form = found.get(key)
        if form is None:
            form = found[key] = self._get(form_id, revision)
        return form

    def _get(self, form_id: str, revision: int | None) -> Form:
        matching = [f for f in self.forms if f.id == form_id]
        if not matching:
            known = ", ".join(sorted({f.id for f in self.forms})) or "none"
            raise UnknownFormError(f"unknown form {form_id!r} (installed: {known})")
        if revision is None:
            revision = max(f.revision for f in matching)
        conflict = self.conflicts.get((form_id, revision))
        if conflict is not None:
            raise FormConflictError(conflict)
        for form in matching:
            if form.revision == revision:
                return form
        revs = ", ".join(str(f.revision) for f in sorted(matching, key=lambda f: f.revision))
        raise UnknownFormError(f"form {form_id!r} has no revision {revision} (installed: {revs})")

    def newest(self) -> tuple[Form, ...]:
        """The newest usable revision of every form id, by id."""
        out = []
        for form_id in sorted({f.id for f in self.forms}):
            try:
                out.append(self.get(form_id))
            except UnknownFormError:
                continue
        return tuple(out)

    def by_hash(self, content_hash: str) -> Form | None:
        for form in self.forms:
            if form.content_hash == content_hash and (form.id, form.revision) not in self.conflicts:
                return form
        return None


def _ordered(forms: list[Form]) -> tuple[Form, ...]:
    return tuple(sorted(forms, key=lambda f: (f.id, f.revision)))


def _read_form(path: Path, source: FormSource) -> Form:
    try:
        form = load_form_bytes(path.read_bytes())
    except FormError as exc:
        raise FormError(f"{path.name}: {exc}") from exc
    return replace(form, source=source)


@dataclass(frozen=True)
class FormFile:
    """A form file that passed every check, ready to be installed."""

    form: Form
    raw: bytes
    name: str
    already_installed: bool
    where: str = ""  # where the same form already is ("bundled miit-2024-r2.json"), when already installed


@dataclass(frozen=True)
class InstalledForm:
    form: Form
    path: Path
    already_installed: bool
    where: str = ""


def check_form_file(source: Path, registry: FormRegistry, batch: tuple[FormFile, ...] = ()) -> FormFile:
    """Validate a form file for installation (FormInstallError naming the file and the field).

    Refused: a file that does not parse or breaks an invariant, and a file whose id and revision is already
    bundled or installed (or earlier in ``batch``) with other content.
    """
    name = source.name
    try:
        size = source.stat().st_size
        if size > MAX_FORM_BYTES:
            raise FormError(f"the file is {size:,} bytes; a form file may have at most {MAX_FORM_BYTES:,}")
        raw = source.read_bytes()
        form = load_form_bytes(raw)
    except FormError as exc:
        raise FormInstallError(f"{name}: {exc}") from exc
    except OSError as exc:
        raise FormInstallError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    key = (form.id, form.revision)
    if key in registry.conflicts:
        raise FormInstallError(f"{name}: {registry.conflicts[key]}")
    try:
        existing: Form | None = registry.get(*key)
        where = registry.files.get(key, "another file")
    except UnknownFormError:
        existing, where = None, ""
    for earlier in batch:
        if (earlier.form.id, earlier.form.revision) == key:
            existing, where = earlier.form, earlier.name
    if existing is not None and existing.content_hash == form.content_hash:
        form = existing
    if existing is not None and existing.content_hash != form.content_hash:
        raise FormInstallError(
            f"{name}: form {form.id} revision {form.revision} is already there ({where}, {existing.content_hash}) "
            f"with different content ({form.content_hash}); a changed form needs a new revision number"
        )
    return FormFile(form, raw, name, already_installed=existing is not None, where=where)


def install_form(checked: FormFile, target_dir: Path) -> InstalledForm:
    """Copy a checked form file atomically to ``target_dir/<id>-r<revision>.json`` (nothing when already there)."""
    form = checked.form
    target = target_dir / f"{form.id}-r{form.revision}.json"
    if checked.already_installed:
        return InstalledForm(checked.form, target, already_installed=True, where=checked.where)
    target_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(target, checked.raw)
    if load_form_bytes(target.read_bytes()).content_hash != form.content_hash:  # pragma: no cover - disk fault
        target.unlink(missing_ok=True)
        raise FormInstallError(f"{checked.name}: the installed copy does not read back the same; nothing installed")
    return InstalledForm(replace(form, source="installed"), target, already_installed=False, where=target.name)
