"""Benchmark the frozen program against a bare PySide6 QWizard frozen the naive way (Linux, under Xvfb).

Usage: python build_scripts/bench/bench_frozen.py [--runs 5] [--rebuild] [--keep-bare] [--drop-caches]

In one run it:
  1. freezes a bare QWizard window with PyInstaller the naive way (onedir, no excludes) into build/bench/;
  2. uses the app's bundle dist/sme-assess/ (built with build_scripts/build.py first if missing, or --rebuild);
  3. prints both bundles' sizes;
  4. starts, on a private Xvfb display with the xcb platform, the frozen program, `python -m app` and the bare
     frozen window, warm-up once and then --runs times each, interleaved, and measures the time from spawning the
     process to its first top-level window being mapped (viewable) on the X server, and the peak memory (VmHWM of
     the process and its children) at that moment; prints medians, minima and the ratios.

The first window is detected from outside (polling the X server's window tree through libX11 with ctypes), so the
same measure applies to all three programs and none of them needs start-up marker code. The GUI runs against a
throw-away workspace created by the warm-up run (SME_ASSESS_DATA_DIR, XDG_CONFIG_HOME). "Cold" here means a fresh
process with a warm file cache; --drop-caches (root only) also empties the page cache before every run.
Needs Xvfb (apt-get install xvfb) and libX11.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
APP_BUNDLE = ROOT / "dist" / "sme-assess"
APP_EXE = APP_BUNDLE / "sme-assess"
BENCH = ROOT / "build" / "bench"
BARE_NAME = "bare_wizard"
START_TIMEOUT_S = 60.0
POLL_S = 0.002
IS_VIEWABLE = 2

BARE_SCRIPT = '''"""A bare PySide6 QWizard window: the baseline the frozen program is measured against."""

import sys

from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage

app = QApplication(sys.argv)
wizard = QWizard()
page = QWizardPage()
page.setTitle("Bare QWizard")
QVBoxLayout(page).addWidget(QLabel("A bare window"))
wizard.addPage(page)
wizard.show()
sys.exit(app.exec())
'''


# --- X11 through ctypes -----------------------------------------------------------------------------------------
class XWindowAttributes(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
        ("border_width", ctypes.c_int), ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
        ("root", ctypes.c_ulong), ("class_", ctypes.c_int), ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int), ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p),
    ]  # fmt: skip


class X11:
    """The few Xlib calls needed to see whether any top-level window is mapped."""

    def __init__(self, display: str) -> None:
        name = ctypes.util.find_library("X11")
        if not name:
            raise SystemExit("bench_frozen: libX11 not found")
        lib = ctypes.cdll.LoadLibrary(name)
        lib.XOpenDisplay.restype = ctypes.c_void_p
        lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        lib.XDefaultRootWindow.restype = ctypes.c_ulong
        lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        lib.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong] + [ctypes.c_void_p] * 4
        lib.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p]
        lib.XFree.argtypes = [ctypes.c_void_p]
        lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.lib = lib
        self.dpy = lib.XOpenDisplay(display.encode())
        if not self.dpy:
            raise SystemExit(f"bench_frozen: cannot open X display {display}")
        self.root = lib.XDefaultRootWindow(self.dpy)

    def viewable_windows(self) -> int:
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        if not self.lib.XQueryTree(
            self.dpy, self.root, ctypes.byref(root), ctypes.byref(parent), ctypes.byref(children), ctypes.byref(count)
        ):
            return 0
        viewable = 0
        attrs = XWindowAttributes()
        for i in range(count.value):
            if (
                self.lib.XGetWindowAttributes(self.dpy, children[i], ctypes.byref(attrs))
                and attrs.map_state == IS_VIEWABLE
                and attrs.width > 1
            ):
                viewable += 1
        if children:
            self.lib.XFree(children)
        return viewable

    def close(self) -> None:
        self.lib.XCloseDisplay(self.dpy)


@contextlib.contextmanager
def xvfb() -> Iterator[str]:
    """Start a private Xvfb server and yield its display name."""
    if not shutil.which("Xvfb"):
        raise SystemExit("bench_frozen: Xvfb is needed (apt-get install xvfb)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        proc.kill()
        raise SystemExit("bench_frozen: Xvfb did not start")
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# --- processes and memory ---------------------------------------------------------------------------------------
def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def peak_memory_kb(pid: int) -> int:
    """Sum of VmHWM (peak resident set) of the process and its children, in kB."""
    total = 0
    for p in descendants(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
    return total


def drop_caches() -> None:
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError as exc:
        raise SystemExit(f"bench_frozen: --drop-caches needs root: {exc}") from exc


def time_to_window(cmd: Sequence[str], env: dict[str, str], x11: X11, cwd: Path) -> tuple[float, int]:
    """Start cmd; return (seconds until a top-level window is viewable, peak memory kB then); stop the process."""
    if x11.viewable_windows():
        raise SystemExit("bench_frozen: a window is already shown on the benchmark display")
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        while True:
            if x11.viewable_windows():
                elapsed = time.perf_counter() - started
                return elapsed, peak_memory_kb(proc.pid)
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                raise SystemExit(f"bench_frozen: {cmd[0]} exited {proc.returncode} before showing a window:\n{err}")
            if time.perf_counter() - started > START_TIMEOUT_S:
                raise SystemExit(f"bench_frozen: {cmd[0]} showed no window within {START_TIMEOUT_S:.0f} s")
            time.sleep(POLL_S)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
        deadline = time.monotonic() + 5
        while x11.viewable_windows() and time.monotonic() < deadline:
            time.sleep(0.01)


# --- bundles ----------------------------------------------------------------------------------------------------
def tree_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def freeze_bare() -> Path:
    """Freeze the bare QWizard window the naive way: onedir, no excludes, PyInstaller's defaults."""
    BENCH.mkdir(parents=True, exist_ok=True)
    script = BENCH / f"{BARE_NAME}.py"
    script.write_text(BARE_SCRIPT, encoding="utf-8")
    started = time.monotonic()
    subprocess.run(
        [str(PYTHON), "-m", "PyInstaller", "--noconfirm", "--onedir", "--log-level", "ERROR",
         "--distpath", str(BENCH / "dist"), "--workpath", str(BENCH / "work"), "--specpath", str(BENCH),
         str(script)],
        check=True, cwd=BENCH,
    )  # fmt: skip
    print(f"bench_frozen: froze the bare QWizard in {time.monotonic() - started:.0f} s", flush=True)
    return BENCH / "dist" / BARE_NAME / BARE_NAME


def ensure_app_bundle(rebuild: bool) -> None:
    if rebuild or not APP_EXE.is_file():
        subprocess.run([str(PYTHON), str(ROOT / "build_scripts" / "build.py")], check=True, cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured starts per program (after one warm-up)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the app's bundle first")
    parser.add_argument("--keep-bare", action="store_true", help="keep build/bench/ (the bare bundle)")
    parser.add_argument("--drop-caches", action="store_true", help="empty the page cache before every start (root)")
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        raise SystemExit("bench_frozen: Linux only (Xvfb and /proc)")
    ensure_app_bundle(args.rebuild)
    bare_exe = freeze_bare()
    app_size, bare_size = tree_size(APP_BUNDLE), tree_size(bare_exe.parent)
    print(f"bundle size: app {app_size / 1e6:.1f} MB, bare QWizard (naive) {bare_size / 1e6:.1f} MB, "
          f"ratio {app_size / bare_size:.2f}", flush=True)  # fmt: skip

    work = Path(tempfile.mkdtemp(prefix="sme-bench-frozen-"))
    programs = {
        "frozen app": [str(APP_EXE)],
        "python -m app": [str(PYTHON), "-m", "app"],
        "bare QWizard": [str(bare_exe)],
    }
    times: dict[str, list[float]] = {name: [] for name in programs}
    memory: dict[str, list[int]] = {name: [] for name in programs}
    try:
        with xvfb() as display:
            env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
            env.update(
                DISPLAY=display,
                QT_QPA_PLATFORM="xcb",
                SME_ASSESS_DATA_DIR=str(work / "data"),
                XDG_CONFIG_HOME=str(work / "config"),
                XDG_RUNTIME_DIR=str(work / "runtime"),
            )
            (work / "runtime").mkdir(mode=0o700)
            x11 = X11(display)
            try:
                for name, cmd in programs.items():  # warm-up: page cache, workspace creation, font cache
                    cwd = ROOT if name == "python -m app" else work
                    elapsed, _ = time_to_window(cmd, env, x11, cwd)
                    print(f"  warm-up {name}: {elapsed:.3f} s", flush=True)
                for run in range(args.runs):
                    for name, cmd in programs.items():
                        if args.drop_caches:
                            drop_caches()
                        cwd = ROOT if name == "python -m app" else work
                        elapsed, peak = time_to_window(cmd, env, x11, cwd)
                        times[name].append(elapsed)
                        memory[name].append(peak)
                    print(f"  run {run + 1}: " + ", ".join(f"{n} {times[n][-1]:.3f} s" for n in programs), flush=True)
            finally:
                x11.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep_bare:
            shutil.rmtree(BENCH, ignore_errors=True)

    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"\nstart-up to the first window ({args.runs} runs, median / min), peak memory (VmHWM, median):")
    for name in programs:
        print(f"  {name:14} {median[name]:.3f} s / {min(times[name]):.3f} s   "
              f"{statistics.median(memory[name]) / 1024:.0f} MB")  # fmt: skip
    bare = median["bare QWizard"]
    print(f"ratios: frozen app / bare {median['frozen app'] / bare:.2f}, python -m app / bare "
          f"{median['python -m app'] / bare:.2f}, frozen app / python -m app "
          f"{median['frozen app'] / median['python -m app']:.2f}")  # fmt: skip
    size_ok = app_size <= bare_size
    start_ok = median["frozen app"] < 1.5 * bare
    print(f"targets: bundle <= bare bundle: {'met' if size_ok else 'NOT met'}; "
          f"frozen start < 1.5 x bare: {'met' if start_ok else 'NOT met'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
