"""Evidence files copied into the workspace, stored once by their SHA-256 (content-addressed)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

CHUNK = 1 << 20
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


class FileEvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        if not SHA256_RE.match(sha256):
            raise ValueError(f"not a SHA-256 digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def _finish(self, tmp: Path, digest: str) -> None:
        target = self.path_of(digest)
        if target.exists():
            tmp.unlink()
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)

    def put(self, source: Path) -> tuple[str, int]:
        """Copy a file in (temporary file, fsync, rename) and return its digest and size."""
        self.root.mkdir(parents=True, exist_ok=True)
        hasher = hashlib.sha256()
        size = 0
        fd, name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while chunk := src.read(CHUNK):
                    hasher.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            digest = hasher.hexdigest()
            self._finish(tmp, digest)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise
        return digest, size

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(data).hexdigest()
        if self.path_of(digest).exists():
            return digest, len(data)
        fd, name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            self._finish(tmp, digest)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise
        return digest, len(data)

    def discard(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_of(sha256).unlink()
