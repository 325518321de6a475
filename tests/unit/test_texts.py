"""The versioned commitment text: the bundled one is a proper formal commitment, and malformed ones are refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.texts import CommitmentText, TextError, load_commitment_json, parse_commitment_text
from app.services.texts import bundled_commitment, load_commitment, load_commitments

GOOD = {"id": "truthfulness-commitment", "version": 2, "text": "本企业郑重承诺：……", "text_en": "We declare …"}


def test_the_bundled_commitment_is_versioned_and_formal() -> None:
    c = bundled_commitment()
    assert c.id == "truthfulness-commitment" and c.version >= 1 and c.label == f"{c.id}@{c.version}"
    # Truthful and complete, evidence included, open to verification, responsibility accepted.
    for phrase in ("郑重承诺", "真实、准确、完整", "佐证材料", "核实与检查", "承担", "责任"):
        assert phrase in c.text, phrase
    # A signed text carries no remark about its own standing.
    for remark in ("拟定", "草稿", "仅供参考", "以其为准", "注："):
        assert remark not in c.text, remark
    assert "accepts verification" in c.text_en


def test_a_well_formed_definition_round_trips() -> None:
    c = parse_commitment_text(GOOD)
    assert c == CommitmentText("truthfulness-commitment", 2, "本企业郑重承诺：……", "We declare …")
    assert parse_commitment_text(c.to_json()) == c
    assert load_commitment_json(json.dumps(GOOD, ensure_ascii=False)) == c


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": "Truthfulness Commitment"}, "commitment.id"),
        ({"version": 0}, "commitment.version"),
        ({"version": True}, "commitment.version"),
        ({"version": "1"}, "commitment.version"),
        ({"text": "  "}, "commitment.text"),
        ({"text": "第一段\n第二段"}, "commitment.text"),
        ({"text_en": 3}, "commitment.text_en"),
        ({"signed": True}, "commitment.signed"),
    ],
)
def test_a_malformed_definition_names_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(TextError, match=field.replace(".", r"\.")):
        parse_commitment_text({**GOOD, **change})


def test_a_missing_field_or_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(TextError, match=r"commitment\.version: missing"):
        parse_commitment_text({"id": "x", "text": "y"})
    with pytest.raises(TextError, match="no commitment text"):
        load_commitment(tmp_path)
    (tmp_path / "commitment-v1.json").write_text("{", encoding="utf-8")  # a damaged file is named
    with pytest.raises(TextError, match=r"commitment-v1\.json: commitment: not valid JSON"):
        load_commitment(tmp_path)


def test_every_shipped_version_is_kept_and_the_newest_is_current(tmp_path: Path) -> None:
    first_version = {**GOOD, "version": 1}
    (tmp_path / "commitment-v1.json").write_text(json.dumps(first_version, ensure_ascii=False), encoding="utf-8")
    newer = {**GOOD, "version": 2, "text": "第二版承诺文本。"}
    (tmp_path / "commitment-v2.json").write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
    commitments = load_commitments(tmp_path)
    assert commitments.current.version == 2
    first = commitments.find(f"{GOOD['id']}@1")
    assert first is not None and first.text == GOOD["text"] and first.version == 1
    assert commitments.find(f"{GOOD['id']}@3") is None
    (tmp_path / "commitment-v3.json").write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(TextError, match="does not match the file name"):
        load_commitments(tmp_path)
