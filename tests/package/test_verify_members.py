"""The member checks verification makes fast (issue 16) keep their verdicts: each one refuses what it refused.

Verification parses each JSON member once, looks for lone surrogates only where a ``\\u`` escape can make one,
keeps embedded forms by the SHA-256 of their bytes, and compares the score without a JSON round trip. Each
test changes one member (and re-signs, so only the check under test can object) and pins the verdict.
"""

from __future__ import annotations

import copy
import json
import re
import zlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.form import canonical_json_bytes
from app.package import VerificationReport, verify_package
from app.package.format import (
    ANSWERS,
    FORM,
    NORMATIVE,
    RESULT,
    FormatError,
    _plain_manifest,
    _read_manifest,
    json_bytes,
    normative_from_result,
    parse_json_member,
)
from app.package.safezip import (
    _SAFE_NAME,
    ArchiveError,
    Limits,
    Member,
    _directory,
    _entries,
    _local_header,
    build_archive,
    check_member_name,
    read_archive,
    read_canonical_archive,
)
from app.package.verify import _exact, _points_are_numbers, _runs_between_tokens, _same_json, _same_tokens
from app.services.forms import FormRegistry
from tests.conftest import FORMS_DIR, ROOT
from tests.package import make_signer, package_bytes, repack

REGISTRY = FormRegistry.from_dir(FORMS_DIR)
SIGNER = make_signer(seed=1)
VECTORS = ROOT / "docs" / "test-vectors"


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    data = package_bytes(REGISTRY.get("miit-2024", 1), tmp_path_factory.mktemp("pkg"))
    assert verify_package(data, REGISTRY).ok
    return data


def changed(data: bytes, member: str, edit: Callable[[bytes], bytes]) -> bytes:
    """Return the package with one member's bytes edited, the manifest's files list updated and re-signed."""

    def change(files: dict[str, bytes]) -> None:
        before = files[member]
        files[member] = edit(before)
        assert files[member] != before, "the edit must change the member"

    return repack(data, change_files=change, resign=[SIGNER])


def relaid(edit: Callable[[dict[str, object]], None], *, compact: bool = False) -> Callable[[bytes], bytes]:
    """Return an edit that parses a JSON member, changes its value and writes it back."""

    def apply(raw: bytes) -> bytes:
        value = json.loads(raw)
        edit(value)
        if compact:
            return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
        return json_bytes(value)

    return apply


def failed(report: VerificationReport) -> set[str]:
    return report.codes()


# ---------------------------------------------------------------- lone surrogates (text-invalid)


def test_a_lone_surrogate_escape_is_refused(valid: bytes) -> None:
    """Finding: the surrogate check was a per-character walk of every member; it now looks at escapes only."""
    data = changed(valid, ANSWERS, lambda raw: raw.replace("两套系统".encode(), b"\\ud800"))
    assert failed(verify_package(data, REGISTRY)) == {"text-invalid"}


def test_a_lone_surrogate_in_a_key_is_refused(valid: bytes) -> None:
    data = changed(valid, RESULT, lambda raw: raw.replace(b'"warnings"', b'"warn\\udfffings"'))
    assert "text-invalid" in failed(verify_package(data, REGISTRY))


def test_escapes_that_are_not_lone_surrogates_are_text(valid: bytes) -> None:
    """An escaped pair, an escaped ordinary letter: the same text, so the package still verifies."""
    pair = changed(valid, ANSWERS, lambda raw: raw.replace("两".encode(), b"\\u4e24"))
    assert verify_package(pair, REGISTRY).ok
    emoji = changed(valid, NORMATIVE, lambda raw: raw.replace(b'"version"', b'"\\ud83d\\ude00version"'))
    report = verify_package(emoji, REGISTRY)
    assert "text-invalid" not in failed(report) and "score-mismatch" in failed(report)


def test_an_escaped_backslash_before_u_is_not_an_escape(valid: bytes) -> None:
    r"""``\\ud800`` is a backslash and the letters ud800: a changed note, not a lone surrogate."""
    data = changed(valid, ANSWERS, lambda raw: raw.replace("两套系统".encode(), b"\\\\ud800"))
    codes = failed(verify_package(data, REGISTRY))
    assert "text-invalid" not in codes and codes == {"content-digest"}


# ---------------------------------------------------------------- JSON the parser cannot take


_UNREADABLE = {  # token inserted into a member → the reason its check gives
    "exponent": (b"1e9999999999999999999", "malformed JSON: a number's exponent is out of range"),
    "digits": (b"9" * 5000, "malformed JSON: a number has too many digits"),
    "nesting": (b"[" * 100_000 + b"]" * 100_000, "malformed JSON: nested too deeply"),
}


# Members read with exact decimals take every kind; the others read numbers as floats, where an exponent out of range
# is an infinity that the member's own comparison reports (for example "package says Infinity").
_EXACT = ((ANSWERS, "answers-invalid"), (RESULT, "score-mismatch"))
_BINARY = ((NORMATIVE, "score-mismatch"), ("commitment.json", "commitment"))
_CASES = [(m, c, kind) for m, c in _EXACT for kind in sorted(_UNREADABLE)]
_CASES += [(m, c, kind) for m, c in _BINARY for kind in ("digits", "nesting")]


@pytest.mark.parametrize(("member", "code", "kind"), _CASES)
def test_json_the_parser_cannot_take_gets_a_verdict_naming_the_member(
    valid: bytes, member: str, code: str, kind: str
) -> None:
    """Finding: a decimal exponent out of range escaped the strict parse (decimal.InvalidOperation is no
    ValueError): verification stopped with an internal error instead of naming the member."""
    token, reason = _UNREADABLE[kind]
    data = changed(valid, member, lambda raw: raw.rstrip()[:-1] + b', "x": ' + token + b"}\n")
    report = verify_package(data, REGISTRY)
    assert not report.ok and code in failed(report) and "internal" not in failed(report)
    assert any(c.code == code and member in c.message and reason in c.message for c in report.failures), report.failures


@pytest.mark.parametrize("exact_numbers", [False, True])
def test_the_strict_member_parse_names_every_failure_of_the_decoder(exact_numbers: bool) -> None:
    for kind, (token, reason) in _UNREADABLE.items():
        with pytest.raises(FormatError, match=re.escape(f"{RESULT}: {reason}")):
            parse_json_member(RESULT, b'{"x": ' + token + b"}", exact_numbers=exact_numbers or kind == "exponent")
    with pytest.raises(FormatError, match=re.escape(f"{RESULT}: not UTF-8 text (invalid start byte at byte 6)")):
        parse_json_member(RESULT, b'{"x": \xff}')


# ---------------------------------------------------------------- answers.json normal form (one parse)


def test_answers_in_another_layout_with_the_same_value_verify(valid: bytes) -> None:
    """The layout of a member is not normative: compact, sorted keys, same value."""
    data = changed(valid, ANSWERS, relaid(lambda doc: None, compact=True))
    assert verify_package(data, REGISTRY).ok


@pytest.mark.parametrize("token", [b"35.0", b"3.5e1", b"35.00"])
def test_a_whole_figure_written_with_a_fraction_is_not_normal_form(valid: bytes, token: bytes) -> None:
    """Finding: answers.json was parsed twice (exact and float); the one exact parse must refuse the same."""
    data = changed(valid, ANSWERS, lambda raw: raw.replace(b'"rate": 35\n', b'"rate": ' + token + b"\n"))
    report = verify_package(data, REGISTRY)
    assert failed(report) == {"answers-invalid"}
    assert "not in normal form" in report.failures[0].message


def test_a_fraction_figure_with_the_same_double_is_normal_form(valid: bytes) -> None:
    """``98.60`` reads as the same double as ``98.6``: normal form compares the float reading, as before."""
    data = changed(valid, ANSWERS, lambda raw: raw.replace(b'"value": 98.6\n', b'"value": 98.60\n'))
    assert verify_package(data, REGISTRY).ok


def test_a_list_out_of_form_order_is_not_normal_form(valid: bytes) -> None:
    def swap(doc: dict[str, object]) -> None:
        answers = doc["answers"]
        assert isinstance(answers, dict)
        answers["Q1"] = list(reversed(answers["Q1"]))

    report = verify_package(changed(valid, ANSWERS, relaid(swap)), REGISTRY)
    assert failed(report) == {"answers-invalid"}


# ---------------------------------------------------------------- the score (no round trip)


def _set(key: str, value: object) -> Callable[[dict[str, object]], None]:
    def edit(doc: dict[str, object]) -> None:
        doc[key] = value

    return edit


@pytest.mark.parametrize(
    ("member", "token"),
    [
        (RESULT, b'"total_score": "45.7"'),  # text where result.json has numbers
        (RESULT, b'"total_score": 45.70'),  # the same decimal with other digits
        (RESULT, b'"total_score": 45.8'),
        (NORMATIVE, b'"total_score": "45.70"'),
        (NORMATIVE, b'"total_score": 45.7'),  # a number where normative.json has decimal text
    ],
)
def test_the_total_score_must_match_exactly(valid: bytes, member: str, token: bytes) -> None:
    """Finding: _check_score re-dumped JSON and serialised each key twice; the comparison must stay exact."""
    needle = b'"total_score": 45.7' if member == RESULT else b'"total_score": "45.7"'
    data = changed(valid, member, lambda raw: raw.replace(needle, token))
    report = verify_package(data, REGISTRY)
    assert failed(report) == {"score-mismatch"}
    assert "total_score" in report.failures[0].message


@pytest.mark.parametrize(("key", "value"), [("level", 3), ("missing", ["Q1"]), ("complete", 1), ("scene_levels", {})])
def test_each_normative_key_of_result_json_is_compared(valid: bytes, key: str, value: object) -> None:
    report = verify_package(changed(valid, RESULT, relaid(_set(key, value))), REGISTRY)
    assert failed(report) == {"score-mismatch"}
    assert f"{key}: package says" in report.failures[0].message


def test_a_missing_normative_key_is_a_mismatch(valid: bytes) -> None:
    def drop(doc: dict[str, object]) -> None:
        del doc["scene_counts"]

    assert failed(verify_package(changed(valid, RESULT, relaid(drop)), REGISTRY)) == {"score-mismatch"}
    assert failed(verify_package(changed(valid, NORMATIVE, relaid(drop)), REGISTRY)) == {"score-mismatch"}


def test_an_extra_key_in_normative_json_is_a_mismatch(valid: bytes) -> None:
    report = verify_package(changed(valid, NORMATIVE, relaid(_set("extra", 1))), REGISTRY)
    assert failed(report) == {"score-mismatch"}
    assert "extra: package says 1" in report.failures[0].message


def test_a_changed_advisory_part_is_a_warning_naming_it(valid: bytes) -> None:
    report = verify_package(changed(valid, RESULT, relaid(_set("warnings", [{"x": 1.5}]))), REGISTRY)
    assert report.ok
    notes = [c for c in report.warnings if c.code == "advisory-differs"]
    assert len(notes) == 1 and "(warnings)" in notes[0].message


def test_normative_json_in_another_layout_verifies(valid: bytes) -> None:
    assert verify_package(changed(valid, NORMATIVE, relaid(lambda doc: None, compact=True)), REGISTRY).ok


@pytest.fixture(scope="module")
def result_json(valid: bytes) -> bytes:
    return read_members(valid)[RESULT]


_POINTS = st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False, allow_infinity=False)
_POINTS |= st.sampled_from(["1", "", 2**70])  # values a written score can hold (no Decimal: it is serialised)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from(["total_score", "question_scores", "dimension_scores", "level", "scene_counts"]),
    value=_POINTS | st.dictionaries(st.sampled_from(["Q1", "D1"]), _POINTS, max_size=2) | st.just(Ellipsis),
)
def test_points_are_numbers_only_where_the_normative_reading_accepts_them(
    result_json: bytes, key: str, value: object
) -> None:
    """Finding: result.json written as the exporter writes it was read into the normative subset only to see
    that its points are numbers; that is now seen on the recomputed score, and must mean the same."""
    written = json.loads(result_json)
    if value is Ellipsis:
        del written[key]
    else:
        written[key] = value
    try:
        normative_from_result(_exact(written))
        accepted = True
    except ValueError:
        accepted = False
    assert accepted or not _points_are_numbers(written)
    assert _points_are_numbers(json.loads(result_json))


def test_a_key_written_twice_is_named() -> None:
    with pytest.raises(FormatError, match="duplicate key 'c'"):
        parse_json_member(RESULT, b'{"a": 1, "b": {"c": 2, "c": 3}, "b": 4}')
    with pytest.raises(FormatError, match="duplicate key 'a'"):
        parse_json_member(RESULT, b'{"a": 1, "b": 2, "a": 1, "b": 2}', exact_numbers=True)
    assert parse_json_member(RESULT, b'{"a": [{"a": 1}], "b": 2.5}', exact_numbers=True) == {
        "a": [{"a": 1}],
        "b": Decimal("2.5"),
    }


# ---------------------------------------------------------------- members compared as written (issue 16)

# A newline and indentation inside a string: without those runs the text is the exporter's, but it is not JSON.
_SPLIT_STRING = [
    (RESULT, b'"form": "miit-2024"', b'"form": "miit-\n  2024"'),
    (NORMATIVE, b'"id": "miit-2024"', b'"id": "miit-\n  2024"'),
    (ANSWERS, b'"form": "miit-2024"', b'"form": "miit-\n  2024"'),
]


@pytest.mark.parametrize(("member", "needle", "edit"), _SPLIT_STRING)
def test_a_newline_inside_a_string_is_malformed_even_where_the_layout_is_ignored(
    valid: bytes, member: str, needle: bytes, edit: bytes
) -> None:
    """Finding: members are first compared with the exporter's text up to newlines and indentation; a member
    that matches only once a newline inside a string is dropped must still be refused as malformed JSON."""
    data = changed(valid, member, lambda raw: raw.replace(needle, edit, 1))
    report = verify_package(data, REGISTRY)
    code = "answers-invalid" if member == ANSWERS else "score-mismatch"
    assert failed(report) == {code}
    assert "malformed JSON" in report.failures[0].message


@pytest.mark.parametrize("member", [RESULT, NORMATIVE, ANSWERS])
def test_other_whitespace_between_tokens_still_verifies(valid: bytes, member: str) -> None:
    """A layout the fast comparison does not know (a tab, a space before a comma) takes the general path."""
    data = changed(valid, member, lambda raw: raw.replace(b",\n", b" ,\n", 1).replace(b"{\n", b"{\t\n", 1))
    assert verify_package(data, REGISTRY).ok


_TEXT = st.text(st.sampled_from(['"', "\\", "\n", "u", "n", "1", ",", ":", " ", "两", "{", "]", "\x7f"]), max_size=6)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.floats(allow_nan=False, allow_infinity=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=3000, deadline=None)
@given(value=_JSON, data=st.data())
def test_runs_found_between_tokens_leave_json_that_parses_to_the_same_value(value: object, data: st.DataObject) -> None:
    """Finding: a member written as the exporter writes it was parsed only to see that it parses; the runs of
    newline and spaces are now seen to stand between tokens instead, which must never accept text that does not
    parse (a run inside a string, an escape or a number), nor text that means another value."""
    compact = json.dumps(value, ensure_ascii=False, separators=(",", ": ")).encode()
    cuts = sorted(data.draw(st.lists(st.integers(0, len(compact)), max_size=6)))
    raw, last = b"", 0
    for cut in cuts:
        raw += compact[last:cut] + b"\n" + b" " * data.draw(st.integers(0, 3))
        last = cut
    raw += compact[last:]
    if _same_tokens(raw, value) and _runs_between_tokens(raw):  # (a run before a space is not the same tokens)
        assert json.loads(raw) == json.loads(compact)
    assert _runs_between_tokens(json_bytes(value))


def test_the_result_read_as_written_is_loaded_with_exact_decimals(valid: bytes) -> None:
    loaded = verify_package(valid, REGISTRY, load=True)
    assert loaded.result == json.loads(read_members(valid)[RESULT], parse_float=Decimal)
    assert isinstance(loaded.result["total_score"], Decimal)


def read_members(data: bytes) -> dict[str, bytes]:
    return {m.name: m.data for m in read_archive(data)}


_NAME_CHARACTERS = st.sampled_from(["a", "Z", "证", "/", ".", " ", "\\", ":", "|", "*", "\x00", "\x1f", "\x7f", "é"])


@settings(max_examples=3000, deadline=None)
@given(name=st.lists(_NAME_CHARACTERS, max_size=10).map("".join))
def test_a_name_the_one_pattern_accepts_passes_every_name_rule(name: str) -> None:
    """Finding: member names were checked rule by rule (splits, generators); one compiled pattern now accepts
    the common names and only the others are checked rule by rule. What it accepts must break no rule."""
    if not _SAFE_NAME.fullmatch(name):
        return
    parts = name.split("/")
    assert name and not any(ord(c) < 0x20 or c == "\x7f" for c in name)
    assert not name.startswith(("/", "\\")) and "\\" not in name and not name.endswith("/")
    assert not any(p in ("", ".", "..") or p.endswith((" ", ".")) for p in parts)
    assert not any(c in name for c in '<>:"|?*')
    check_member_name(name)


@pytest.mark.parametrize("name", ["a/../b", "a//b", "./a", "a ", "a/b.", "C:x", "a\\b", "a\x00", "/a", "a/"])
def test_names_the_pattern_refuses_get_their_rule(name: str) -> None:
    assert not _SAFE_NAME.fullmatch(name)
    with pytest.raises(ArchiveError) as caught:
        check_member_name(name)
    assert caught.value.code == "hostile-archive"


# ---------------------------------------------------------------- the manifest read in straight-line code

_ODD_VALUES = st.sampled_from(
    [None, True, False, 0, -1, 1, 2, 10**20, 1.5, "", " ", "x", "self", "after", "draft", "finalized", "assessor",
     "enterprise", "2024-05-01", "2024-13-01", "2024-05-01T08:30:00Z", "2024-02-30T08:30:00Z", "sha256:" + "a" * 64,
     "a" * 64, "SHA256:" + "b" * 64, "evidence/x", [], {}, [{}], {"a": 1}]
)  # fmt: skip


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every key path inside a JSON value (dict keys and list indexes)."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _manifest_of(data: bytes) -> dict[str, object]:
    return json.loads({m.name: m.data for m in read_archive(data)}["manifest.json"])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choice=st.data())
def test_the_plain_manifest_reading_accepts_only_what_the_field_reading_accepts(
    valid: bytes, choice: st.DataObject
) -> None:
    """Finding: parse_manifest read every field through a problem-collecting reader; valid manifests are now read
    in straight-line code first. For any one or two changed fields it returns nothing or exactly what the
    field-by-field reading returns (which then has no problem to report)."""
    manifest = _manifest_of(valid)
    for _ in range(choice.draw(st.integers(1, 2))):
        path = choice.draw(st.sampled_from(_paths(manifest)))
        *parents, last = path
        holder: Any = manifest
        for key in parents:
            holder = holder[key]
        if choice.draw(st.booleans()) and isinstance(holder, dict):
            del holder[last]
        else:
            holder[last] = copy.deepcopy(choice.draw(_ODD_VALUES))  # the sampled lists are shared
    plain = _plain_manifest(manifest)
    try:
        read = _read_manifest(manifest)
    except FormatError:
        assert plain is None
    else:
        assert plain is None or plain == read


def test_the_plain_manifest_reading_reads_a_valid_manifest(valid: bytes) -> None:
    manifest = _manifest_of(valid)
    assert _plain_manifest(manifest) == _read_manifest(manifest) is not None
    extra = {**manifest, "extra": 1}
    assert _plain_manifest(extra) is None
    with pytest.raises(FormatError, match="extra: unknown field"):
        _read_manifest(extra)


# ---------------------------------------------------------------- embedded forms kept by digest


def test_an_embedded_form_is_checked_even_after_the_same_form_was_read(valid: bytes, tmp_path: Path) -> None:
    """Finding: the embedded form was parsed and hashed per package; a digest-keyed cache must not hide a change."""
    empty = FormRegistry.from_dir(tmp_path)  # nothing installed: the embedded form is used
    first = verify_package(valid, empty)
    again = verify_package(valid, empty)
    assert first.ok and first.form_installed is False
    assert again.to_json() == first.to_json()
    reworded = changed(valid, FORM, lambda raw: raw.replace("数字化".encode(), "數字化".encode(), 1))
    assert failed(verify_package(reworded, empty)) == {"form-hash"}
    relaid_form = changed(valid, FORM, relaid(lambda doc: None, compact=True))
    assert verify_package(relaid_form, empty).ok  # other bytes, same form hash
    broken = changed(valid, FORM, lambda raw: raw[:-20])
    assert failed(verify_package(broken, empty)) == {"form-invalid"}
    assert failed(verify_package(broken, empty)) == {"form-invalid"}  # a failure is not kept


def test_an_embedded_form_with_a_key_given_twice_is_refused(valid: bytes, tmp_path: Path) -> None:
    """Finding: form.json could give an option's points twice; the verifier kept the last value, whose form hash is
    the clean form's, so the package verified while its form's bytes read otherwise to a reader keeping the first."""
    empty = FormRegistry.from_dir(tmp_path)

    def doubled(raw: bytes) -> bytes:
        at = raw.index(b'"points": ')
        return raw[:at] + b'"points": 99, ' + raw[at:]

    report = verify_package(changed(valid, FORM, doubled), empty)
    assert failed(report) == {"form-invalid"}
    assert "duplicate key 'points'" in report.failures[0].message
    assert failed(verify_package(changed(valid, FORM, doubled), REGISTRY)) == {"form-invalid"}


def _crc_corrupted(data: bytes, member: str) -> bytes:
    """Return the archive with the CRC-32 of one member changed in its local and central headers (bytes unchanged)."""
    out, name = bytearray(data), member.encode()
    for signature, crc_at, name_at in ((b"PK\x03\x04", 14, 30), (b"PK\x01\x02", 16, 46)):
        at = out.index(signature)
        while out[at + name_at : at + name_at + len(name)] != name:
            at = out.index(signature, at + 1)
        out[at + crc_at] ^= 0xFF
    return bytes(out)


def test_a_remembered_form_still_has_its_crc_checked(valid: bytes) -> None:
    """Finding: the embedded form was hashed and CRC-checked per package; a remembered CRC must be the one of the
    bytes in the archive, so a wrong CRC in the form's header is still refused, before and after it is known."""
    assert verify_package(valid, REGISTRY).ok  # the form's bytes are now remembered
    report = verify_package(_crc_corrupted(valid, FORM), REGISTRY)
    assert failed(report) == {"archive-corrupt"}
    assert verify_package(valid, REGISTRY).ok


def test_a_remembered_form_is_found_in_place_only_when_every_byte_is_the_same(valid: bytes) -> None:
    """The remembered form stands in for the archive's bytes (no copy): one changed byte of it, or a form cut
    short at the end of the archive, is not the remembered form, and gets the verdict it got before."""
    assert verify_package(valid, REGISTRY).ok  # the form's bytes are now remembered
    loaded = verify_package(valid, REGISTRY, load=True)
    assert loaded.form.content_hash == REGISTRY.get("miit-2024", 1).content_hash
    at = valid.index(b'"questions"')  # inside form.json
    flipped = valid[:at] + bytes([valid[at] ^ 0x01]) + valid[at + 1 :]
    assert failed(verify_package(flipped, REGISTRY)) == {"archive-corrupt"}
    assert failed(verify_package(valid[: at + 10], REGISTRY)) == {"not-zip"}


def test_a_remembered_form_is_not_taken_for_the_bytes_the_directory_names(valid: bytes) -> None:
    """A hostile archive whose local headers hold the remembered form, while its central directory names another
    form.json after them: the fast path refuses it, and the slow path must hash the bytes it reads itself."""
    assert verify_package(valid, REGISTRY).ok  # the form's bytes are now remembered
    members = read_archive(valid)
    other = next(m for m in members if m.name == FORM).data.replace("数字化".encode(), "數字化".encode(), 1)
    local_end = valid.index(b"PK\x01\x02")  # where the central directory starts
    decoy = _local_header(FORM.encode(), zlib.crc32(other), len(other)) + other
    entries = [
        (FORM.encode(), zlib.crc32(other), len(other), local_end) if name == FORM.encode() else entry
        for entry in _entries(members)
        for name in entry[:1]
    ]
    hostile = valid[:local_end] + decoy + _directory(entries, local_end + len(decoy))
    assert read_canonical_archive(hostile) is None
    assert next(m for m in read_archive(hostile) if m.name == FORM).data == other
    codes = failed(verify_package(hostile, REGISTRY))
    assert "archive-layout" in codes and "file-digest" in codes


# ---------------------------------------------------------------- the canonical archive fast path


def _slow_path(data: bytes) -> list[Member] | None:
    """What read_archive plus the layout check accept (None when either refuses)."""
    try:
        members = read_archive(data)
    except ArchiveError:
        return None
    names = [m.name.encode("utf-8") for m in members]
    return members if names == sorted(names) and build_archive(members) == data else None


def test_the_canonical_fast_path_reads_a_valid_package(valid: bytes) -> None:
    assert read_canonical_archive(valid) == _slow_path(valid) is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0, max_value=2**32), mask=st.integers(min_value=1, max_value=255))
def test_the_fast_path_accepts_only_what_the_slow_path_accepts(valid: bytes, position: int, mask: int) -> None:
    """Finding: zipfile costs most of the archive check; the fast path must never accept more, nor other members."""
    data = bytearray(valid)
    data[position % len(data)] ^= mask
    fast = read_canonical_archive(bytes(data))
    if fast is not None:
        assert fast == _slow_path(bytes(data))


@pytest.mark.parametrize("path", sorted(VECTORS.glob("*.sdap")), ids=lambda p: p.name)
def test_the_fast_path_agrees_on_every_test_vector(path: Path) -> None:
    data = path.read_bytes()
    fast = read_canonical_archive(data)
    assert fast is None or fast == _slow_path(data)


def test_the_fast_path_refuses_what_is_canonical_but_for_the_members_order_or_names(valid: bytes) -> None:
    """Each header and the directory as build_archive writes them, but the members out of UTF-8 byte order, or one
    name twice up to case: the fast path leaves them to the slow path, which names the problem."""
    members = read_archive(valid)
    swapped = [members[1], members[0], *members[2:]]
    twice = [*members, Member(members[0].name.upper(), b"x")]
    twice.sort(key=lambda m: m.name.encode("utf-8"))
    for archive in (build_archive(swapped), build_archive(twice)):
        assert read_canonical_archive(archive) is None
        assert _slow_path(archive) is None
    assert "archive-layout" in failed(verify_package(build_archive(swapped), REGISTRY))
    assert "hostile-archive" in failed(verify_package(build_archive(twice), REGISTRY))


def test_the_fast_path_applies_the_limits(valid: bytes) -> None:
    """A canonical archive over a limit goes the slow way, which names the limit."""
    for limits in (
        Limits(max_members=3),
        Limits(max_member_size=1000),
        Limits(max_total_size=1000),
        Limits(max_name_bytes=10),
        Limits(max_archive_size=1000),
    ):
        assert read_canonical_archive(valid, limits) is None
        assert failed(verify_package(valid, REGISTRY, limits=limits)) == {"hostile-archive"}


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-3, max_value=3)
    | st.floats(allow_nan=False, allow_infinity=True, width=32)
    | st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-3, max_value=3)
    | st.sampled_from(["", "1", "1.5", "0", "true", "null", "a", "两"])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(st.sampled_from(["a", "b", "1"]), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=2000, deadline=None)
@given(a=_VALUES, b=_VALUES)
def test_same_json_is_canonical_equality(a: object, b: object) -> None:
    """Finding: the score was compared by serialising every key twice; the comparison must mean the same."""
    assert _same_json(a, b) == (canonical_json_bytes(a) == canonical_json_bytes(b))
    assert _same_json(a, a)


@given(a=_VALUES)
@settings(max_examples=300, deadline=None)
def test_same_json_equates_a_decimal_and_its_text_as_canonical_json_does(a: object) -> None:
    assert _same_json(Decimal("1.50"), "1.50") and not _same_json(Decimal("1.50"), Decimal("1.5"))
    assert not _same_json(1, True) and not _same_json(1, 1.0) and not _same_json(0.0, -0.0)
    assert _same_json([a], (a,))


def test_a_file_is_read_up_to_one_byte_over_the_limit(valid: bytes, tmp_path: Path) -> None:
    """Finding: the file was read asking for the whole limit (a 1 GiB buffer); it now asks for its size."""
    path = tmp_path / "p.sdap"
    path.write_bytes(valid)
    assert verify_package(path, REGISTRY, limits=Limits(max_archive_size=len(valid))).ok
    report = verify_package(path, REGISTRY, limits=Limits(max_archive_size=len(valid) - 1))
    assert [(c.code, c.detail) for c in report.failures] == [("hostile-archive", "too-large")]
