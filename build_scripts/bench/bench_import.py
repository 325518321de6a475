"""Benchmark: bulk import of N signed packages through the GUI path (offscreen), and how long the window stalls.

Usage: QT_QPA_PLATFORM=offscreen python build_scripts/bench/bench_import.py [--count 600] [--keep DIR]

In one run it:
  1. builds N signed packages (one enterprise each, the test package builders in tests/package/batch.py) into a
     temporary folder, every tenth in a sub-folder, signed by one key that the new workspace trusts;
  2. opens the real main window on a new SQLite workspace and imports the folder as 从文件夹导入评测包 does
     (progress dialog, worker thread, summary);
  3. meanwhile a QTimer ticks every 10 ms on the GUI thread and records the longest gap between two ticks: the
     longest time the window could not paint or react (the event-loop stall);
  4. prints the build time, the import's total time, files/s, the longest stall and the verdict counts.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox  # noqa: E402

from app.main import DesktopAdapters, build_workspace, trust_service  # noqa: E402
from app.services import bulk_import  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.store.location import WorkspaceLocation  # noqa: E402
from app.ui.context import GuiContext  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from tests.package import make_signer  # noqa: E402
from tests.package.batch import write_packages  # noqa: E402

TICK_MS = 10


class StallMeter:
    """A QTimer ticking every TICK_MS on the GUI thread; the longest gap between two ticks is the worst stall."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.longest = 0
        self.last = 0
        self.gaps: list[tuple[int, int]] = []  # (gap ms, at ms)
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.clock.start()
        self.timer.start()

    def tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self.last)
        self.gaps.append((now - self.last, now))
        self.last = now

    def stop(self) -> None:
        self.tick()  # the gap up to the end counts too
        self.timer.stop()


def open_window(base: Path, registry: FormRegistry, public_key: bytes) -> tuple[MainWindow, GuiContext]:
    location = WorkspaceLocation(base / "data")
    workspace = build_workspace(location, registry, "bench")
    trust_service(workspace).add(public_key, "enterprise", "bench")
    ctx = GuiContext(workspace=workspace, registry=registry, data_dir=location.data_dir,
                     settings=QSettings(str(base / "ui.ini"), QSettings.Format.IniFormat),
                     services=DesktopAdapters(workspace, registry))  # fmt: skip
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    folder = str(base / "packages")
    QFileDialog.getExistingDirectory = staticmethod(lambda *_a, **_k: folder)  # type: ignore[method-assign]
    QMessageBox.question = staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.No)  # type: ignore[method-assign]
    return window, ctx


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--keep", type=Path, help="build the packages and the workspace here (default: a temp dir)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        base = args.keep or Path(tmp)
        registry = FormRegistry.from_dir(ROOT / "forms")
        signer = make_signer(seed=1)
        started = time.perf_counter()
        write_packages(base / "packages", registry.get("miit-2024", 1), args.count, signer=signer)
        print(f"built {args.count} signed packages in {time.perf_counter() - started:.1f} s")
        window, ctx = open_window(base, registry, signer.public_key_bytes)
        app.processEvents()
        meter = StallMeter()
        meter.start()
        started = time.perf_counter()
        window.import_folder()  # builds the progress dialog and starts the worker, then returns
        batch = window.import_batch
        while batch.summary is None:
            app.processEvents()
            time.sleep(0.001)
        elapsed = time.perf_counter() - started
        meter.stop()
        counts = bulk_import.counts(batch.verdicts)
        print(f"imported through the GUI path: {len(batch.verdicts)} files in {elapsed:.1f} s "
              f"= {len(batch.verdicts) / elapsed:.1f} files/s")  # fmt: skip
        print(f"longest GUI event-loop stall during the import: {meter.longest} ms (timer every {TICK_MS} ms)")
        if os.environ.get("BENCH_GAPS"):
            print("longest gaps (ms, at ms):", sorted(meter.gaps, reverse=True)[:8], "end at", meter.clock.elapsed())
        print("verdicts: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        batch.summary.close()
        window.close()
        ctx.workspace.close()
        return 0 if counts[bulk_import.IMPORTED] == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
