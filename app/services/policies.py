"""The city policies: those shipped in resources/policies plus those installed into the data directory.

Installed files follow the forms' pattern: validated before anything is written, copied atomically to
``<data dir>/policies/<id>.json``; an installed file with a bundled policy's id replaces the bundled one (cities
publish new rules every year), and an unreadable installed file is skipped and reported, never fatal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from app.core.fileio import write_atomic
from app.core.policy import MAX_POLICY_BYTES, Policy, PolicyError, load_policy_bytes
from app.paths import resources_dir

log = logging.getLogger(__name__)


class PolicyInstallError(ValueError):
    """A policy file cannot be installed; the message names the file and the field."""


class UnknownPolicyError(LookupError):
    """No policy with that id."""


def bundled_policies_dir() -> Path:
    return resources_dir() / "policies"


def installed_policies_dir(data_dir: Path) -> Path:
    """Policies installed by the user (``sme-assess policies install``), beside the workspace."""
    return data_dir / "policies"


@dataclass(frozen=True)
class PolicySet:
    policies: tuple[Policy, ...]
    problems: tuple[str, ...] = ()  # installed files not used, each "file: reason"

    def get(self, policy_id: str) -> Policy:
        for policy in self.policies:
            if policy.id == policy_id:
                return policy
        known = ", ".join(p.id for p in self.policies) or "none"
        raise UnknownPolicyError(f"policy: unknown policy {policy_id!r} (installed: {known})")


def _read(path: Path, source: str) -> Policy:
    try:
        return replace(load_policy_bytes(path.read_bytes()), source=source)
    except PolicyError as exc:
        raise PolicyError(f"{path.name}: {exc}") from exc


def load_policy_set(data_dir: Path | None = None, bundled: Path | None = None) -> PolicySet:
    """The bundled policies (a broken one is a broken build: it raises) and the installed ones, by id."""
    by_id: dict[str, Policy] = {}
    for path in sorted((bundled or bundled_policies_dir()).glob("*.json")):
        policy = _read(path, "bundled")
        if policy.id in by_id:
            raise PolicyError(f"{path.name}: policy {policy.id} is bundled twice")
        by_id[policy.id] = policy
    problems: list[str] = []
    folder = installed_policies_dir(data_dir) if data_dir is not None else None
    if folder is not None and folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            try:
                policy = _read(path, "installed")
            except (PolicyError, OSError) as exc:
                problems.append(str(exc))
                log.warning("installed policy not used: %s", exc)
                continue
            by_id[policy.id] = policy
    return PolicySet(tuple(sorted(by_id.values(), key=lambda p: p.id)), tuple(problems))


def load_policies(data_dir: Path | None = None) -> list[Policy]:
    """Every usable policy, by id (installed files in ``data_dir`` included when it is given)."""
    return list(load_policy_set(data_dir).policies)


def install_policy(source: Path, data_dir: Path) -> tuple[Policy, Path]:
    """Validate a policy file and copy it atomically to ``<data dir>/policies/<id>.json``."""
    name = source.name
    try:
        if not source.is_file():
            raise PolicyInstallError(f"{name}: not a regular file")
        size = source.stat().st_size
        if size > MAX_POLICY_BYTES:
            raise PolicyInstallError(f"{name}: the file is {size:,} bytes; a policy file may have at most "
                                     f"{MAX_POLICY_BYTES:,}")  # fmt: skip
        raw = source.read_bytes()
        policy = load_policy_bytes(raw)
    except PolicyError as exc:
        raise PolicyInstallError(f"{name}: {exc}") from exc
    except OSError as exc:
        raise PolicyInstallError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    target_dir = installed_policies_dir(data_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{policy.id}.json"
    write_atomic(target, raw)
    return replace(policy, source="installed"), target
