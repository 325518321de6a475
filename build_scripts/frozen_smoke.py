"""Smoke-test the frozen program: what a user's machine without Python would run.

Usage: python build_scripts/frozen_smoke.py [EXECUTABLE] [--keep] [--no-source]

EXECUTABLE defaults to dist/sme-assess/sme-assess[.exe]. On Windows the commands go to sme-assess-cli.exe when it
is next to it (the windowed sme-assess.exe has no stdout). Every step runs the frozen program in a temporary
workspace, from a temporary working directory, with PYTHONPATH/PYTHONHOME removed, so nothing can come from the
checkout. Steps:

  version      --version prints "sme-assess <app.__version__>"
  data         forms/, resources/ (without .ts sources) and the migrations are in the bundle, byte for byte
  forms        the bundled form's content hash equals the source tree's
  score        score --json on resources/samples/sample-complete.json equals `python -m app score` from source
  db           the workspace is created through the bundled Alembic migrations; db check passes
  smoke-test   --smoke-test (the GUI walk-through, QT_QPA_PLATFORM=offscreen) exits 0
  report       a PDF report of a finalized assessment with Chinese text; the CJK font is embedded
  export       a signed package (.sdap, key file + passphrase); verify passes; a tampered copy fails; import
               into an empty workspace (when the import command exists)
  diagnose     which keyring backend, PDF font and paths the frozen program found (and that they are the bundle's)

A step whose command the program does not list in --help prints "SKIPPED: command not available" and does not fail
the run. Exit status 0 when no step failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

try:
    from pypdf import PdfReader
except ImportError:  # the dev extras are not installed: pdffonts/pdftotext, or a raw scan, instead
    PdfReader = None

ROOT = Path(__file__).resolve().parent.parent
IS_WIN = os.name == "nt"
EXE_SUFFIX = ".exe" if IS_WIN else ""
DEFAULT_EXE = ROOT / "dist" / "sme-assess" / f"sme-assess{EXE_SUFFIX}"
SAMPLE = ROOT / "resources" / "samples" / "sample-complete.json"
SOURCE_PYTHON = ROOT / ".venv" / ("Scripts/python.exe" if IS_WIN else "bin/python")
USCC = "91110108MA01ABCD1E"  # valid check character
PASSPHRASE = "frozen-smoke-passphrase"
CJK_PROBE = "数字化"
TIMEOUT_S = 180
SMOKE_TIMEOUT_S = 300


class StepFailedError(Exception):
    pass


class Skipped(Exception):  # noqa: N818  (a control-flow signal, not an error)
    pass


class Smoke:
    def __init__(self, gui_exe: Path, cli_exe: Path, work: Path, use_source: bool) -> None:
        self.gui_exe = gui_exe
        self.cli_exe = cli_exe
        self.work = work
        self.data_dir = work / "data"
        self.use_source = use_source and SOURCE_PYTHON.is_file()
        self.results: list[tuple[str, str, float, str]] = []
        self.help_text = ""
        self.state: dict[str, str] = {}

    # --- running -------------------------------------------------------------------------------------------------
    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        env["SME_ASSESS_DATA_DIR"] = str(self.data_dir)
        env["PYTHONIOENCODING"] = "utf-8"
        env.update(extra)
        return env

    def run(
        self, args: Sequence[str], *, exe: Path | None = None, timeout: int = TIMEOUT_S, ok: bool = True, **env: str
    ) -> subprocess.CompletedProcess[str]:
        cmd = [str(exe or self.cli_exe), *args]
        done = subprocess.run(
            cmd,
            cwd=self.work,
            env=self.env(**env),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )
        if ok and done.returncode != 0:
            raise StepFailedError(
                f"{' '.join(cmd[1:])} exited {done.returncode}\n--- stdout\n{done.stdout[-3000:]}"
                f"\n--- stderr\n{done.stderr[-3000:]}"
            )
        return done

    def source(self, args: Sequence[str]) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, SME_ASSESS_DATA_DIR=str(self.work / "source-data"), PYTHONIOENCODING="utf-8")
        return subprocess.run(
            [str(SOURCE_PYTHON), "-m", "app", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT_S,
            check=True,
        )

    def has_command(self, name: str) -> bool:
        return re.search(rf"^\s+{re.escape(name)}\s", self.help_text, re.MULTILINE) is not None

    def require(self, *commands: str) -> None:
        missing = [c for c in commands if not self.has_command(c)]
        if missing:
            raise Skipped(f"command not available: {', '.join(missing)}")

    def step(self, name: str, body: Callable[[], str]) -> None:
        started = time.monotonic()
        try:
            detail = body()
            status = "PASS"
        except Skipped as exc:
            status, detail = "SKIPPED", str(exc)
        except (StepFailedError, subprocess.SubprocessError, OSError, ValueError, KeyError) as exc:
            status, detail = "FAIL", f"{type(exc).__name__}: {exc}"
        elapsed = time.monotonic() - started
        self.results.append((name, status, elapsed, detail))
        if status == "SKIPPED":
            print(f"SKIPPED: {name}: {detail}", flush=True)
        else:
            print(f"{status:4}  {name:10} {elapsed:6.1f} s  {detail}", flush=True)

    # --- steps ---------------------------------------------------------------------------------------------------
    def version(self) -> str:
        expected = f"sme-assess {app_version()}"
        out = self.run(["--version"]).stdout.strip()
        if out != expected:
            raise StepFailedError(f"--version printed {out!r}, expected {expected!r}")
        self.help_text = self.run(["--help"]).stdout
        return out

    def forms(self) -> str:
        lines = [json.loads(line) for line in self.run(["forms", "--json"]).stdout.splitlines() if line.strip()]
        frozen = {(f["id"], f["revision"]): f.get("hash") or f.get("content_hash") for f in lines}
        if not frozen:
            raise StepFailedError("forms --json listed no forms")
        if self.use_source:
            src = [json.loads(line) for line in self.source(["forms", "--json"]).stdout.splitlines() if line.strip()]
            expected = {(f["id"], f["revision"]): f.get("hash") or f.get("content_hash") for f in src}
            if frozen != expected:
                raise StepFailedError(f"bundled forms {frozen} differ from the source tree's {expected}")
        return ", ".join(f"{i} r{r}" for i, r in sorted(frozen))

    def data(self) -> str:
        internal = self.gui_exe.parent / "_internal"
        if not internal.is_dir():
            raise Skipped("not a onedir bundle (onefile unpacks at run time; the other steps cover it)")
        missing, differ, count = [], [], 0
        for folder, skip in (("forms", ()), ("resources", (".ts",)), ("app/store/migrations", (".pyc",))):
            for src in sorted((ROOT / folder).rglob("*")):
                if not src.is_file() or "__pycache__" in src.parts or src.suffix in skip:
                    continue
                count += 1
                bundled = internal / src.relative_to(ROOT)
                if not bundled.is_file():
                    missing.append(str(src.relative_to(ROOT)))
                elif bundled.read_bytes() != src.read_bytes():
                    differ.append(str(src.relative_to(ROOT)))
        if missing or differ:
            raise StepFailedError(f"not bundled: {missing}; differ from the source tree: {differ}")
        return f"{count} data files (forms, resources, migrations) bundled and identical to the source tree"

    def score(self) -> str:
        frozen = json.loads(self.run(["score", str(SAMPLE), "--json"]).stdout)
        if self.use_source:
            expected = json.loads(self.source(["score", str(SAMPLE), "--json"]).stdout)
            if frozen != expected:
                diff = sorted(k for k in set(frozen) | set(expected) if frozen.get(k) != expected.get(k))
                raise StepFailedError(f"frozen score differs from the source tree's in {diff}")
        same = "equal to the source tree's" if self.use_source else "source comparison skipped"
        return f"total {frozen['total_score']}, level {frozen['level']} ({same})"

    def workspace(self) -> str:
        ent = self.run(["enterprises", "add", "--name", "冒烟测试企业有限公司", "--uscc", USCC, "--contact", "张三"])
        enterprise = ent.stdout.strip().splitlines()[-1]
        new = self.run(
            ["assessments", "new", "--enterprise", enterprise, "--answers", str(SAMPLE), "--assessor", "李四",
             "--organisation", "冒烟测试评测机构", "--role", "评测员"]
        )  # fmt: skip
        self.state["assessment"] = new.stdout.strip().splitlines()[-1]
        self.run(["assessments", "finalize", self.state["assessment"]])
        check = self.run(["db", "check"]).stdout.strip().splitlines()
        db = self.data_dir / "workspace.sqlite3"
        if not db.is_file():
            raise StepFailedError(f"{db} was not created")
        return f"assessment {self.state['assessment']} finalized; db check: {check[-1] if check else 'ok'}"

    def smoke_test(self) -> str:
        done = self.run(["--smoke-test"], exe=self.gui_exe, timeout=SMOKE_TIMEOUT_S, QT_QPA_PLATFORM="offscreen")
        lines = (done.stdout + done.stderr).strip().splitlines()
        return lines[-1] if lines and not IS_WIN else "exit 0"

    def report(self) -> str:
        self.require("report")
        if "assessment" not in self.state:
            raise StepFailedError("no finalized assessment (the db step failed)")
        pdf = self.work / "report.pdf"
        self.run(["report", self.state["assessment"], "--out", str(pdf)])
        if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
            raise StepFailedError(f"{pdf} is not a PDF")
        fonts = embedded_fonts(pdf)
        if not any(embedded and ("CJK" in name or "Hei" in name or "Song" in name or "YaHei" in name)
                   for name, embedded in fonts):  # fmt: skip
            raise StepFailedError(f"no embedded CJK font in the report; fonts: {fonts}")
        text = pdf_text(pdf)
        if text is not None and CJK_PROBE not in text:
            raise StepFailedError(f"the report's text has no {CJK_PROBE!r}")
        names = sorted({n.split("+")[-1] for n, e in fonts if e})
        checked = "Chinese text extracted" if text is not None else "text not checked (no pypdf/pdftotext)"
        return f"{pdf.stat().st_size // 1024} KB, embedded {', '.join(names)}; {checked}"

    def export(self) -> str:
        self.require("export", "verify")
        if "assessment" not in self.state:
            raise StepFailedError("no finalized assessment (the db step failed)")
        package = self.work / "package.sdap"
        key, public = self.work / "signing-key.pem", self.work / "signing-key.pub.pem"
        # Key files are created only by `keys new` (the passphrase comes from the environment here).
        self.run(["keys", "new", "--key-file", str(key), "--export-public", str(public)],
                 SME_ASSESS_KEY_PASSPHRASE=PASSPHRASE)  # fmt: skip
        self.run(
            ["export", self.state["assessment"], "--key-file", str(key), "--out", str(package)],
            SME_ASSESS_KEY_PASSPHRASE=PASSPHRASE,
        )
        verified = self.run(["verify", str(package), "--json"])
        report = json.loads(verified.stdout.strip().splitlines()[0])
        if report.get("ok") is not True:
            raise StepFailedError(f"verify did not pass: {verified.stdout[:1000]}")
        tampered = self.work / "tampered.sdap"
        data = bytearray(package.read_bytes())
        middle = len(data) // 2
        data[middle] ^= 0xFF
        tampered.write_bytes(bytes(data))
        bad = self.run(["verify", str(tampered)], ok=False)
        if bad.returncode == 0:
            raise StepFailedError("verify accepted a tampered package")
        imported = ""
        if self.has_command("import"):  # into a second, empty workspace, as an assessor receiving the package
            other = self.work / "import-data"
            # The receiver trusts the enterprise's public key (an untrusted signer is refused).
            self.run(["import", str(package), "--trust", str(public)], SME_ASSESS_DATA_DIR=str(other))
            listed = self.run(["enterprises", "list"], SME_ASSESS_DATA_DIR=str(other)).stdout
            if USCC not in listed:
                raise StepFailedError(f"the imported enterprise is not listed: {listed[:500]}")
            imported = "; imported into an empty workspace"
        size = package.stat().st_size // 1024
        return f"{size} KB package verified; tampered copy refused (exit {bad.returncode}){imported}"

    def diagnose(self) -> str:
        self.require("diagnose")
        info = json.loads(self.run(["diagnose"]).stdout)
        print(f"      keyring backend found by the frozen program: {info.get('keyring_backend')}", flush=True)
        print(f"      diagnose: {json.dumps(info, ensure_ascii=False)}", flush=True)
        bundle = self.gui_exe.parent.resolve()
        problems = []
        if info.get("frozen") is not True:
            problems.append("diagnose says frozen is not true")
        # orjson is a dependency: a bundle without it verifies packages too, only slower; say so rather than miss it.
        if not str(info.get("accelerators", {}).get("package_json", "")).startswith("orjson "):
            problems.append(f"the verifier's JSON fast path is not in the bundle: {info.get('accelerators')}")
        for key in ("forms_dir", "resources_dir"):
            where = Path(info[key]).resolve() if info.get(key) else None
            if where is None or bundle in where.parents or _is_onefile_temp(where):
                continue
            if ROOT.resolve() in where.parents:
                problems.append(f"{key} {where} is in the source checkout, not the bundle")
            else:
                problems.append(f"{key} {where} is outside the bundle {bundle}")
        if problems:
            raise StepFailedError("; ".join(problems))
        if self.use_source:
            src = json.loads(self.source(["diagnose"]).stdout).get("keyring_backend")
            return f"keyring {info.get('keyring_backend')} (source run: {src})"
        return f"keyring {info.get('keyring_backend')}, accelerators {info.get('accelerators')}"


def _is_onefile_temp(path: Path) -> bool:
    return path.resolve().parts[-2].startswith("_MEI") if len(path.resolve().parts) > 1 else False


def app_version() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, re.MULTILINE)
    if not match:
        raise SystemExit("app/__init__.py has no __version__")
    return match.group(1)


def embedded_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """Return (font name, embedded?) for every font in the PDF: pdffonts when installed, else pypdf."""
    if shutil.which("pdffonts"):
        out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        fonts = []
        for line in out.splitlines()[2:]:
            match = re.match(r"(\S+)\s+.*?\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
            if match:
                fonts.append((match.group(1), match.group(2) == "yes"))
        return fonts
    if PdfReader is None:
        return [("unknown (raw scan)", b"/FontFile2" in pdf.read_bytes())]
    fonts_found: dict[str, bool] = {}
    for page in PdfReader(str(pdf)).pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts_found[str(font.get("/BaseFont"))] = fonts_found.get(str(font.get("/BaseFont")), False) or embedded
    return sorted(fonts_found.items())


def pdf_text(pdf: Path) -> str | None:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    if PdfReader is None:
        return None
    return "".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("executable", nargs="?", type=Path, default=DEFAULT_EXE)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (workspace, PDF, package)")
    parser.add_argument("--no-source", action="store_true", help="do not compare with `python -m app` from source")
    args = parser.parse_args()
    gui = args.executable.resolve()
    if not gui.is_file():
        print(f"frozen_smoke: {gui} not found; build it first: python build_scripts/build.py", file=sys.stderr)
        return 2
    cli = gui.with_name(f"{gui.stem}-cli{gui.suffix}")
    cli = cli if cli.is_file() else gui
    work = Path(tempfile.mkdtemp(prefix="sme-frozen-smoke-"))
    print(f"frozen_smoke: {gui}" + (f" (commands via {cli.name})" if cli != gui else ""), flush=True)
    smoke = Smoke(gui, cli, work, use_source=not args.no_source)
    started = time.monotonic()
    try:
        smoke.step("version", smoke.version)
        smoke.step("data", smoke.data)
        smoke.step("forms", smoke.forms)
        smoke.step("score", smoke.score)
        smoke.step("db", smoke.workspace)
        smoke.step("smoke-test", smoke.smoke_test)
        smoke.step("report", smoke.report)
        smoke.step("export", smoke.export)
        smoke.step("diagnose", smoke.diagnose)
    finally:
        if args.keep:
            print(f"frozen_smoke: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    failed = [name for name, status, _, _ in smoke.results if status == "FAIL"]
    skipped = [name for name, status, _, _ in smoke.results if status == "SKIPPED"]
    total = time.monotonic() - started
    summary = f"{len(smoke.results) - len(failed) - len(skipped)} passed, {len(failed)} failed, {len(skipped)} skipped"
    print(f"frozen_smoke: {total:.1f} s" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    print(f"frozen_smoke: {summary}")  # a plain closing line, alone, for CI logs
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
