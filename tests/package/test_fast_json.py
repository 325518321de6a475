"""The verifier's fast path for JSON members (orjson) decides exactly as the strict json-module path does.

The fast path only ever compares: a member equal to orjson's text of its value is read as that value, and a
recomputed value is compared with a member through orjson's text of it. Everything else takes the strict path.
These tests hold that the fast path is taken for what the exporter writes (else it would be dead weight), and
that with it on or off every input gets the same verdict, the same values and the same messages.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import PURE_PYTHON_ENV
from app.core.form import Form, canonical_json_bytes
from app.package import format as package_format
from app.package import verify_package
from app.package.format import (
    FORM,
    MANIFEST,
    FormatError,
    canonical_json_bytes_fast,
    json_bytes,
    normal_json_bytes,
    parse_json_member,
)
from app.services.forms import FormRegistry
from tests.package import make_signer, members_of, package_bytes, repack
from tests.package.test_verifiers_agree import MUTATIONS


@contextmanager
def _strict_only() -> Iterator[None]:
    """Run the block with the fast path off (``SME_ASSESS_PURE_PYTHON=1``, read on first use), then on again."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PURE_PYTHON_ENV, "1")
        package_format._orjson.cache_clear()
        try:
            yield
        finally:
            package_format._orjson.cache_clear()
    package_format._orjson.cache_clear()


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory, form: Form) -> bytes:
    return package_bytes(form, tmp_path_factory.mktemp("valid"))


def test_the_fast_path_is_on_here_and_off_when_asked() -> None:
    package_format._orjson.cache_clear()
    assert normal_json_bytes({"a": 1}) == json_bytes({"a": 1})
    with _strict_only():
        assert normal_json_bytes({"a": 1}) is None
        assert canonical_json_bytes_fast({"a": 1}) is None
    assert normal_json_bytes({"a": 1}) is not None


def test_orjson_writes_every_member_the_exporter_writes(valid: bytes, registry: FormRegistry) -> None:
    """Without this the fast path would never be taken and the verifier would be as slow as before."""
    members = members_of(valid)
    json_members = [name for name in members if name.endswith(".json") and name != FORM]
    assert len(json_members) >= 5
    for name in json_members:
        raw = members[name]
        assert normal_json_bytes(json.loads(raw)) == raw, name
        assert package_format._normal_member(raw, exact_numbers=False) is not package_format._NOT_NORMAL, name
    loaded = verify_package(valid, registry, load=True)
    assert loaded.report.ok
    content = loaded.record().content()
    assert canonical_json_bytes_fast(content) == canonical_json_bytes(content)


def _outcome(data: bytes, registry: FormRegistry, *, load: bool = False) -> Any:
    if not load:
        return verify_package(data, registry).to_json()
    loaded = verify_package(data, registry, load=True)
    return (loaded.report.to_json(), loaded.result, loaded.answers, loaded.score, loaded.manifest)


def _inputs(valid: bytes) -> dict[str, bytes]:
    signer = make_signer(seed=1)
    out = {"valid": valid}
    out.update({name: repack(valid, change_files=change, resign=[signer]) for name, change in MUTATIONS.items()})

    def compact(files: dict[str, bytes]) -> None:  # the same values, another layout: the strict path's general case
        for name in ("answers.json", "result.json", "normative.json", "commitment.json"):
            files[name] = json.dumps(json.loads(files[name]), ensure_ascii=False).encode("utf-8")

    out["compact-members"] = repack(valid, change_files=compact, resign=[signer])

    def digest(manifest: dict[str, Any]) -> None:
        manifest["content_digest"] = "sha256:" + "0" * 64

    out["content-digest-changed"] = repack(valid, change_manifest=digest, resign=[signer])

    def renamed(manifest: dict[str, Any]) -> None:
        manifest["enterprise"]["name"] = "另一家公司"

    out["enterprise-renamed"] = repack(valid, change_manifest=renamed, resign=[signer])
    rng = random.Random(5)
    for n in range(12):
        data = bytearray(valid)
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        out[f"flip-{n}"] = bytes(data)
    return out


def test_both_paths_give_the_same_report_for_valid_mutated_and_damaged_packages(
    valid: bytes, registry: FormRegistry
) -> None:
    inputs = _inputs(valid)
    fast = {name: _outcome(data, registry) for name, data in inputs.items()}
    with _strict_only():
        strict = {name: _outcome(data, registry) for name, data in inputs.items()}
    assert fast == strict
    verdicts = {name: report["ok"] for name, report in fast.items()}
    assert verdicts["valid"] and verdicts["result-plan-changed"] and verdicts["compact-members"]
    assert not verdicts["content-digest-changed"] and not verdicts["enterprise-renamed"]
    assert "content-digest" in fast["content-digest-changed"]["failures"]


def test_both_paths_load_the_same_package(valid: bytes, registry: FormRegistry) -> None:
    fast = _outcome(valid, registry, load=True)
    with _strict_only():
        strict = _outcome(valid, registry, load=True)
    assert fast == strict
    assert isinstance(fast[1]["total_score"], Decimal)  # result.json with exact decimals, both ways


# ---------------------------------------------------------------- any text: the same value or the same message

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([0.0, -0.0, 1e16, 1e-5, 1e-7, 0.0001, 100.0, 1e300, 5e-324])
    | st.text(max_size=8)
    | st.sampled_from(["评估", "\x00", "\x1f", "\x7f", "\u2028", "\\", '"', "/"])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=12,
)


def _texts(value: Any) -> list[bytes]:
    """The value written several ways: as the exporter does, compact, and with one key given twice."""
    out = []
    writers: tuple[Callable[[Any], bytes | None], ...] = (
        json_bytes,
        lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8"),
        lambda v: json.dumps(v).encode("ascii"),
        normal_json_bytes,
    )
    for write in writers:
        try:
            text = write(value)
        except (ValueError, TypeError, UnicodeEncodeError):
            continue
        if text is not None:
            out.append(text)
    if isinstance(value, dict) and value and out:
        key = next(iter(value))
        twice = json.dumps({key: value[key]}, ensure_ascii=False)[1:-1]
        out.append(out[0].replace(b"{", b"{" + twice.encode("utf-8", "surrogatepass") + b",", 1))
    return out


def _read(data: bytes, exact: bool) -> tuple[str, str]:
    """What parse_json_member returns, with every type told apart (repr: 1, 1.0, True, Decimal('1.0')), or says."""
    try:
        return "value", repr(parse_json_member("x.json", data, exact_numbers=exact))
    except FormatError as exc:
        return "error", str(exc)


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_any_text_reads_the_same_with_the_fast_path_or_without(value: Any) -> None:
    texts = _texts(value)
    fast = [(_read(t, False), _read(t, True)) for t in texts]
    with _strict_only():
        strict = [(_read(t, False), _read(t, True)) for t in texts]
    assert fast == strict


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a": 1, "a": 2}\n',
        b'{\n  "a": 1,\n  "a": 2\n}\n',
        b'{\n  "a": NaN\n}\n',
        b"\xef\xbb\xbf" + json_bytes({"a": 1}),
        b'{\n  "a": "\\ud800"\n}\n',
        b'{\n  "a": 123456789012345678901234567890\n}\n',
        b'{\n  "a": "\xff"\n}\n',
        b'{\n  "a": 1.50\n}\n',
        b'[\n  -0\n]\n',
    ],
    ids=[
        "key-twice", "key-twice-indented", "nan", "bom", "lone-surrogate", "big-integer", "not-utf8",
        "trailing-zero", "minus-zero",
    ],
)  # fmt: skip
def test_texts_the_fast_path_must_not_take(raw: bytes) -> None:
    """Each of these is either refused or read by the strict path: the fast path leaves all of them to it."""
    assert package_format._normal_member(raw, exact_numbers=False) is package_format._NOT_NORMAL
    assert package_format._normal_member(raw, exact_numbers=True) is package_format._NOT_NORMAL
    fast = (_read(raw, False), _read(raw, True))
    with _strict_only():
        assert (_read(raw, False), _read(raw, True)) == fast


def test_a_float_in_exact_mode_is_read_as_a_decimal_by_the_strict_path() -> None:
    raw = json_bytes({"rate": 35.5})
    assert package_format._normal_member(raw, exact_numbers=False) == {"rate": 35.5}
    assert package_format._normal_member(raw, exact_numbers=True) is package_format._NOT_NORMAL
    assert parse_json_member("x.json", raw, exact_numbers=True) == {"rate": Decimal("35.5")}


def test_the_manifest_read_fast_is_the_manifest_read_strictly(valid: bytes) -> None:
    raw = members_of(valid)[MANIFEST]
    fast = parse_json_member(MANIFEST, raw)
    with _strict_only():
        assert repr(parse_json_member(MANIFEST, raw)) == repr(fast)


def test_the_content_digest_fast_path_falls_back_for_what_orjson_writes_otherwise(tmp_path: Path) -> None:
    """Dates are left to default=str as the json module does; where orjson's text still differs (a float the
    json module writes with an exponent), the digest differs and the caller recomputes the reference way."""
    value = {"b": date(2024, 5, 30), "a": datetime(2024, 6, 1, 8, 0, tzinfo=UTC), "c": Decimal("1.50")}
    assert canonical_json_bytes_fast(value) == canonical_json_bytes(value)
    assert canonical_json_bytes_fast({"x": 1e-5}) != canonical_json_bytes({"x": 1e-5})
