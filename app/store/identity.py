"""The workspace identity record: evidence, beside the database, that a workspace existed and what it held.

``<data dir>/workspace.id.json`` holds the workspace id (a UUID made when the workspace was first opened), when it
was created, and the counts last seen (enterprises, assessments, audit rows). It is rewritten atomically at each
start, when the workspace is closed and by a restore, never per save. Opening an empty, missing or older database
where the record says a workspace was is refused (see ``app.store.restore.refuse_missing_workspace``). The id also
names the workspace elsewhere (a package exported from it and coming back).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from app.store.location import WorkspaceLocation

log = logging.getLogger(__name__)
FORMAT = "sme-assess-workspace-identity"
VERSION = 1
COUNTED = ("enterprises", "assessments", "audit")


@dataclass(frozen=True)
class WorkspaceIdentity:
    workspace_id: str
    created: str
    updated: str
    counts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "workspace_id": self.workspace_id,
            "created": self.created,
            "updated": self.updated,
            "counts": dict(self.counts),
        }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_identity(location: WorkspaceLocation) -> WorkspaceIdentity | None:
    """Return the identity record, or None when there is none (an unreadable one is logged and treated as none)."""
    path = location.identity_path
    try:
        data = json.loads(path.read_text("utf-8"))
        counts = {k: int(v) for k, v in dict(data.get("counts", {})).items() if k in COUNTED}
        workspace = str(uuid.UUID(data["workspace_id"]))
        return WorkspaceIdentity(workspace, str(data["created"]), str(data["updated"]), counts)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError, KeyError, TypeError, AttributeError) as exc:
        log.warning("identity record %s is unreadable: %s", path, exc)
        return None


def workspace_id(location: WorkspaceLocation) -> str | None:
    """The id of the workspace in this data directory (None before it was first opened)."""
    identity = read_identity(location)
    return identity.workspace_id if identity else None


def write_identity(location: WorkspaceLocation, identity: WorkspaceIdentity) -> None:
    """Write the record atomically: a temporary file, fsync, then a rename over the old one."""
    path = location.identity_path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.part")  # two starts never share one
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(identity.to_json(), fh, ensure_ascii=False, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def record_counts(location: WorkspaceLocation, counts: dict[str, int]) -> WorkspaceIdentity:
    """Create the record (a new workspace id) or update its counts; the file is rewritten only when they changed."""
    current = read_identity(location)
    if current is None:
        now = _now()
        identity = WorkspaceIdentity(str(uuid.uuid4()), now, now, dict(counts))
    elif current.counts == counts:
        return current
    else:
        identity = replace(current, updated=_now(), counts=dict(counts))
    write_identity(location, identity)
    return identity
