"""Writing files so that they are never half-written: a temporary file beside the target, fsync, rename.

Standard library only; it lives in core so that services and adapters (package, store) share one copy.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
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


MAX_NAME_CHARS = 60  # the enterprise part of a file name; whole names stay far below every file system's limit
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')  # what Windows refuses in a file name (a superset of POSIX)
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_file_name(name: str, max_chars: int = MAX_NAME_CHARS) -> str:
    """``name`` made usable as a file name on Windows, macOS and Linux: forbidden characters become ``_``,
    whitespace is collapsed, trailing dots and spaces go (Windows drops them), reserved device names are
    prefixed, and the length is capped."""
    text = re.sub(r"\s+", " ", name).strip()
    text = _FORBIDDEN.sub("_", text)
    text = text[:max_chars].rstrip(" .")
    text = text.lstrip(".")  # no hidden files
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text or "_"
