"""Hostile archives are refused with a clear reason, read only into memory, and nothing is written anywhere."""

from __future__ import annotations

import os
import stat
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.core.form import Form
from app.package import verify_package
from app.package.safezip import ArchiveError, Limits, Member, build_archive, read_archive
from app.services.forms import FormRegistry
from tests.package import package_bytes


@dataclass
class Entry:
    """One member of a hand-built zip, with every header field under the test's control."""

    name: bytes
    data: bytes = b"x"
    flags: int = 0x0800
    method: int = 0  # 0 stored, 8 deflated
    mode: int = stat.S_IFREG | 0o644
    declared_size: int | None = None  # uncompressed size written in the headers (default: the real one)
    crc: int | None = None
    extra: dict[str, int] = field(default_factory=dict)


def raw_zip(entries: list[Entry], *, prefix: bytes = b"", comment: bytes = b"", count: int | None = None) -> bytes:
    """Build a zip byte by byte, so headers can lie in ways zipfile would never write."""
    local = bytearray(prefix)
    central = bytearray()
    for e in entries:
        payload = e.data
        if e.method == 8:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            payload = compressor.compress(e.data) + compressor.flush()
        size = len(e.data) if e.declared_size is None else e.declared_size
        crc = zlib.crc32(e.data) if e.crc is None else e.crc
        offset = len(local)
        local += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, e.flags, e.method, 0, 33, crc, len(payload), size, len(e.name), 0
        )
        local += e.name + payload
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            (3 << 8) | 20,
            20,
            e.flags,
            e.method,
            0,
            33,
            crc,
            len(payload),
            size,
            len(e.name),
            0,
            0,
            0,
            0,
            e.mode << 16,
            offset,
        )
        central += e.name
    n = len(entries) if count is None else count
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(central), len(local), len(comment))
    return bytes(local + central + eocd + comment)


def refused(data: bytes, limits: Limits | None = None) -> ArchiveError:
    with pytest.raises(ArchiveError) as info:
        read_archive(data, limits or Limits())
    return info.value


def assert_refused(
    data: bytes, registry: FormRegistry, code: str, reason: str, limits: Limits | None = None
) -> ArchiveError:
    """The archive reader refuses it with this reason, and verification fails with the same code."""
    error = refused(data, limits)
    assert (error.code, error.reason) == (code, reason), error.message
    report = verify_package(data, registry, limits=limits or Limits())
    assert not report.ok
    assert [(c.code, c.detail) for c in report.failures] == [(code, reason)]
    assert report.failures[0].message == error.message
    return error


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (b"../evil.txt", "path-traversal"),
        (b"evidence/../../evil.txt", "path-traversal"),
        (b"/etc/passwd", "absolute-path"),
        (b"C:\\Windows\\evil.dll", "absolute-path"),
        (b"C:evil.txt", "absolute-path"),
        (b"\\\\server\\share\\evil.txt", "absolute-path"),
        (b"evidence\\evil.txt", "backslash"),
        (b"evidence/./a.txt", "bad-path"),
        (b"evidence//a.txt", "bad-path"),
        (b"evidence/", "directory-entry"),
        (b"a\x01b.txt", "control-character"),
        (b"report.pdf ", "bad-path"),
        (b"aux:stream", "bad-path"),
    ],
)
def test_unsafe_names(registry: FormRegistry, name: bytes, reason: str) -> None:
    error = assert_refused(raw_zip([Entry(name)]), registry, "hostile-archive", reason)
    assert repr(name.decode())[1:-1][:6] in error.message


def test_symlink_member(registry: FormRegistry) -> None:
    data = raw_zip([Entry(b"evidence/link", b"/etc/passwd", mode=stat.S_IFLNK | 0o777)])
    assert_refused(data, registry, "hostile-archive", "symlink")


def test_device_member(registry: FormRegistry) -> None:
    assert_refused(raw_zip([Entry(b"dev", mode=stat.S_IFCHR | 0o644)]), registry, "hostile-archive", "special-file")


def test_duplicate_names(registry: FormRegistry) -> None:
    data = build_archive([Member("manifest.json", b"{}"), Member("manifest.json", b'{"a": 1}')])
    assert_refused(data, registry, "hostile-archive", "duplicate-name")


def test_names_equal_but_for_case_or_normalisation(registry: FormRegistry) -> None:
    data = build_archive([Member("evidence/A.pdf", b"1"), Member("evidence/a.pdf", b"2")])
    assert_refused(data, registry, "hostile-archive", "duplicate-name")
    nfc, nfd = "evidence/\u00e9.pdf", "evidence/e\u0301.pdf"
    assert_refused(build_archive([Member(nfc, b"1"), Member(nfd, b"2")]), registry, "hostile-archive", "duplicate-name")


def test_zip_bomb_ratio(registry: FormRegistry) -> None:
    data = raw_zip([Entry(b"result.json", b"\0" * (20 * 1024 * 1024), method=8)])
    assert len(data) < 100_000
    error = assert_refused(data, registry, "hostile-archive", "zip-bomb")
    assert "ratio" in error.message


def test_total_uncompressed_size_limit(registry: FormRegistry) -> None:
    data = raw_zip([Entry(f"evidence/{i}.bin".encode(), b"y" * 4000) for i in range(5)])
    limits = Limits(max_total_size=10_000)
    assert_refused(data, registry, "hostile-archive", "too-large", limits)
    assert read_archive(data, Limits(max_total_size=20_000))  # the same archive under a looser limit is fine


def test_huge_declared_size(registry: FormRegistry) -> None:
    data = raw_zip([Entry(b"report.pdf", b"%PDF-1.4", declared_size=0xFFFFFFF0)])
    error = assert_refused(data, registry, "hostile-archive", "too-large")
    assert "report.pdf" in error.message and str(0xFFFFFFF0) in error.message


def test_declared_size_smaller_than_content_is_never_trusted(registry: FormRegistry) -> None:
    """A member that expands beyond what it declares is cut off at the declared size and refused."""
    content = b"z" * 200_000
    data = raw_zip([Entry(b"answers.json", content, method=8, declared_size=100)])
    error = refused(data)
    assert error.code == "archive-corrupt"
    assert not verify_package(data, registry).ok


def test_read_is_capped_by_the_member_limit(registry: FormRegistry) -> None:
    data = raw_zip([Entry(b"result.json", b"q" * 50_000, method=8)])
    assert_refused(data, registry, "hostile-archive", "too-large", Limits(max_member_size=10_000))


def test_too_many_members(registry: FormRegistry) -> None:
    data = raw_zip([Entry(f"evidence/{i}".encode()) for i in range(30)])
    assert_refused(data, registry, "hostile-archive", "too-many-members", Limits(max_members=20))


def test_end_record_claiming_too_many_members_is_refused_before_parsing(registry: FormRegistry) -> None:
    data = raw_zip([Entry(b"a")], count=60_000)
    assert_refused(data, registry, "hostile-archive", "too-many-members")


def test_zip64_marker(registry: FormRegistry) -> None:
    assert_refused(raw_zip([Entry(b"a")], count=0xFFFF), registry, "hostile-archive", "zip64")


def test_non_utf8_name(registry: FormRegistry) -> None:
    gbk_name = "evidence/证据.pdf".encode("gbk")
    data = raw_zip([Entry(gbk_name, flags=0)])
    error = assert_refused(data, registry, "hostile-archive", "non-utf8-name")
    assert "bit 11" in error.message


def test_name_flagged_utf8_but_not_utf8(registry: FormRegistry) -> None:
    data = raw_zip([Entry("evidence/证据.pdf".encode("gbk"), flags=0x0800)])
    assert_refused(data, registry, "hostile-archive", "non-utf8-name")


def test_ascii_name_without_utf8_flag_is_fine() -> None:
    assert read_archive(raw_zip([Entry(b"evidence/a.pdf", flags=0)]))[0].name == "evidence/a.pdf"


def test_encrypted_member(registry: FormRegistry) -> None:
    assert_refused(raw_zip([Entry(b"answers.json", flags=0x0801)]), registry, "hostile-archive", "encrypted")


def test_unsupported_compression(registry: FormRegistry) -> None:
    data = raw_zip([Entry(b"answers.json", method=14)])  # LZMA
    assert_refused(data, registry, "hostile-archive", "unsupported-compression")


def test_bad_crc(registry: FormRegistry) -> None:
    data = raw_zip([Entry(b"answers.json", b"{}", crc=0x12345678)])
    error = assert_refused(data, registry, "archive-corrupt", "corrupt")
    assert "CRC" in error.message


def test_truncated_archives(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    data = package_bytes(form, tmp_path)
    for cut in (len(data) // 2, len(data) - 1, len(data) - 30, 100):
        report = verify_package(data[:cut], registry)
        assert not report.ok
        assert report.failures[0].code in ("not-zip", "archive-corrupt"), report.failures[0]


def test_truncated_in_the_middle(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    data = package_bytes(form, tmp_path)
    report = verify_package(data[:2000] + data[3000:], registry)
    assert not report.ok
    assert report.failures[0].code in ("not-zip", "archive-corrupt")


@pytest.mark.parametrize("data", [b"", b"hello", b"%PDF-1.4\n%%EOF\n", os.urandom(4096), b"PK\x05\x06"])
def test_not_a_zip(registry: FormRegistry, data: bytes) -> None:
    report = verify_package(data, registry)
    assert not report.ok
    assert report.failures[0].code in ("not-zip", "archive-corrupt")
    assert "zip" in report.failures[0].message


def test_data_before_the_archive(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    data = b"MZ self-extractor stub" + package_bytes(form, tmp_path)
    assert_refused(data, registry, "not-zip", "bad-signature")


def test_appended_comment_breaks_the_layout(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    data = package_bytes(form, tmp_path)
    with_comment = data[:-2] + struct.pack("<H", 5) + b"hello"
    report = verify_package(with_comment, registry)
    assert report.codes() == {"archive-layout"}


def test_archive_too_large(registry: FormRegistry) -> None:
    data = raw_zip([Entry(b"a", b"b" * 5000)])
    assert_refused(data, registry, "hostile-archive", "too-large", Limits(max_archive_size=1000))


def test_malformed_json_member_in_a_sound_archive(registry: FormRegistry) -> None:
    data = build_archive([Member("manifest.json", b'{"format": [1, 2')])
    report = verify_package(data, registry)
    assert report.codes() == {"manifest"}
    assert "malformed JSON" in report.failures[0].message


def test_deeply_nested_json(registry: FormRegistry) -> None:
    data = build_archive([Member("manifest.json", b"[" * 100_000 + b"]" * 100_000)])
    report = verify_package(data, registry)
    assert report.codes() == {"manifest"}


def test_verification_writes_nothing(registry: FormRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Verifying hostile files from a folder leaves the folder, its parent and the working directory unchanged."""
    inbox = tmp_path / "inbox" / "deep"
    inbox.mkdir(parents=True)
    hostile = {
        "traversal.sdap": raw_zip([Entry(b"../../escaped.txt", b"owned")]),
        "absolute.sdap": raw_zip([Entry(str(tmp_path / "abs.txt").encode(), b"owned")]),
        "symlink.sdap": raw_zip([Entry(b"link", str(tmp_path).encode(), mode=stat.S_IFLNK | 0o777)]),
        "bomb.sdap": raw_zip([Entry(b"result.json", b"\0" * (5 * 1024 * 1024), method=8)]),
    }
    for name, data in hostile.items():
        (inbox / name).write_bytes(data)
    monkeypatch.chdir(inbox)

    def snapshot() -> list[tuple[str, int]]:
        return sorted((str(p.relative_to(tmp_path)), p.stat().st_size) for p in tmp_path.rglob("*"))

    before = snapshot()
    for name in hostile:
        assert not verify_package(inbox / name, registry).ok
    assert snapshot() == before
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path / "abs.txt").exists()
