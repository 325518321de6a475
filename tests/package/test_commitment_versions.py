"""commitment.json names the versioned text it carries; packages written before it did still verify."""

from __future__ import annotations

import json
from pathlib import Path

from app.core.form import Form
from app.package import verify_package
from app.package.format import COMMITMENT, json_bytes
from app.services.forms import FormRegistry
from tests.package import make_signer, package_bytes, repack


def with_commitment(form: Form, tmp_path: Path, **fields: object) -> bytes:
    """A re-signed package whose commitment.json has the given fields added (None: the field removed)."""

    def change(files: dict[str, bytes]) -> None:
        data = json.loads(files[COMMITMENT])
        for key, value in fields.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        files[COMMITMENT] = json_bytes(data)

    return repack(package_bytes(form, tmp_path), change_files=change, resign=[make_signer(seed=1)])


def test_a_versioned_commitment_is_read_back_with_its_id_and_version(
    form: Form, registry: FormRegistry, tmp_path: Path
) -> None:
    data = with_commitment(form, tmp_path, text_id="truthfulness-commitment", text_version=1)
    assert verify_package(data, registry).ok
    path = tmp_path / "p.sdap"
    path.write_bytes(data)
    commitment = verify_package(path, registry, load=True).commitment
    assert (commitment.text_id, commitment.text_version) == ("truthfulness-commitment", 1)
    assert commitment.to_json()["text_id"] == "truthfulness-commitment"


def test_a_commitment_written_before_versions_were_recorded_still_verifies(
    form: Form, registry: FormRegistry, tmp_path: Path
) -> None:
    data = with_commitment(form, tmp_path, text_id=None, text_version=None)
    report = verify_package(data, registry)
    assert report.ok, report.summary()
    path = tmp_path / "old.sdap"
    path.write_bytes(data)
    commitment = verify_package(path, registry, load=True).commitment
    assert commitment.text_id is None and commitment.text_version is None
    assert set(commitment.to_json()) == {"text", "signer_name", "signer_role", "accepted_at", "accepted"}


def test_an_id_without_a_version_or_a_bad_version_is_refused(
    form: Form, registry: FormRegistry, tmp_path: Path
) -> None:
    alone = verify_package(with_commitment(form, tmp_path / "a", text_id="truthfulness-commitment"), registry)
    assert alone.codes() == {"commitment"}
    assert "text_version: missing" in alone.failures[0].message
    zero = verify_package(with_commitment(form, tmp_path / "b", text_id="x", text_version=0), registry)
    assert zero.codes() == {"commitment"}
    assert "text_version: must be at least 1" in zero.failures[0].message
