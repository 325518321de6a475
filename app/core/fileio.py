"""Writing files so that they are never half-written: a temporary file beside the target, fsync, rename.

Standard library only; it lives in core so that services and adapters (package, store) share one copy.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


def write_atomic(out_path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``out_path`` atomically; on any error the target is untouched and no temp file stays."""
    directory = out_path.parent
    if os.path.lexists(out_path) and not out_path.is_file():  # a folder, a device (/dev/null), a pipe
        raise FileExistsError(errno.EEXIST, "exists and is not a regular file; it is left as it is", str(out_path))
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{out_path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        os.replace(tmp_name, out_path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        with contextlib.suppress(OSError):
            dir_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
