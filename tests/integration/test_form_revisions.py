"""Forms change as data: install a revision 4 of miit-2024 (revision 3 is bundled) and a 17-scene city variant with
its own level rule into a temporary data dir, then score, walk the GUI (smoke test), report, export and verify,
without any Python change.

Both files are made here from the bundled revision 2 by editing data only.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import FORMS_DIR, ROOT, SAMPLE_REVISION, SAMPLES_DIR

USCC = "91441900MA4W0XY5GG"
PASSPHRASE = "forms-as-data passphrase"
VARIANT = "dongguan-2024-variant"
S17 = "工业互联网平台应用"


def run(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {
        **os.environ,
        "SME_ASSESS_KEY_PASSPHRASE": PASSPHRASE,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=300, env=full_env,
    )  # fmt: skip


def ok(data_dir: Path, *args: str, **env: str) -> str:
    out = run(data_dir, *args, **env)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    return out.stdout


def bundled_r2() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FORMS_DIR / "miit-2024-r2.json").read_text(encoding="utf-8"))
    assert data["revision"] == 2
    return data


def revision_4() -> dict[str, Any]:
    """A data-only correction: one option text changed, nothing else."""
    data = bundled_r2()
    data["revision"] = 4
    data["revision_note"] = "第4版（测试）：Q8 选项F采用来源B的表述。"
    q8 = next(q for q in data["questions"] if q["id"] == "Q8")
    q8["options"][5]["text"] = "已经能够输出数字化转型成果或经验供同行借鉴"
    return data


def city_variant() -> dict[str, Any]:
    """A pilot city's refinement: a 17th scene and a stricter level rule aiming at 三级."""
    data = bundled_r2()
    data["form"] = VARIANT
    data["revision"] = 1
    data["title"] = "东莞市中小企业数字化水平评测指标（试点细化版）"
    data["title_en"] = "Dongguan SME digital level indicators (pilot refinement)"
    s16 = data["scenes"][-1]
    s17 = copy.deepcopy(s16)
    s17.update(id="S17", name=S17, name_en="Industrial internet platform use", constrained=True, notes=[])
    s17["question_text"] = f"企业在{S17}场景上数字化应用情况"
    s17["levels"] = {
        "1": "使用工业互联网平台的单项应用（如设备上云）。",
        "2": "在多个业务环节使用工业互联网平台，实现数据在平台上的汇聚与管理。",
        "3": "基于工业互联网平台实现跨系统的数据集成与业务协同。",
        "4": "基于工业互联网平台实现产业链上下游协同与数据驱动的智能决策。",
    }
    data["scenes"].append(s17)
    rule = data["level_rule"]
    rule["target_level"] = 3
    rule["description"] = "东莞试点细化：二级需总分不低于45分，且至少8个场景达到二级（其中至少5个约束性场景）。"
    for row in rule["levels"]:
        if row["level"] == 2:
            row.update(min_score=45, min_scenes=8, min_constrained=5)
        if row["level"] == 3:
            row.update(name="三级（东莞标杆）", min_scenes=9, min_constrained=6)
    return data


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("forms-as-data")
    data_dir = tmp / "data"
    files = {"r3": tmp / "miit-2024-r4-draft.json", "city": tmp / "city.json"}
    files["r3"].write_text(json.dumps(revision_4(), ensure_ascii=False, indent=2), encoding="utf-8")
    files["city"].write_text(json.dumps(city_variant(), ensure_ascii=False), encoding="utf-8")
    out = ok(data_dir, "forms", "install", str(files["r3"]), str(files["city"]), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["id"], r["revision"], r["status"], r["source"]) for r in rows] == [
        ("miit-2024", 4, "installed", "installed"),
        (VARIANT, 1, "installed", "installed"),
    ]
    assert sorted(p.name for p in (data_dir / "forms").iterdir()) == [f"{VARIANT}-r1.json", "miit-2024-r4.json"]
    sample = json.loads((SAMPLES_DIR / "sample-complete.json").read_text(encoding="utf-8"))
    assert sample["form_revision"] == SAMPLE_REVISION
    city_doc = {**copy.deepcopy(sample), "form": VARIANT, "form_revision": 1}
    city_doc["scenes"]["S17"] = 1
    paths = {
        "pinned": SAMPLES_DIR / "sample-complete.json",
        "unpinned": tmp / "unpinned.json",
        "city": tmp / "city-answers.json",
    }
    paths["unpinned"].write_text(json.dumps({k: v for k, v in sample.items() if k != "form_revision"}), "utf-8")
    paths["city"].write_text(json.dumps(city_doc, ensure_ascii=False), "utf-8")
    return {"dir": data_dir, "tmp": tmp, "docs": paths, "files": files}


def test_forms_lists_bundled_and_installed_with_their_source(installed: dict[str, Any]) -> None:
    rows = [json.loads(line) for line in ok(installed["dir"], "forms", "--json").splitlines()]
    listed = {(r["id"], r["revision"]): r for r in rows}
    assert {k: r["source"] for k, r in listed.items()} == {
        ("miit-2024", 1): "bundled",
        ("miit-2024", 2): "bundled",
        ("miit-2024", 3): "bundled",
        ("miit-2024", 4): "installed",
        (VARIANT, 1): "installed",
    }
    assert listed[(VARIANT, 1)]["scenes"] == 17 and listed[(VARIANT, 1)]["target_level"] == 3
    assert all(set(r) >= {"id", "revision", "title", "hash", "source"} for r in rows)
    again = json.loads(ok(installed["dir"], "forms", "install", str(installed["files"]["city"]), "--json"))
    assert again["status"] == "already installed"


def test_scoring_pinned_unpinned_and_on_the_variant(installed: dict[str, Any]) -> None:
    docs = installed["docs"]
    out = ok(installed["dir"], "score", str(docs["pinned"]), str(docs["unpinned"]), str(docs["city"]), "--json")
    pinned, unpinned, city = (json.loads(line) for line in out.splitlines())
    assert (pinned["form"], pinned["form_revision"]) == ("miit-2024", 1)  # pinned: scored on exactly revision 1
    assert (unpinned["form"], unpinned["form_revision"]) == ("miit-2024", 4)  # unpinned: the newest installed
    assert pinned["total_score"] == unpinned["total_score"] == city["total_score"] == 45.7
    assert pinned["level"] == unpinned["level"] == 2
    # The variant's own rule: 8 scenes at 二级 or above (5 constrained) for 二级; the sample has 7 (4), so the same
    # answers are 一级 there.
    assert city["form"] == VARIANT and len(city["scene_levels"]) == 17 and city["complete"] is True
    assert city["level"] == 1 and city["scene_level"] == 1
    assert city["gap_to_level_2"]["target_level"] == 3
    assert city["scene_counts"]["2"] == {"scenes": 7, "constrained": 4}
    # The text output names levels and the target by the variant's rule, not by a built-in 二级.
    text = ok(installed["dir"], "score", str(docs["city"]))
    assert (
        "等级 level: 一级" in text and "距三级（东莞标杆） to Level 3:" in text and "三级（东莞标杆）及以上场景" in text
    )
    assert "距二级" not in text


def test_smoke_test_walks_every_installed_form_including_17_scenes(installed: dict[str, Any]) -> None:
    out = run(installed["dir"], "--smoke-test", QT_QPA_PLATFORM="offscreen")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "miit-2024 revision 4:" in out.stdout
    assert f"{VARIANT} revision 1:" in out.stdout and "17 scenes" in out.stdout
    assert "smoke test passed: 2 form(s)" in out.stdout


def test_report_of_an_assessment_on_the_variant(installed: dict[str, Any]) -> None:
    d = installed["dir"]
    if not run(d, "enterprises", "list", "--search", USCC).stdout.strip():
        ok(d, "enterprises", "add", "--name", "东莞市示例智能装备有限公司", "--uscc", USCC, "--contact", "陈经理")
    aid = ok(d, "assessments", "new", "--enterprise", USCC, "--answers", str(installed["docs"]["city"]),
             "--assessor", "王工").strip()  # fmt: skip
    shown = json.loads(ok(d, "assessments", "show", aid, "--json"))
    assert (shown["assessment"]["form"], shown["assessment"]["form_revision"]) == (VARIANT, 1)
    pdf = installed["tmp"] / "city-report.pdf"
    ok(d, "report", aid, "--out", str(pdf))
    text = "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    assert "东莞市示例智能装备有限公司" in text and S17 in text


def test_export_and_verify_a_revision_1_assessment_and_a_variant_package(installed: dict[str, Any]) -> None:
    d, tmp = installed["dir"], installed["tmp"]
    if not run(d, "enterprises", "list", "--search", USCC).stdout.strip():
        ok(d, "enterprises", "add", "--name", "东莞市示例智能装备有限公司", "--uscc", USCC, "--contact", "陈经理")
    key = tmp / "key.pem"
    if not key.exists():
        ok(d, "keys", "new", "--key-file", str(key))
    packages = {}
    for name, doc in (("r1", installed["docs"]["pinned"]), ("city", installed["docs"]["city"])):
        aid = ok(d, "assessments", "new", "--enterprise", USCC, "--answers", str(doc), "--assessor", "王工").strip()
        ok(d, "assessments", "finalize", aid)
        packages[name] = tmp / f"{name}.sdap"
        ok(d, "export", aid, "--out", str(packages[name]), "--key-file", str(key))
        report = json.loads(ok(d, "verify", str(packages[name]), "--json"))
        assert report["ok"] is True, report
    r1 = json.loads(ok(d, "verify", str(packages["r1"]), "--json"))
    assert r1["form"]["revision"] == 1
    # A receiver without the variant installed recomputes with the form the package embeds and says so plainly;
    # with --strict it refuses; with the variant installed it verifies with its own copy.
    elsewhere = run(tmp / "receiver", "verify", str(packages["city"]))
    assert elsewhere.returncode == 0 and "form-not-installed" in elsewhere.stdout
    strict = run(tmp / "receiver", "verify", str(packages["city"]), "--strict")
    assert strict.returncode == 1 and "[form-not-installed]" in strict.stdout
    assert "Traceback" not in elsewhere.stderr + strict.stderr
    ok(tmp / "receiver", "forms", "install", str(installed["files"]["city"]))
    installed_here = ok(tmp / "receiver", "verify", str(packages["city"]), "--strict")
    assert installed_here.startswith("OK:") and "form-not-installed" not in installed_here
    assert ok(tmp / "receiver", "verify", str(packages["r1"])).startswith("OK:")


def test_a_changed_form_under_an_existing_revision_is_refused(installed: dict[str, Any], tmp_path: Path) -> None:
    changed = json.loads((FORMS_DIR / "miit-2024-r3.json").read_text(encoding="utf-8"))  # the newest bundled
    changed["questions"][0]["options"][1]["text"] += "。"
    path = tmp_path / "changed-r3.json"
    path.write_text(json.dumps(changed, ensure_ascii=False), "utf-8")
    out = run(installed["dir"], "forms", "install", str(path))
    assert out.returncode == 2 and out.stdout == ""
    assert "changed-r3.json: form miit-2024 revision 3 is already there" in out.stderr
    assert "new revision number" in out.stderr
    # Copied in by hand instead, the registry refuses that revision rather than pick one of the two.
    other = tmp_path / "data"
    (other / "forms").mkdir(parents=True)
    (other / "forms" / "miit-2024-r3.json").write_text(path.read_text("utf-8"), "utf-8")
    listing = run(other, "forms")
    assert listing.returncode == 0 and "refused: form miit-2024 revision 3 exists twice" in listing.stderr
    scored = run(other, "score", str(installed["docs"]["unpinned"]))
    assert scored.returncode == 2 and "exists twice with different content" in scored.stderr
    assert ok(other, "score", str(installed["docs"]["pinned"]))  # revision 1 is untouched and still usable


def test_a_revision_1_baseline_compares_with_an_assessment_on_the_newest(installed: dict[str, Any]) -> None:
    d = installed["dir"]
    if not run(d, "enterprises", "list", "--search", USCC).stdout.strip():
        ok(d, "enterprises", "add", "--name", "东莞市示例智能装备有限公司", "--uscc", USCC, "--contact", "陈经理")
    before = ok(d, "assessments", "new", "--enterprise", USCC, "--answers", str(installed["docs"]["pinned"])).strip()
    after = ok(d, "assessments", "new", "--enterprise", USCC, "--kind", "after").strip()
    revisions = [
        json.loads(ok(d, "assessments", "show", a, "--json"))["assessment"]["form_revision"] for a in (before, after)
    ]
    assert revisions == [1, 4]
    text = ok(d, "assessments", "compare", before, after)
    assert "Q1: B,C → - (-4)" in text
    diff = json.loads(ok(d, "assessments", "compare", before, after, "--json"))
    assert diff["level"] == {"before": 2, "after": 0}
    assert diff["same_form"] is False  # two revisions: the comparison says so
