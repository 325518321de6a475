"""Benchmark the portfolio of 10,000 enterprises (issue 15, part 5: goal under one second).

Usage: python build_scripts/bench/bench_portfolio.py [--enterprises 10000] [--runs 5]

Builds a throw-away SQLite workspace through the migrations, inserts the rows directly in bulk (enterprises with
规上/规下 and sub-sectors, a finalized baseline each, a finalized after for three in four, a draft for one in ten,
16 scene answers per assessment, a project with two spending entries for half), then times in this process:
- ``portfolio``: PortfolioService.compute("xiamen-2024") (the SQL aggregation, the gaps, the subsidy estimate);
- a raw sqlite3 fetch of the same tables (every row of enterprises, assessments, the scene answers, projects and
  spending, fetchall), the floor any computation over these rows stands on;
and prints the medians and their ratio.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, update  # noqa: E402

from app import paths  # noqa: E402
from app.main import build_workspace, portfolio_service  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.store.database import WorkspaceLocation  # noqa: E402
from app.store.models import AssessmentRow, EnterpriseRow, ItemRow  # noqa: E402
from app.store.project_models import ProjectRow, SpendingRow  # noqa: E402

SECTORS = ("电子器件制造", "输配电及控制设备制造", "医疗仪器设备及耗材制造", "智能移动终端", "时尚美妆")


def populate(ws: object, count: int, seed: int = 15) -> tuple[int, int]:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    form = ws.registry.get("miit-2024")  # type: ignore[attr-defined]
    scenes = [s.id for s in form.scenes]
    enterprises, assessments, items, projects, spending = [], [], [], [], []
    aid = 0
    finalized: list[int] = []
    for i in range(1, count + 1):
        enterprises.append({"id": i, "name": f"企业{i:05d}", "uscc": f"91350200MA{i:08d}", "industry_section": "C",
                            "industry_division": "39", "region": "350200", "above_scale": rng.random() < 0.6,
                            "specialized": "none", "pilot_subsector": SECTORS[i % len(SECTORS)],
                            "traction_unit": f"牵引单位{i % 7}", "created_at": now, "updated_at": now})  # fmt: skip
        m = rng.random()
        plan = [("baseline", "finalized", m)]
        if rng.random() < 0.75:
            plan.append(("after", "finalized", min(1.0, m + 0.3)))
        if rng.random() < 0.1:
            plan.append(("after", "draft", 1.0))
        for n, (kind, status, maturity) in enumerate(plan):
            aid += 1
            if status == "finalized":
                finalized.append(aid)
            level = min(4, int(maturity * 5))
            assessments.append({"id": aid, "enterprise_id": i, "form_id": form.id, "form_revision": form.revision,
                                "form_hash": form.content_hash, "kind": kind, "status": "draft",
                                "assessed_on": date(2024, 1, 1) + timedelta(days=200 * n), "created_at": now,
                                "updated_at": now, "finalized_at": None,
                                "total_score": round(maturity * 90, 1), "level": level, "complete": True,
                                "version": 1})  # fmt: skip
            for s in scenes:
                value = max(0, min(4, round(maturity * 4 + rng.uniform(-1, 1))))
                items.append({"assessment_id": aid, "kind": "scene", "key": s, "value": str(value), "updated_at": now})
        if rng.random() < 0.5:
            pid = len(projects) + 1
            projects.append({"id": pid, "enterprise_id": i, "contract_no": f"HT-{i}", "provider": "牵引单位",
                             "contract_amount": 1_000_000, "down_payment": 300_000, "signed_on": date(2024, 3, 1),
                             "created_at": now, "actor": "bench"})  # fmt: skip
            for amount, category in ((rng.randrange(100_000, 600_000), "hardware"), (200_000, "software")):
                spending.append({"project_id": pid, "amount": amount, "category": category, "note": "",
                                 "added_at": now, "actor": "bench"})  # fmt: skip
    engine = ws.repo._engine  # type: ignore[attr-defined]
    with engine.begin() as conn:
        for table, rows in ((EnterpriseRow, enterprises), (AssessmentRow, assessments), (ItemRow, items),
                            (ProjectRow, projects), (SpendingRow, spending)):  # fmt: skip
            conn.execute(insert(table.__table__), rows)
        # The answers go in while the assessments are drafts (a finalized assessment's answers are frozen by triggers).
        done = AssessmentRow.__table__
        for start in range(0, len(finalized), 5000):
            chunk = finalized[start : start + 5000]
            conn.execute(update(done).where(done.c.id.in_(chunk)).values(status="finalized", finalized_at=now))
    return len(assessments), len(items)


def raw_fetch(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        n = 0
        for sql in (
            "SELECT id, uscc, name, above_scale, pilot_subsector, traction_unit FROM enterprises",
            "SELECT id, enterprise_id, kind, status, assessed_on, finalized_at, level, total_score, form_id "
            "FROM assessments",
            "SELECT assessment_id, key, value FROM answer_items WHERE kind = 'scene'",
            "SELECT id, enterprise_id FROM projects",
            "SELECT project_id, amount FROM project_spending",
        ):
            n += len(conn.execute(sql).fetchall())
        return n
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    registry = FormRegistry.load(paths.forms_dir(), None)
    with tempfile.TemporaryDirectory(prefix="bench-portfolio-") as tmp:
        location = WorkspaceLocation(Path(tmp) / "data")
        ws = build_workspace(location, registry, "bench")
        try:
            started = time.perf_counter()
            n_assessments, n_items = populate(ws, args.enterprises)
            print(f"inserted {args.enterprises:,} enterprises, {n_assessments:,} assessments, {n_items:,} scene "
                  f"answers in {time.perf_counter() - started:.1f} s")  # fmt: skip
            service = portfolio_service(ws)
            service.compute("xiamen-2024")  # warm-up (policies, forms, statement compilation)
            runs = []
            for _ in range(args.runs):
                t = time.perf_counter()
                portfolio = service.compute("xiamen-2024")
                runs.append(time.perf_counter() - t)
            raw = []
            rows = 0
            for _ in range(args.runs):
                t = time.perf_counter()
                rows = raw_fetch(location.db_path)
                raw.append(time.perf_counter() - t)
        finally:
            ws.close()
    p, r = statistics.median(runs), statistics.median(raw)
    print(f"portfolio ({portfolio.enterprises:,} enterprises, {len(portfolio.below_level_2):,} below 二级): "
          f"median {p * 1000:.0f} ms, min {min(runs) * 1000:.0f} ms")  # fmt: skip
    print(f"raw sqlite3 fetch of the same tables ({rows:,} rows): median {r * 1000:.0f} ms")
    print(f"ratio portfolio / raw fetch: {p / r:.2f}; goal < 1 s: {'met' if p < 1 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
