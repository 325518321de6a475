"""Benchmark the workspace: autosave latency beside a raw sqlite3 commit, and opening/listing a big workspace.

Autosave runs on the SQLite file and, in the same run, on PostgreSQL: a throwaway local cluster started like the
tests' (durable: fsync on, as a real server), or the server SME_ASSESS_TEST_PG_URL names; --no-postgres skips it.
Run: .venv/bin/python build_scripts/bench/bench_workspace.py [--saves N] [--enterprises N] [--assessments N]
Prints figures only; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from app.core.uscc import CHARSET, check_character  # noqa: E402
from app.main import build_workspace  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.services.workspace import EnterpriseInput  # noqa: E402
from app.store.database import WorkspaceLocation, open_workspace  # noqa: E402
from app.store.models import AssessmentRow, EnterpriseRow  # noqa: E402
from app.store.repository import SqlWorkspaceRepository  # noqa: E402
from tests.pgserver import Cluster, from_environment, server_bin_dir  # noqa: E402


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def uscc(n: int) -> str:
    body = "91441900" + "".join(CHARSET[(n // 31**i) % 31] for i in range(9))
    return body + check_character(body)


def autosave_latencies(
    location: WorkspaceLocation, registry: FormRegistry, saves: int, between: Callable[[], None] | None = None
) -> list[float]:
    """Latencies of `saves` answer changes; ``between`` runs after each (the baseline, in turns with the project)."""
    ws = build_workspace(location, registry, "bench")
    try:
        ws.add_enterprise(EnterpriseInput(name="基准企业", uscc=uscc(1)))
        aid = ws.new_assessment(uscc(1)).id
        form = registry.get("miit-2024")
        rng = random.Random(1)
        latencies = []
        for _ in range(saves):
            q = rng.choice(form.questions)
            option = rng.choice([o for o in q.options if not o.exclusive])
            choice = option.id if q.type == "single" else (option.id,)
            start = time.perf_counter()
            ws.set_choice(aid, q.id, choice)
            latencies.append((time.perf_counter() - start) * 1000)
            if between is not None:
                between()
        return latencies
    finally:
        ws.close()


def line(name: str, latencies: list[float]) -> str:
    return f"  {name:<52} p50 {statistics.median(latencies):6.2f} ms   p99 {percentile(latencies, 99):6.2f} ms"


def raw_commits(path: Path) -> tuple[Callable[[], None], list[float], sqlite3.Connection]:
    """The baseline: one raw sqlite3 single-row commit with the workspace's pragmas, timed per call."""
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)")
    latencies: list[float] = []

    def commit() -> None:
        i = len(latencies)
        start = time.perf_counter()
        raw.execute("BEGIN")
        raw.execute("INSERT OR REPLACE INTO t VALUES (?, ?)", (f"Q{i % 15}", json.dumps(i)))
        raw.execute("COMMIT")
        latencies.append((time.perf_counter() - start) * 1000)

    return commit, latencies, raw


def bench_autosave(tmp: Path, registry: FormRegistry, saves: int, postgres: bool) -> None:
    commit, raw_lat, raw = raw_commits(tmp / "raw.sqlite3")
    latencies = autosave_latencies(WorkspaceLocation(tmp / "autosave"), registry, saves, between=commit)
    raw.close()
    server = None
    if postgres:
        server = from_environment()
        started = server is None
        if started:
            bin_dir = server_bin_dir()
            if bin_dir is None:
                print("PostgreSQL: no server programs found (apt-get install postgresql); skipped")
            else:
                server = Cluster.start(bin_dir, durable=True)
        if server is not None:
            url = server.create_database()
            try:
                pg = autosave_latencies(WorkspaceLocation(tmp / "autosave-pg", url), registry, saves)
                version = server.server_version()
            finally:
                server.drop_database(url)
                if started:
                    server.stop()
    print(f"autosave (validate + rescore + save + audit, one transaction), {saves} saves in turns with the baseline:")
    print(line("SQLite (WAL, synchronous=FULL)", latencies))
    print(line("baseline: raw sqlite3 one-row commit, same pragmas", raw_lat))
    p50 = statistics.median(latencies) / statistics.median(raw_lat)
    p99 = percentile(latencies, 99) / percentile(raw_lat, 99)
    print(f"  ratio to the baseline: p50 {p50:.2f}x   p99 {p99:.2f}x")
    if server is not None:
        where = "local throwaway cluster" if started else "SME_ASSESS_TEST_PG_URL"
        print(line(f"PostgreSQL {version} ({where})", pg))


def bench_listing(tmp: Path, registry: FormRegistry, enterprises: int, assessments: int) -> None:
    location = WorkspaceLocation(tmp / "big")
    form = registry.get("miit-2024")
    engine = open_workspace(location, auto_backup=False)
    now = datetime.now(UTC)
    rng = random.Random(2)
    start = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(
            insert(EnterpriseRow),
            [
                {"id": i, "name": f"示例企业{i:05d}有限公司", "uscc": uscc(i), "industry_section": "C",
                 "industry_division": "34", "created_at": now, "updated_at": now}
                for i in range(1, enterprises + 1)
            ],
        )  # fmt: skip
        conn.execute(
            insert(AssessmentRow),
            [
                {"enterprise_id": (i % enterprises) + 1, "form_id": form.id, "form_revision": form.revision,
                 "form_hash": form.content_hash, "kind": "baseline" if i < enterprises else "after",
                 "status": "draft", "assessed_on": date(2025, 1, 1), "created_at": now, "updated_at": now,
                 "total_score": rng.randint(0, 100000) / 1000, "level": rng.randint(0, 4), "complete": True}
                for i in range(assessments)
            ],
        )  # fmt: skip
    engine.dispose()
    print(f"generated {enterprises} enterprises and {assessments} assessments in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    engine = open_workspace(location, auto_backup=False)
    opened = time.perf_counter()
    listing = SqlWorkspaceRepository(engine).list_enterprises()
    listed = time.perf_counter()
    engine.dispose()
    count = sum(len(x.assessments) for x in listing)
    print(f"open workspace (integrity check + schema check): {(opened - start) * 1000:.0f} ms")
    print(f"list {len(listing)} enterprises with {count} assessments: {(listed - opened) * 1000:.0f} ms")
    print(f"total open + list: {(listed - start) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--assessments", type=int, default=20_000)
    parser.add_argument("--no-postgres", action="store_true", help="autosave on SQLite only")
    args = parser.parse_args()
    registry = FormRegistry.from_dir(ROOT / "forms")
    with tempfile.TemporaryDirectory() as tmp:
        bench_autosave(Path(tmp), registry, args.saves, not args.no_postgres)
        bench_listing(Path(tmp), registry, args.enterprises, args.assessments)


if __name__ == "__main__":
    main()
