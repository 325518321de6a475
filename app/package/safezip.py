"""Read untrusted zip archives into memory with limits, and write the package's canonical zip layout.

Nothing here touches the file system: archives are parsed from bytes and members are returned as bytes.
Every refusal is an ``ArchiveError`` whose ``code`` is one of ``not-zip``, ``archive-corrupt`` or
``hostile-archive`` and whose ``reason`` names the exact problem (``path-traversal``, ``symlink``, …).
"""

from __future__ import annotations

import io
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Fixed values of the canonical layout (see docs/package-format.md, "Archive layout").
ZIP_VERSION = 20  # 2.0: deflate/stored, no zip64
VERSION_MADE_BY = (3 << 8) | ZIP_VERSION  # 3 = UNIX, so external attributes carry a file mode
UTF8_FLAG = 0x0800  # general purpose bit 11: the name is UTF-8
DOS_TIME = 0  # 00:00:00
DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the earliest date a zip can hold
FILE_MODE = stat.S_IFREG | 0o644
EXTERNAL_ATTR = FILE_MODE << 16

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_EOCD = struct.Struct("<IHHHHIIH")
_LOCAL_SIG = 0x04034B50
_CENTRAL_SIG = 0x02014B50
_EOCD_SIG = 0x06054B50
_EOCD_SEARCH = _EOCD.size + 0xFFFF
_READ_CHUNK = 64 * 1024
_ZIP64_MARK = 0xFFFF
_MAX_U32 = 0xFFFFFFFF

_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f]")
_WINDOWS_FORBIDDEN = re.compile('[<>:"|?*]')
# A name every check of ``check_member_name`` accepts: '/'-separated components, each non-empty, of characters
# that are not control characters, backslashes or forbidden in Windows file names, and not ending in a space or
# a dot (so no '.' or '..' component, no leading or trailing '/', no drive letter: ':' is forbidden).
_SAFE_COMPONENT = r'[^\x00-\x1f\x7f/\\<>:"|?*]*[^\x00-\x1f\x7f/\\<>:"|?* .]'
_SAFE_NAME = re.compile(f"{_SAFE_COMPONENT}(?:/{_SAFE_COMPONENT})*")


@dataclass(frozen=True)
class Limits:
    """Bounds applied before and while reading an untrusted archive."""

    max_archive_size: int = 1024 * 1024 * 1024  # 1 GiB on disk
    max_members: int = 2_000
    max_member_size: int = 256 * 1024 * 1024  # uncompressed, per member
    max_total_size: int = 1024 * 1024 * 1024  # uncompressed, all members together
    max_ratio: int = 100  # uncompressed / compressed, checked for members above ratio_floor
    ratio_floor: int = 1024 * 1024
    max_name_bytes: int = 512


DEFAULT_LIMITS = Limits()


class ArchiveError(ValueError):
    """An archive is refused: not a zip, corrupt, or hostile. ``reason`` is a stable sub-code."""

    def __init__(self, code: str, reason: str, message: str, member: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.member = member


def _hostile(reason: str, message: str, member: str = "") -> ArchiveError:
    return ArchiveError("hostile-archive", reason, message, member)


def _corrupt(reason: str, message: str, member: str = "") -> ArchiveError:
    return ArchiveError("archive-corrupt", reason, message, member)


@dataclass(frozen=True)
class Member:
    """One archive member read into memory."""

    name: str
    data: bytes


def check_member_name(name: str) -> None:
    """Refuse a member name that could escape a folder, alias another name, or mean different things."""
    if _SAFE_NAME.fullmatch(name):  # the common case, in one pass; anything else is told exactly what is wrong
        return
    shown = repr(name)
    if not name:
        raise _hostile("empty-name", "a member has an empty name")
    if _CONTROL_CHARACTER.search(name):
        raise _hostile("control-character", f"member name {shown} contains a control character", name)
    if name.startswith(("/", "\\")) or (len(name) >= 2 and name[1] == ":" and name[0].isalpha()):
        raise _hostile("absolute-path", f"member name {shown} is an absolute path", name)
    if "\\" in name:
        raise _hostile("backslash", f"member name {shown} contains a backslash", name)
    if name.endswith("/"):
        raise _hostile("directory-entry", f"member {shown} is a directory entry; packages hold files only", name)
    parts = name.split("/")
    if any(p == ".." for p in parts):
        raise _hostile("path-traversal", f"member name {shown} climbs out of the archive with '..'", name)
    if any(p in ("", ".") for p in parts):
        raise _hostile("bad-path", f"member name {shown} has an empty or '.' path component", name)
    if _WINDOWS_FORBIDDEN.search(name):
        raise _hostile("bad-path", f"member name {shown} contains a character forbidden in file names", name)
    if any(p.endswith((" ", ".")) for p in parts):
        raise _hostile("bad-path", f"member name {shown} has a component ending in a space or dot", name)


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _eocd_entry_count(data: bytes) -> int:
    """Return the entry count the end-of-central-directory record claims, before zipfile parses anything."""
    tail_start = max(0, len(data) - _EOCD_SEARCH)
    pos = data.rfind(struct.pack("<I", _EOCD_SIG), tail_start)
    if pos < 0 or pos + _EOCD.size > len(data):
        raise ArchiveError("not-zip", "no-end-record", "not a zip archive (no end-of-central-directory record found)")
    _sig, disk, cd_disk, n_disk, n_total, _size, _offset, _comment = _EOCD.unpack_from(data, pos)
    if disk != 0 or cd_disk != 0 or n_disk != n_total:
        raise _hostile("multi-disk", "multi-volume (split) zip archives are not accepted")
    if n_total == _ZIP64_MARK:
        raise _hostile("zip64", "zip64 archives are not accepted")
    return int(n_total)


def read_archive(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[Member]:
    """Parse an untrusted zip held in memory and return its members in archive order.

    Refuses (ArchiveError) anything unsafe before reading a byte of member data, then reads each member
    with a hard cap that does not trust the declared sizes, and checks every CRC.
    """
    if len(data) > limits.max_archive_size:
        raise _hostile("too-large", f"archive is {len(data)} bytes; the limit is {limits.max_archive_size}")
    if not data.startswith(struct.pack("<I", _LOCAL_SIG)):
        raise ArchiveError("not-zip", "bad-signature", "not a zip archive (it does not start with a zip header)")
    count = _eocd_entry_count(data)
    if count > limits.max_members:
        raise _hostile("too-many-members", f"archive declares {count} members; the limit is {limits.max_members}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            _check_infos(infos, limits)
            return [Member(info.filename, _read_member(zf, info, limits)) for info in infos]
    except ArchiveError:
        raise
    except UnicodeDecodeError as exc:
        raise _hostile("non-utf8-name", f"a member name flagged as UTF-8 is not valid UTF-8: {exc}") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, struct.error) as exc:
        raise _corrupt("corrupt", f"corrupt or truncated zip archive: {exc}") from exc
    except (NotImplementedError, RuntimeError) as exc:  # unsupported method, encryption
        raise _hostile("unsupported", f"unsupported zip feature: {exc}") from exc
    except Exception as exc:  # zipfile meets impossible offsets with ValueError, OSError, …: never crash
        raise _corrupt("corrupt", f"corrupt or truncated zip archive: {type(exc).__name__}: {exc}") from exc


def _check_infos(infos: Sequence[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_members:
        raise _hostile("too-many-members", f"archive has {len(infos)} members; the limit is {limits.max_members}")
    seen: dict[str, str] = {}
    total = 0
    for info in infos:
        name = info.filename
        raw = name.encode("utf-8")
        if not info.flag_bits & UTF8_FLAG and not name.isascii():
            raise _hostile(
                "non-utf8-name",
                f"member name {name!r} is not ASCII and not flagged as UTF-8 (general purpose bit 11)",
                name,
            )
        if len(raw) > limits.max_name_bytes:
            raise _hostile("name-too-long", f"member name longer than {limits.max_name_bytes} bytes", name)
        check_member_name(name)
        folded = _fold(name)
        if folded in seen:
            raise _hostile(
                "duplicate-name",
                f"member name {name!r} appears twice (or differs from {seen[folded]!r} only in case)",
                name,
            )
        seen[folded] = name
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise _hostile("symlink", f"member {name!r} is a symbolic link", name)
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            raise _hostile("special-file", f"member {name!r} is not a regular file (mode {mode:o})", name)
        if info.flag_bits & 0x1:
            raise _hostile("encrypted", f"member {name!r} is encrypted", name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _hostile(
                "unsupported-compression",
                f"member {name!r} uses compression method {info.compress_type}",
                name,
            )
        if info.file_size > limits.max_member_size:
            raise _hostile(
                "too-large",
                f"member {name!r} declares {info.file_size} bytes; the limit is {limits.max_member_size}",
                name,
            )
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise _hostile(
                "zip-bomb",
                f"member {name!r} expands {info.file_size} / {info.compress_size} bytes, over the ratio limit "
                f"of {limits.max_ratio}",
                name,
            )
        total += info.file_size
        if total > limits.max_total_size:
            raise _hostile(
                "too-large", f"members declare more than {limits.max_total_size} bytes uncompressed in total"
            )


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    """Read one member with a hard cap: never more than its declared size, never more than the limit."""
    cap = min(info.file_size, limits.max_member_size)
    out = bytearray()
    with zf.open(info) as stream:
        while True:
            chunk = stream.read(_READ_CHUNK)
            if not chunk:
                break
            out += chunk
            if len(out) > cap:
                raise _hostile("zip-bomb", f"member {info.filename!r} expands beyond its declared size", info.filename)
    if len(out) != info.file_size:
        raise _corrupt(
            "size-mismatch",
            f"member {info.filename!r} holds {len(out)} bytes but declares {info.file_size}",
            info.filename,
        )
    return bytes(out)


def _local_header(name: bytes, crc: int, size: int) -> bytes:
    """The canonical local file header of a member, its name included (stored, fixed time, UTF-8 flag)."""
    return _LOCAL.pack(_LOCAL_SIG, ZIP_VERSION, UTF8_FLAG, 0, DOS_TIME, DOS_DATE, crc, size, size, len(name), 0) + name


def _directory(entries: Sequence[tuple[bytes, int, int, int]], local_size: int) -> bytes:
    """The canonical central directory and end record for (name, crc, size, offset) entries after the members."""
    central = bytearray()
    for name, crc, size, offset in entries:
        central += _CENTRAL.pack(
            _CENTRAL_SIG,
            VERSION_MADE_BY,
            ZIP_VERSION,
            UTF8_FLAG,
            0,
            DOS_TIME,
            DOS_DATE,
            crc,
            size,
            size,
            len(name),
            0,
            0,
            0,
            0,
            EXTERNAL_ATTR,
            offset,
        )
        central += name
    if len(entries) >= _ZIP64_MARK or local_size > _MAX_U32:
        raise ValueError("too many or too large members for a zip without zip64")
    return bytes(central) + _EOCD.pack(_EOCD_SIG, 0, 0, len(entries), len(entries), len(central), local_size, 0)


def _crc32(name: str, data: bytes) -> int:
    return zlib.crc32(data)


def _entries(
    members: Sequence[Member], crc32: Callable[[str, bytes], int] = _crc32
) -> list[tuple[bytes, int, int, int]]:
    """(name, crc, size, offset) of each member as the canonical layout places them, in the order given."""
    entries = []
    offset = 0
    for member in members:
        check_member_name(member.name)
        name = member.name.encode("utf-8")
        size = len(member.data)
        if size > _MAX_U32 or offset > _MAX_U32:
            raise ValueError("package members must stay below 4 GiB (zip64 is not used)")
        entries.append((name, crc32(member.name, member.data), size, offset))
        offset += _LOCAL.size + len(name) + size
    return entries


def build_archive(members: Sequence[Member]) -> bytes:
    """Return the canonical zip bytes of the members, in the order given (stored, fixed time and mode)."""
    entries = _entries(members)
    parts: list[bytes] = []
    for (name, crc, size, _offset), member in zip(entries, members, strict=True):
        parts += (_local_header(name, crc, size), member.data)
    local = b"".join(parts)
    return local + _directory(entries, len(local))


def read_canonical_archive(
    data: bytes,
    limits: Limits = DEFAULT_LIMITS,
    crc32: Callable[[str, bytes], int] = _crc32,
    known: Callable[[str, bytes, int, int], bytes | None] | None = None,
) -> list[Member] | None:
    """Return the members when ``data`` is exactly the canonical archive of members ``read_archive`` accepts.

    The fast path of verification: the local headers are walked with fixed fields, the archive is rebuilt
    from what they hold (each header and the directory as ``build_archive`` writes them, the members' bytes in
    place) and must equal ``data`` byte for byte, and every check and limit ``read_archive`` applies before
    reading is applied too. When all of that holds, ``read_archive`` would return the same members and the
    canonical layout check would pass. Anything else returns None: the caller then takes ``read_archive`` and
    the layout check, which say exactly what is wrong.

    ``crc32(name, data)`` returns the CRC-32 of a member's bytes (``zlib.crc32(data)``, or the same number
    remembered for bytes seen before). ``known(name, data, start, size)`` may return a bytes object equal to
    ``data[start : start + size]`` (bytes remembered from before, found in place without a copy), or None.
    """
    if len(data) > limits.max_archive_size:
        return None
    try:
        return _canonical_members(data, limits, crc32, known)
    except (UnicodeDecodeError, struct.error, ValueError):  # ArchiveError (a member name) is a ValueError
        return None


_CANONICAL_LOCAL = (_LOCAL_SIG, ZIP_VERSION, UTF8_FLAG, 0, DOS_TIME, DOS_DATE)  # a local header's fixed fields


def _canonical_members(  # noqa: PLR0911 (one early return per rule)
    data: bytes,
    limits: Limits,
    crc32: Callable[[str, bytes], int],
    known: Callable[[str, bytes, int, int], bytes | None] | None,
) -> list[Member] | None:
    """One walk of the local headers from the start, as ``build_archive`` writes them (no other header is
    accepted), checking each member as ``read_archive`` would; then the central directory and end record must be
    the bytes ``build_archive`` writes after them, to the last byte. None: not that archive."""
    members: list[Member] = []
    directory: list[bytes] = []
    folded: set[str] = set()
    previous = b""
    total = pos = 0
    unpack, central = _LOCAL.unpack_from, _CENTRAL.pack
    while data.startswith(b"PK\x03\x04", pos):
        *head, crc, compressed, size, name_len, extra_len = unpack(data, pos)
        if tuple(head) != _CANONICAL_LOCAL or compressed != size or extra_len:
            return None
        start = pos + _LOCAL.size + name_len
        raw_name = data[pos + _LOCAL.size : start]
        name = raw_name.decode("utf-8")
        check_member_name(name)
        key = _fold(name)
        if raw_name < previous or len(raw_name) > limits.max_name_bytes or key in folded:
            return None  # not in UTF-8 byte order, too long a name, or one name twice (up to case)
        body = known(name, data, start, size) if known is not None else None
        if body is None:
            body = data[start : start + size]
        if len(raw_name) != name_len or len(body) != size or crc32(name, body) != crc:
            return None  # truncated, or a CRC that is not the member's
        if size > limits.max_member_size or (size > limits.ratio_floor and size > limits.max_ratio * size):
            return None
        total += size
        directory += (central(_CENTRAL_SIG, VERSION_MADE_BY, ZIP_VERSION, UTF8_FLAG, 0, DOS_TIME, DOS_DATE, crc, size,
                              size, name_len, 0, 0, 0, 0, EXTERNAL_ATTR, pos), raw_name)  # fmt: skip
        members.append(Member(name, body))
        folded.add(key)
        previous = raw_name
        pos = start + size
    count = len(members)
    if not count or count > limits.max_members or count >= _ZIP64_MARK or total > limits.max_total_size:
        return None
    listing = b"".join(directory)
    end = _EOCD.pack(_EOCD_SIG, 0, 0, count, count, len(listing), pos, 0)  # struct.error past 4 GiB
    if len(data) - pos != len(listing) + len(end) or not data.endswith(end) or not data.startswith(listing, pos):
        return None
    return members
