"""Writing files so that they are never half-written (a temporary file beside the target, fsync, rename), and
reading a file given from outside without blocking on a pipe or reading a device without end.

Standard library only; it lives in core so that services and adapters (package, store) share one copy.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from pathlib import Path


def check_replaceable(out_path: Path) -> None:
    """FileExistsError naming ``out_path`` when something other than a regular file is there (a folder, a device
    such as /dev/null, a pipe): a write never replaces it. Callers that work before writing ask first."""
    if os.path.lexists(out_path) and not out_path.is_file():
        raise FileExistsError(errno.EEXIST, "exists and is not a regular file; it is left as it is", str(out_path))


def write_atomic(out_path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``out_path`` atomically; on any error the target is untouched and no temp file stays."""
    directory = out_path.parent
    check_replaceable(out_path)
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


class FileTooLargeError(OSError):
    """A file larger than the reader takes; ``size`` is its size in bytes (nothing of it was read)."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"{size:,} bytes; the limit is {limit:,}", str(path))
        self.size = size


def read_regular_file(path: Path, limit: int) -> bytes:
    """Read a file given from outside: a regular file of at most ``limit`` bytes, whole.

    OSError naming the path for a missing file, for what is not a regular file (a folder, a pipe, a device such as
    /dev/zero: they block or never end) and FileTooLargeError for a larger file, each before a byte is read. The file
    is opened without blocking (a pipe put in its place meanwhile does not hang) and checked on the open handle.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > limit:
            raise FileTooLargeError(path, info.st_size, limit)
        # Ask for the file's size (+1), not the limit: a read of the limit allocates a buffer that large.
        data = f.read(info.st_size + 1)
        if info.st_size < len(data) <= limit:  # the file grew after fstat: read on to the limit
            data += f.read(limit + 1 - len(data))
        if len(data) > limit:
            raise FileTooLargeError(path, len(data), limit)
        return data


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
