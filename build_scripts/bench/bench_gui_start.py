"""Benchmark the GUI start-up: spawn to the enterprise list shown, beside a bare PySide6 window with the same rows.

For workspaces of 1, 1,000 and 10,000 enterprises (two assessments each, written through the real schema), it
times, in turns, a spawned ``python -m app --data-dir DIR`` (offscreen, SME_ASSESS_EXIT_WHEN_LISTED=1: the program
prints ``listed N`` once the home list holds its rows and the window is exposed, and ``painted N`` once the list has
then been painted, and quits) against a spawned bare script (gui_start_bare.py: QApplication, QMainWindow,
QTableView over a QAbstractTableModel with the same rows read by sqlite3, shown; the same two lines). The times are
from spawn to each line, measured here: "list shown" (exposed, the issue's figure) and "first paint".
Run: .venv/bin/python build_scripts/bench/bench_gui_start.py [--runs N] [--sizes 1,1000,10000]
Prints figures only; it is not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from workspaces import generate  # noqa: E402 (this folder's shared workspace generator)

from app.services.forms import FormRegistry  # noqa: E402
from app.store.database import WorkspaceLocation  # noqa: E402

BARE = Path(__file__).resolve().parent / "gui_start_bare.py"


def generate_workspace(data_dir: Path, registry: FormRegistry, enterprises: int) -> Path:
    """A workspace of ``enterprises`` enterprises with two assessments each (a baseline and an after)."""
    location = WorkspaceLocation(data_dir)
    generate(location, registry, enterprises, 2 * enterprises, region="广东省东莞市", history=True)
    return location.db_path


def spawn(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Seconds from spawn to the ``listed N`` line and to the ``painted N`` line, and N."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    assert proc.stdout is not None
    listed: tuple[float, int] | None = None
    try:
        for line in proc.stdout:
            if line.startswith("listed "):
                listed = time.perf_counter() - start, int(line.split()[1])
            elif line.startswith("painted ") and listed is not None:
                return listed[0], time.perf_counter() - start, listed[1]
        raise RuntimeError(f"{command[:3]} ended without listing and painting (exit {proc.wait()})")
    finally:
        proc.stdout.close()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each, in turns (after one warm-up)")
    parser.add_argument("--sizes", default="1,1000,10000")
    args = parser.parse_args()
    registry = FormRegistry.from_dir(ROOT / "forms")
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SME_ASSESS_EXIT_WHEN_LISTED="1",
                   XDG_CONFIG_HOME=str(Path(tmp) / "config"), PYTHONDONTWRITEBYTECODE="")  # fmt: skip
        env.pop("SME_ASSESS_DATABASE_URL", None)
        for size in sizes:
            data_dir = Path(tmp) / f"ws{size}"
            db = generate_workspace(data_dir, registry, size)
            program = [sys.executable, "-m", "app", "--data-dir", str(data_dir)]
            bare = [sys.executable, str(BARE), str(db)]
            times: dict[str, list[float]] = {"program": [], "bare": [], "program painted": [], "bare painted": []}
            for turn in range(args.runs + 1):  # the first turn warms the file cache and makes the first backup
                for name, command in (("program", program), ("bare", bare)):
                    shown, drawn, listed = spawn(command, dict(env, PYTHONPATH=str(ROOT)))
                    if listed != size:
                        raise RuntimeError(f"{name} listed {listed} of {size} enterprises")
                    if turn:
                        times[name].append(shown * 1000)
                        times[f"{name} painted"].append(drawn * 1000)
            medians = {name: statistics.median(values) for name, values in times.items()}
            results.append((size, medians))
            print(f"{size:>6} enterprises: program {medians['program']:6.0f} ms   bare {medians['bare']:6.0f} ms"
                  f"   ratio {medians['program'] / medians['bare']:4.2f}x;   first paint: program "
                  f"{medians['program painted']:6.0f} ms   bare {medians['bare painted']:6.0f} ms   "
                  f"ratio {medians['program painted'] / medians['bare painted']:4.2f}x", flush=True)  # fmt: skip
    print(f"GUI start (spawn to the enterprise list shown, offscreen), medians of {args.runs} runs in turns:")
    for size, m in results:
        print(f"  {size:>6} enterprises: list shown {m['program'] / m['bare']:4.2f}x  ({m['program']:.0f} ms vs "
              f"{m['bare']:.0f} ms); first paint {m['program painted'] / m['bare painted']:4.2f}x  "
              f"({m['program painted']:.0f} ms vs {m['bare painted']:.0f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
