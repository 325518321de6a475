"""The project, policy and subsidy commands as scripts use them (issue 14, parts 3–4): app.main.main in this process
on a real data directory; exit 2 names the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.main import main
from app.services.policies import bundled_policies_dir
from tests.conftest import SAMPLES_DIR

USCC = "91350100M000100Y43"
SAMPLE = str(SAMPLES_DIR / "sample-complete.json")
KEYS = ["policy", "enterprise", "level", "investment", "estimate", "cap", "rate", "basis", "eligible",
        "upper_bound", "notes"]  # fmt: skip


def call(capsys: pytest.CaptureFixture[str], d: Path, *argv: str) -> tuple[int, str, str]:
    try:
        status = main([*argv, "--data-dir", str(d)])
    except SystemExit as exc:  # argparse
        status = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def ok(capsys: pytest.CaptureFixture[str], d: Path, *argv: str) -> str:
    status, out, err = call(capsys, d, *argv)
    assert status == 0, err
    return out


@pytest.fixture
def ws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    d = tmp_path / "ws"
    ok(capsys, d, "enterprises", "add", "--name", "厦门示例电子有限公司", "--uscc", USCC, "--industry", "C39")
    aid = ok(capsys, d, "assessments", "new", "--enterprise", USCC, "--answers", SAMPLE, "--assessor", "张工").strip()
    ok(capsys, d, "assessments", "finalize", aid)
    return d


def test_add_spend_list_and_subsidy(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pid = ok(capsys, ws, "projects", "add", "--enterprise", USCC, "--contract-no", "HT-2024-001", "--provider",
             "某牵引单位", "--contract-amount", "1200000", "--signed", "2024-05-01", "--down-payment", "300000",
             "--baseline", "1").strip()  # fmt: skip
    assert pid == "1"
    ok(capsys, ws, "projects", "spend", pid, "--amount", "600000", "--category", "hardware", "--date", "2024-06-01")
    ok(capsys, ws, "projects", "spend", pid, "--amount", "400000", "--category", "service", "--note", "实施服务")
    [row] = [json.loads(line) for line in ok(capsys, ws, "projects", "list", "--enterprise", USCC, "--json").split("\n")
             if line]  # fmt: skip
    assert (row["invested"], row["down_payment"], row["baseline"], row["after"]) == (1_000_000, 300_000, 1, None)
    assert ok(capsys, ws, "projects", "show", pid, "--json") == ok(capsys, ws, "projects", "list", "--enterprise",
                                                                   "1", "--json")  # fmt: skip
    rows = [json.loads(line) for line in ok(capsys, ws, "subsidy", "--enterprise", USCC, "--json").splitlines()]
    assert [list(r) for r in rows] == [KEYS] * 3
    by = {r["policy"]: r for r in rows}
    assert (by["xiamen-2024"]["estimate"], by["xiamen-2024"]["level"], by["xiamen-2024"]["enterprise"]) == (
        250_000, 2, 1)  # fmt: skip
    assert by["dongguan-2024"]["estimate"] == 500_000 and by["dongguan-2024"]["upper_bound"] is True
    assert by["guangzhou-2024"]["estimate"] is None and by["guangzhou-2024"]["eligible"] is True
    text = ok(capsys, ws, "subsidy", "--enterprise", USCC, "--policy", "xiamen-2024")
    assert text.startswith("估算 · xiamen-2024") and "四、（五）8" in text and "250,000 元" in text
    assert "\\x0a" not in text


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--contract-amount", "1e6"], "contract_amount"),
        (["--contract-amount", "-1"], "contract_amount"),
        (["--signed", "2024-02-30"], "signed"),
        (["--down-payment", "abc"], "down_payment"),
        (["--baseline", "77"], "baseline"),
        (["--after", "1"], "after"),  # assessment 1 is a baseline
        (["--enterprise", "not-a-code"], "enterprise"),
    ],
)
def test_bad_project_input_exits_2_naming_the_field(
    ws: Path, capsys: pytest.CaptureFixture[str], argv: list[str], field: str
) -> None:
    base = {"--enterprise": USCC, "--contract-no": "HT-9", "--provider": "甲", "--contract-amount": "100",
            "--signed": "2024-01-02"}  # fmt: skip
    base.update(dict(zip(argv[::2], argv[1::2], strict=True)))
    status, out, err = call(capsys, ws, "projects", "add", *[x for kv in base.items() for x in kv])
    assert (status, out) == (2, "") and f"error: {field}:" in err
    status, out, err = call(capsys, ws, "projects", "spend", "1", "--amount", "5", "--category", "hardware")
    assert status == 2 and "项目 1" in err


def test_subsidy_refusals(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = call(capsys, ws, "subsidy", "--enterprise", USCC)
    assert status == 2 and "error: project:" in err
    ok(capsys, ws, "projects", "add", "--enterprise", USCC, "--contract-no", "A", "--provider", "甲",
       "--contract-amount", "5", "--signed", "2024-01-02")  # fmt: skip
    status, _, err = call(capsys, ws, "subsidy", "--enterprise", USCC, "--policy", "shenzhen-2030")
    assert status == 2 and "error: policy:" in err


def test_policies_list_and_install(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "ws"
    rows = [json.loads(line) for line in ok(capsys, d, "policies", "--json").splitlines()]
    assert [r["id"] for r in rows] == ["dongguan-2024", "guangzhou-2024", "xiamen-2024"]
    data = json.loads((bundled_policies_dir() / "guangzhou-2024.json").read_text(encoding="utf-8"))
    data["id"] = "guangzhou-2025"
    new = tmp_path / "gz.json"
    new.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "installed: guangzhou-2025" in ok(capsys, d, "policies", "install", str(new))
    listing = ok(capsys, d, "policies")
    assert "guangzhou-2025" in listing and "installed" in listing
    data["rule"]["parts"][0]["kind"] = "lottery"
    new.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status, out, err = call(capsys, d, "policies", "install", str(new))
    assert (status, out) == (2, "") and "gz.json: rule.parts[0].kind" in err
    status, _, err = call(capsys, d, "policies", "install", str(tmp_path))
    assert status == 2 and "not a regular file" in err
