"""The form registry: the forms shipped with the program plus those installed into the data directory.

A document or assessment pinned to a revision is scored on exactly that revision; an unpinned one on the newest
revision of its form id, wherever it came from. The same id and revision with different content in two places is
refused: that revision cannot be used until one of the files is removed or renumbered.

A bundled form file is read at once (its JSON, id and revision: what the registry lists it by) but made a Form,
every invariant checked, only when that revision is first asked for; its level names are read from its data
(``level_names``): the program's first window needs no more. Installed files are parsed fully when loaded, so a
broken one is reported then.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.fileio import write_atomic
from app.core.formdata import MAX_FORM_BYTES, FormError, LevelNames, read_form_data

if TYPE_CHECKING:  # app.core.form (the full parse) is loaded when a revision is first made a Form
    from app.core.form import Form, FormSource

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


class _Entry:
    """One revision in the registry: its id, revision and content hash, and its Form (parsed on first use)."""

    __slots__ = ("_hash", "_levels", "_lock", "_pending", "form_id", "name", "revision", "value")

    def __init__(
        self, form: Form | None = None, *, pending: tuple[str, dict[str, Any], FormSource, str] | None = None
    ) -> None:
        self._lock = threading.Lock()
        self.value = form
        self._pending = pending  # (text, data, source, file name) of a file not parsed yet
        self._hash: str | None = None
        self._levels: LevelNames | None = None
        if form is not None:
            self.form_id, self.revision, self._hash, self.name = form.id, form.revision, form.content_hash, ""
        else:
            assert pending is not None
            _text, data, _source, self.name = pending
            self.form_id, self.revision = data["form"], data["revision"]

    @property
    def content_hash(self) -> str:
        """The content hash of the revision's data (computed when first asked: opening the window does not)."""
        from app.core.form import content_hash

        with self._lock:
            if self._hash is None:
                self._hash = content_hash(self._pending[1]) if self._pending is not None else self._form().content_hash
            return self._hash

    @classmethod
    def of_file(cls, path: Path, source: FormSource) -> _Entry:
        """A form file read (FormError naming the file when it is no JSON form); parsed when first used."""
        try:
            text, data = read_form_data(path.read_bytes())
        except FormError as exc:
            raise FormError(f"{path.name}: {exc}") from exc
        if not (isinstance(data.get("form"), str) and type(data.get("revision")) is int):
            return cls(_parsed(text, data, source, path.name))  # raises the parser's own message for the field
        return cls(pending=(text, data, source, path.name))

    def form(self) -> Form:
        with self._lock:  # the GUI looks forms up from its thread and from workers
            return self._form()

    def level_names(self) -> LevelNames:
        """The revision's level names: read from its data while it is not parsed (the first window's list needs
        no more), else the Form's; data the light reading does not take is parsed, which says what is wrong."""
        with self._lock:
            if self._levels is None:
                pending = self._pending
                light = LevelNames.of_data(pending[1]) if pending is not None else None
                self._levels = light if light is not None else self._form().levels
            return self._levels

    def _form(self) -> Form:
        if self.value is None:
            assert self._pending is not None
            self.value = _parsed(*self._pending)
            self._pending = None
        return self.value


def _parsed(text: str, data: Mapping[str, Any], source: FormSource, name: str) -> Form:
    from app.core.form import form_of_data

    try:
        form = form_of_data(text, data)
    except FormError as exc:
        raise FormError(f"{name}: {exc}") from exc
    return replace(form, source=source)


class FormRegistry:
    """The forms by id and revision; ``conflicts``: (id, revision) -> why that revision is refused (two different
    contents under one revision); ``problems``: installed files not used; ``files``: where each revision is from."""

    def __init__(
        self,
        forms: Iterable[Form] = (),
        conflicts: Mapping[tuple[str, int], str] | None = None,
        problems: tuple[FormProblem, ...] = (),
        files: Mapping[tuple[str, int], str] | None = None,
    ) -> None:
        self._entries = _ordered([_Entry(f) for f in forms])
        self.conflicts: dict[tuple[str, int], str] = dict(conflicts or {})
        self.problems = problems
        self.files: dict[tuple[str, int], str] = dict(files or {})
        self._found: dict[tuple[str, int | None], Form] = {}  # the registry never changes: what was found stays found

    @classmethod
    def _of_entries(
        cls,
        entries: list[_Entry],
        conflicts: Mapping[tuple[str, int], str] | None = None,
        problems: tuple[FormProblem, ...] = (),
        files: Mapping[tuple[str, int], str] | None = None,
    ) -> FormRegistry:
        registry = cls((), conflicts, problems, files)
        registry._entries = _ordered(entries)
        return registry

    @property
    def forms(self) -> tuple[Form, ...]:
        """Every revision, by id and revision (each parsed now if it was not yet)."""
        return tuple(e.form() for e in self._entries)

    def form_ids(self) -> tuple[str, ...]:
        """The ids of the installed forms, sorted (no form is parsed for it)."""
        return tuple(sorted({e.form_id for e in self._entries}))

    @classmethod
    def from_dir(cls, folder: Path, source: FormSource = "bundled") -> FormRegistry:
        """Load every ``*.json`` form definition in ``folder`` (schemas live in a subfolder); errors raise.

        A file that is no JSON object raises here; one that breaks a form's invariant raises (FormError naming
        the file and the field) when its revision is first used.
        """
        entries = []
        files: dict[tuple[str, int], str] = {}
        for path in sorted(folder.glob("*.json")):
            entry = _Entry.of_file(path, source)
            key = (entry.form_id, entry.revision)
            if key in files:
                raise FormError(f"form {entry.form_id} revision {entry.revision} is defined twice in {folder}")
            files[key] = path.name
            entries.append(entry)
        return cls._of_entries(entries, files=files)

    @classmethod
    def load(cls, bundled: Path, installed: Path | None) -> FormRegistry:
        """The bundled forms (a broken one is a broken build: it raises) plus the installed ones.

        An installed file that does not parse, or repeats another installed file's revision, is skipped and reported
        in ``problems``; one whose id and revision is bundled with other content makes that revision refused.
        """
        base = cls.from_dir(bundled, "bundled")
        if installed is None or not installed.is_dir():
            return base
        entries = list(base._entries)
        files = {key: f"bundled {name}" for key, name in base.files.items()}
        by_key = {(e.form_id, e.revision): e for e in entries}
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
                by_key[key] = _Entry(form)
                files[key] = f"installed {path.name}"
                entries.append(by_key[key])
            elif known.content_hash != form.content_hash:
                conflicts[key] = (
                    f"form {form.id} revision {form.revision} exists twice with different content: "
                    f"{files[key]} ({known.content_hash}) and installed {path.name} ({form.content_hash}); "
                    "a changed form needs a new revision number: remove or renumber the installed file"
                )
                log.warning("%s", conflicts[key])
            # the same content twice (installed, then bundled by a newer program) is the same form: keep the first
        return cls._of_entries(entries, conflicts, tuple(problems), files)

    def get(self, form_id: str, revision: int | None = None) -> Form:
        """Return the named revision, or the newest revision of the form when none is named."""
        key = (form_id, revision)
        form = self._found.get(key)
        if form is None:
            form = self._found[key] = self._get(form_id, revision)
        return form

    def level_names(self, form_id: str, revision: int | None = None) -> LevelNames:
        """The level names of a revision (the newest when none is named), as ``get(...).levels`` gives them,
        without parsing the form when its data gives them plainly; UnknownFormError as ``get`` raises it."""
        return self._entry(form_id, revision).level_names()

    def _get(self, form_id: str, revision: int | None) -> Form:
        return self._entry(form_id, revision).form()

    def _entry(self, form_id: str, revision: int | None) -> _Entry:
        matching = [e for e in self._entries if e.form_id == form_id]
        if not matching:
            known = ", ".join(self.form_ids()) or "none"
            raise UnknownFormError(f"unknown form {form_id!r} (installed: {known})")
        if revision is None:
            revision = max(e.revision for e in matching)
        conflict = self.conflicts.get((form_id, revision))
        if conflict is not None:
            raise FormConflictError(conflict)
        for entry in matching:
            if entry.revision == revision:
                return entry
        revs = ", ".join(str(e.revision) for e in sorted(matching, key=lambda e: e.revision))
        raise UnknownFormError(f"form {form_id!r} has no revision {revision} (installed: {revs})")

    def newest(self) -> tuple[Form, ...]:
        """The newest usable revision of every form id, by id."""
        out = []
        for form_id in self.form_ids():
            try:
                out.append(self.get(form_id))
            except UnknownFormError:
                continue
        return tuple(out)

    def by_hash(self, content_hash: str) -> Form | None:
        for entry in self._entries:
            if entry.content_hash == content_hash and (entry.form_id, entry.revision) not in self.conflicts:
                return entry.form()
        return None


def _ordered(entries: list[_Entry]) -> tuple[_Entry, ...]:
    return tuple(sorted(entries, key=lambda e: (e.form_id, e.revision)))


def _read_form(path: Path, source: FormSource) -> Form:
    from app.core.form import load_form_bytes

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
    """A form file installed into the data directory (or found there already)."""

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
        from app.core.form import load_form_bytes

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
    from app.core.form import load_form_bytes

    if load_form_bytes(target.read_bytes()).content_hash != form.content_hash:  # pragma: no cover - disk fault
        target.unlink(missing_ok=True)
        raise FormInstallError(f"{checked.name}: the installed copy does not read back the same; nothing installed")
    return InstalledForm(replace(form, source="installed"), target, already_installed=False, where=target.name)
