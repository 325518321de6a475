"""Issue 15 "must show": a generated programme imported as signed packages from a folder, and every figure of
``portfolio --json`` checked against an independent count made from the packages themselves.

The count reads each package's ``manifest.json`` and ``result.json`` with zipfile and json (not the application's
verifier or services), the programme's register (``programme.json``: 规上, sub-sector, projects) as plain JSON, and
the policy file's targets and subsidy rule as plain JSON. The 200-enterprise programme is marked slow (it signs and
imports about 350 packages); the same test runs on 30 enterprises in the default run.
"""

from __future__ import annotations

import json
import math
import random
import sys
import zipfile
from collections import Counter
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

import pytest

from app import paths
from app.main import main
from app.services.forms import FormRegistry
from app.services.policies import bundled_policies_dir
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "build_scripts"))
import make_programme


def call(capsys: pytest.CaptureFixture[str], d: Path, *argv: str) -> str:
    status = main([*argv, "--data-dir", str(d)])
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def independent_count(folder: Path, policy_file: Path) -> dict[str, Any]:
    """The portfolio object computed from the files alone."""
    latest: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    names: dict[str, str] = {}
    for path in sorted((folder / "packages").glob("*.sdap")):
        with zipfile.ZipFile(path) as z:
            manifest = json.loads(z.read("manifest.json"))
            result = json.loads(z.read("result.json"))
        assert manifest["assessment"]["status"] == "finalized"
        uscc, kind, day = manifest["enterprise"]["uscc"], manifest["assessment"]["kind"], manifest["assessment"][
            "assessed_on"]  # fmt: skip
        names[uscc] = manifest["enterprise"]["name"]
        if (uscc, kind) not in latest or day > latest[(uscc, kind)][0]:
            latest[(uscc, kind)] = (day, result)
    programme = json.loads((folder / "programme.json").read_text(encoding="utf-8"))
    policy = json.loads(policy_file.read_text(encoding="utf-8"))
    register = {e["uscc"]: e for e in programme["enterprises"]}
    invested = Counter[str]()
    for p in programme["projects"]:
        invested[p["uscc"]] += sum(s["amount"] for s in p["spending"])
    share_targets = [t for t in policy["targets"] if t["kind"] == "share" and t["min_level"] == 2]
    above_target = next(float(t["share"]) for t in share_targets if t["scope"] == "above_scale")
    levels: dict[str, Counter[int]] = {"baseline": Counter(), "after": Counter(), "current": Counter()}
    above_total = above_at_2 = 0
    subsectors: dict[str, list[int]] = {}
    below = []
    subsidy = 0
    part = next(p for p in policy["rule"]["parts"] if p["kind"] == "share_of_investment")
    for uscc, e in register.items():
        for kind in ("baseline", "after"):
            if (uscc, kind) in latest:
                levels[kind][latest[(uscc, kind)][1]["level"]] += 1
        current = latest.get((uscc, "after")) or latest.get((uscc, "baseline"))
        assert current is not None
        result = current[1]
        level = result["level"]
        levels["current"][level] += 1
        row = subsectors.setdefault(e["pilot_subsector"], [0, 0, 0])
        row[0] += 1
        if e["above_scale"]:
            above_total += 1
            row[1] += 1
            if level >= 2:
                above_at_2 += 1
                row[2] += 1
        if level < 2:
            gap = result["gap_to_level_2"]  # the planner's own figures, as the package states them
            below.append({"uscc": uscc, "name": names[uscc], "level": level, "points_needed": gap["points_needed"],
                          "scene_upgrades_needed": gap["scene_upgrades_needed"]})  # fmt: skip
        if invested[uscc] and level >= policy["eligibility"]["min_level"]:
            amount = int((Decimal(invested[uscc]) * Decimal(part["rate"])).to_integral_value(rounding=ROUND_FLOOR))
            subsidy += min(amount, part["caps_by_level"][str(level)])

    def target_of(name: str) -> float | None:
        return next((float(t["share"]) for t in share_targets if name in t["subsectors"]), None)

    names_shown = sorted(set(subsectors) | {s for t in policy["targets"] for s in t["subsectors"]})
    return {
        "policy": policy["id"],
        "enterprises": len(register),
        "levels": {k: {str(lv): c[lv] for lv in range(5)} for k, c in levels.items()},
        "above_scale": {"total": above_total, "at_level_2": above_at_2,
                        "share": above_at_2 / above_total if above_total else None, "target": above_target},
        "by_subsector": [
            {"subsector": s, "enterprises": subsectors.get(s, [0])[0], "above_scale": subsectors.get(s, [0, 0])[1],
             "at_level_2": subsectors.get(s, [0, 0, 0])[2],
             "share": (subsectors[s][2] / subsectors[s][1]) if s in subsectors and subsectors[s][1] else None,
             "target": target_of(s)}
            for s in names_shown
        ],
        "below_level_2": sorted(below, key=lambda b: b["uscc"]),
        "level_4": levels["current"][4],
        "investment_yuan": sum(invested.values()),
        "subsidy_estimate_yuan": subsidy,
    }  # fmt: skip


@pytest.mark.parametrize("count", [30, pytest.param(200, marks=pytest.mark.slow)])
def test_portfolio_matches_an_independent_count_of_the_packages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], count: int
) -> None:
    folder = tmp_path / "programme"
    stats = make_programme.generate(folder, count, seed=15)
    assert stats["enterprises"] == count
    d = tmp_path / "ws"
    trust = [arg for key in sorted((folder / "keys").glob("*.pem")) for arg in ("--trust", str(key))]
    imported = call(capsys, d, "import", str(folder / "packages"), *trust, "--json")
    verdicts = Counter(json.loads(line)["status"] for line in imported.splitlines())
    assert verdicts == {"imported": stats["packages"]}
    make_programme.load_programme(folder / "programme.json", d)
    # A draft never counts: a high-level after assessment left in draft for an enterprise below 二级.
    expected = independent_count(folder, bundled_policies_dir() / "xiamen-2024.json")
    low = expected["below_level_2"][0]["uscc"]
    form = FormRegistry.load(paths.forms_dir(), None).get("miit-2024")
    draft = make_programme.answers_for(form, 1.0, random.Random(1))
    (tmp_path / "draft.json").write_text(json.dumps(draft), encoding="utf-8")
    call(capsys, d, "assessments", "new", "--enterprise", low, "--kind", "after", "--answers",
         str(tmp_path / "draft.json"))  # fmt: skip
    got = json.loads(call(capsys, d, "portfolio", "--policy", "xiamen-2024", "--json"))
    assert list(got) == list(expected)
    for key in expected:
        if key == "below_level_2":
            assert [(b["uscc"], b["level"], b["scene_upgrades_needed"]) for b in got[key]] == [
                (b["uscc"], b["level"], b["scene_upgrades_needed"]) for b in expected[key]]  # fmt: skip
            for g, e in zip(got[key], expected[key], strict=True):
                assert g["name"] == e["name"]
                assert math.isclose(g["points_needed"], e["points_needed"]), g
        else:
            assert got[key] == expected[key], key
    # the programme is varied: every level occurs, 规上 and 规下, investment and a subsidy
    assert all(got["levels"]["current"][str(lv)] > 0 for lv in range(5)) or count < 200
    assert 0 < got["above_scale"]["total"] < count
    assert got["investment_yuan"] > 0 and got["subsidy_estimate_yuan"] > 0
    assert got["enterprises"] == count
    # a selection: one sub-sector and one traction unit
    one = json.loads(call(capsys, d, "portfolio", "--policy", "xiamen-2024", "--subsector", "电子器件制造", "--json"))
    row = next(r for r in expected["by_subsector"] if r["subsector"] == "电子器件制造")
    assert one["enterprises"] == row["enterprises"]
    assert one["by_subsector"] == [row]
    unit = make_programme.UNITS[0]
    register = json.loads((folder / "programme.json").read_text(encoding="utf-8"))["enterprises"]
    by_unit = json.loads(call(capsys, d, "portfolio", "--traction-unit", unit, "--json"))
    assert by_unit["enterprises"] == sum(1 for e in register if e["traction_unit"] == unit)
