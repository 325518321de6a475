"""Benchmark the workspace: autosave latency beside a raw sqlite3 commit, and opening/listing a big workspace.

Autosave runs on the SQLite file and, in the same run, on PostgreSQL: a throwaway local cluster started like the
tests' (durable: fsync on, as a real server), or the server SME_ASSESS_TEST_PG_URL names; --no-postgres skips it.
Run: .venv/bin/python build_scripts/bench/bench_workspace.py [--saves N] [--enterprises N] [--assessments N]
Listing: the project's listing beside a raw sqlite3 fetch of both tables, in turns, and the RSS growth of a
fresh process holding the listing at 10,000 and 50,000 enterprises. Prints figures only; it is not a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from workspaces import generate, uscc  # noqa: E402 (this folder's shared workspace generator)

from app.main import build_workspace  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.services.workspace import EnterpriseInput  # noqa: E402
from app.store.database import WorkspaceLocation, open_workspace  # noqa: E402
from app.store.repository import SqlWorkspaceRepository  # noqa: E402
from tests.pgserver import Cluster, from_environment, server_bin_dir  # noqa: E402


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


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


def raw_fetch(path: Path) -> int:
    """The baseline: both tables fetched whole by the standard library's sqlite3 (every column, as stored)."""
    raw = sqlite3.connect(path)
    try:
        return len(raw.execute("SELECT * FROM enterprises").fetchall()) + len(
            raw.execute("SELECT * FROM assessments").fetchall()
        )
    finally:
        raw.close()


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def rss_child(path: str) -> None:
    """Run in a fresh process: RSS after opening the workspace, and after listing it (the listing held)."""
    engine = open_workspace(WorkspaceLocation(Path(path)), auto_backup=False)
    repo = SqlWorkspaceRepository(engine)
    repo.list_enterprises("no such enterprise")  # statements and the connection warmed, nothing held
    gc.collect()
    before = rss_kib()
    listing = repo.list_enterprises()
    after = rss_kib()
    print(json.dumps({"rows": len(listing), "growth_kib": after - before}))


def bench_listing(tmp: Path, registry: FormRegistry, enterprises: int, assessments: int, turns: int) -> None:
    location = WorkspaceLocation(tmp / "big")
    start = time.perf_counter()
    generate(location, registry, enterprises, assessments)
    print(f"generated {enterprises} enterprises and {assessments} assessments in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    engine = open_workspace(location, auto_backup=False)
    print(f"open workspace (integrity check + schema check): {(time.perf_counter() - start) * 1000:.0f} ms")
    repo = SqlWorkspaceRepository(engine)
    project: list[float] = []
    baseline: list[float] = []
    count = 0
    for _ in range(turns):  # in turns, so both see the same machine
        start = time.perf_counter()
        listing = repo.list_enterprises()
        project.append((time.perf_counter() - start) * 1000)
        count = sum(len(x.assessments) for x in listing)
        del listing
        start = time.perf_counter()
        raw_fetch(location.db_path)
        baseline.append((time.perf_counter() - start) * 1000)
    engine.dispose()
    p, b = statistics.median(project), statistics.median(baseline)
    print(f"list {enterprises} enterprises with {count} assessments, median of {turns} in turns with the baseline:")
    print(f"  project listing (records)                       {p:7.0f} ms")
    print(f"  baseline: raw sqlite3 fetch of both tables      {b:7.0f} ms")
    print(f"  ratio to the baseline: {p / b:.2f}x")


def bench_rss(tmp: Path, registry: FormRegistry, sizes: list[int]) -> None:
    print("RSS growth of a fresh process holding the listing (two assessments per enterprise):")
    for n in sizes:
        location = WorkspaceLocation(tmp / f"rss-{n}")
        generate(location, registry, n, 2 * n)
        out = subprocess.run(
            [sys.executable, __file__, "--rss-child", str(location.data_dir)],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        figures = json.loads(out.strip().splitlines()[-1])
        print(f"  {n:>6} enterprises, {2 * n:>6} assessments: +{figures['growth_kib'] / 1024:6.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--assessments", type=int, default=20_000)
    parser.add_argument("--turns", type=int, default=7, help="listings timed, each beside a raw fetch")
    parser.add_argument("--rss", type=int, nargs="*", default=[10_000, 50_000], help="enterprise counts for RSS")
    parser.add_argument("--no-postgres", action="store_true", help="autosave on SQLite only")
    parser.add_argument("--only", choices=["autosave", "listing", "rss"], help="run one part")
    parser.add_argument("--rss-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.rss_child)
        return
    registry = FormRegistry.from_dir(ROOT / "forms")
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "autosave"):
            bench_autosave(Path(tmp), registry, args.saves, not args.no_postgres)
        if args.only in (None, "listing"):
            bench_listing(Path(tmp), registry, args.enterprises, args.assessments, args.turns)
        if args.only in (None, "rss"):
            bench_rss(Path(tmp), registry, args.rss)


if __name__ == "__main__":
    main()
