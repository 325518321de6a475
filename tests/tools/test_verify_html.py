"""tools/verify.html, the offline browser verifier, run in headless Chromium against every test vector.

The page is served with the vectors from a loopback http.server (127.0.0.1 only; Chromium runs with networking
features off). In its test mode (``?manifest=URL``) it verifies every vector of docs/test-vectors/manifest.json with
the vector's args and POSTs the verdicts back; they must equal the expectations, which the program and
tools/verify_sdap.py meet too (tests/package/test_vectors.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from app.core.form import Form
from app.package import verify_package
from app.services.forms import FormRegistry
from tests.package import make_signer, package_bytes, repack
from tests.package.test_verifiers_agree import MUTATIONS

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "tools" / "verify.html"
VECTORS = ROOT / "docs" / "test-vectors"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
INSTALL = "apt-get install -y --no-install-recommends chromium"

try:  # the CI-aware skip helper of tests/conftest.py (main); a plain skip where it is not there yet
    from tests.conftest import require as _require

    def require_chromium() -> None:
        _require(CHROMIUM is not None, "Debian's chromium (headless browser for tools/verify.html)", "cmd:chromium")

except ImportError:

    def require_chromium() -> None:
        if CHROMIUM is None:
            message = f"chromium is missing: {INSTALL}"
            if os.environ.get("CI") == "true":
                pytest.fail("CI=true: " + message, pytrace=False)
            pytest.skip(message)


def chromium_args(profile: Path) -> list[str]:
    assert CHROMIUM is not None
    return [
        CHROMIUM,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--metrics-recording-only",
        f"--user-data-dir={profile}",
    ]


class _Handler(SimpleHTTPRequestHandler):
    results: list[bytes]
    received: threading.Event

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        type(self).results.append(self.rfile.read(length))
        type(self).received.set()
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[tuple[str, type[_Handler]]]:
    """A loopback-only http.server for ``directory`` that also takes the page's POSTed verdicts."""
    handler = type("Handler", (_Handler,), {"results": [], "received": threading.Event()})

    def make(*args: Any, **kwargs: Any) -> _Handler:
        return handler(*args, directory=str(directory), **kwargs)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Handler]]]:
    with serve(ROOT) as served:
        yield served


def run_page(
    base: str, handler: type[_Handler], manifest: str = "/docs/test-vectors/manifest.json", timeout: float = 120
) -> dict[str, Any]:
    """Open the page in test mode and return the verdicts it POSTs back."""
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryFile() as log:
        url = f"{base}/tools/verify.html?manifest={manifest}"
        proc = subprocess.Popen(
            [*chromium_args(Path(profile)), url],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,  # its own process group: the browser's helpers end with it
        )
        try:
            got = handler.received.wait(timeout)
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        log.seek(0)
        err = log.read().decode(errors="replace")
    assert got, f"the page posted no verdicts within {timeout} s; chromium said: {err[-2000:]}"
    data: dict[str, Any] = json.loads(handler.results[0])
    return data


def standalone(files: list[Path], args: list[str]) -> list[dict[str, Any]]:
    """tools/verify_sdap.py --json over ``files`` with the installed forms: one report per file."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "verify_sdap.py"), "--json", "--forms", str(ROOT / "forms"), *args,
         *map(str, files)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return [json.loads(line) for line in proc.stdout.splitlines()]


def expectations() -> list[dict[str, Any]]:
    vectors: list[dict[str, Any]] = json.loads((VECTORS / "manifest.json").read_text(encoding="utf-8"))["vectors"]
    return vectors


def test_page_agrees_with_every_vector(server: tuple[str, type[_Handler]]) -> None:
    require_chromium()
    base, handler = server
    data = run_page(base, handler)
    assert data["ed25519"] is True, "this Chromium has no WebCrypto Ed25519"
    results = data["results"]
    wanted = expectations()
    assert [(r["file"], r["args"]) for r in results] == [(v["file"], v["args"]) for v in wanted]
    for got, want in zip(results, wanted, strict=True):
        where = f"{want['file']} {' '.join(want['args'])}"
        assert "error" not in got, f"{where}: the page raised {got.get('error')}"
        assert got["ok"] is want["ok"], f"{where}: ok={got['ok']}, checks {got['checks']}"
        assert sorted(set(got["failures"])) == sorted(want["failures"]), f"{where}: {got['checks']}"
        if "detail" in want:
            details = {c.get("detail") for c in got["checks"] if c["status"] == "fail"}
            assert want["detail"] in details, f"{where}: {got['checks']}"
        warnings = {c["code"] for c in got["checks"] if c["status"] == "warn"}
        assert set(want.get("warnings", [])) <= warnings, f"{where}: warnings {warnings}"


def test_page_matches_the_standalone_verifier_on_the_figures(server: tuple[str, type[_Handler]]) -> None:
    """Beyond ok/fail: the same package digest, manifest digest, recomputed level and score as tools/verify_sdap.py."""
    require_chromium()
    base, handler = server
    results = run_page(base, handler)["results"]
    for got, want in zip(results, expectations(), strict=True):
        args = [str(VECTORS / a) if a.endswith(".pem") else a for a in want["args"]]
        ref = standalone([VECTORS / want["file"]], args)[0]
        where = f"{want['file']} {' '.join(want['args'])}"
        for key in ("ok", "package_sha256", "manifest_sha256", "level", "total_score"):
            assert got[key] == ref[key], f"{where}: {key} {got[key]!r} != {ref[key]!r}"
        assert sorted(set(got["failures"])) == sorted(set(ref["failures"])), where
        fingerprints = [(s["role"], s["fingerprint"], s["valid"]) for s in got["signatures"]]
        assert fingerprints == [(s["role"], s["fingerprint"], s["valid"]) for s in ref["signatures"]], where


def test_page_carries_the_installed_forms() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build_scripts" / "embed_verify_forms.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_page_is_self_contained() -> None:
    """No network: no external script, style, font, image or link; package text only through textContent."""
    text = PAGE.read_text(encoding="utf-8")
    script = text[text.index("<script>") :]
    for needle in ("http://", "https://", "//cdn", "@import", "<link", "src=", "innerHTML", "outerHTML",
                   "insertAdjacentHTML", "document.write", "eval(", "new Function"):  # fmt: skip
        assert needle not in script, needle
    head = text[: text.index("<body>")]
    assert "<link" not in head and "src=" not in head and "url(" not in head
    assert "default-src 'none'" in head


def test_page_agrees_on_damaged_packages(tmp_path: Path) -> None:
    """Random byte damage, truncation and appended bytes: the page gives the stand-alone verifier's verdict."""
    require_chromium()
    (tmp_path / "tools").mkdir()
    shutil.copy(PAGE, tmp_path / "tools" / "verify.html")
    out = tmp_path / "damaged"
    out.mkdir()
    rng = random.Random(20241201)
    files: list[Path] = []
    for source in ("valid.sdap", "valid-countersigned.sdap", "valid-format1.sdap"):
        data = (VECTORS / source).read_bytes()
        for k in range(14):
            damaged = bytearray(data)
            if k < 10:
                at = rng.randrange(len(damaged))
                damaged[at] ^= 1 << rng.randrange(8)
            elif k < 13:
                del damaged[rng.randrange(1, len(damaged)) :]
            else:
                damaged += b"PK\x05\x06 trailing"
            path = out / f"{Path(source).stem}-{k}.sdap"
            path.write_bytes(bytes(damaged))
            files.append(path)
    plan = {"vectors": [{"file": p.name, "args": []} for p in files]}
    (out / "manifest.json").write_text(json.dumps(plan), encoding="utf-8")
    refs = standalone(files, [])
    with serve(tmp_path) as (base, handler):
        results = run_page(base, handler, manifest="/damaged/manifest.json")["results"]
    assert len(results) == len(refs) == len(files)
    for got, ref in zip(results, refs, strict=True):
        assert "error" not in got, f"{got['file']}: {got.get('error')}"
        assert (got["ok"], sorted(set(got["failures"]))) == (ref["ok"], sorted(set(ref["failures"]))), (
            f"{got['file']}: page {got['checks']} / verify_sdap.py {ref['checks']}"
        )


def test_page_opens_from_disk_with_its_forms() -> None:
    """Opened as file:// (how an officer uses it): the embedded forms load and hash (WebCrypto is available)."""
    require_chromium()
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [*chromium_args(Path(profile)), "--virtual-time-budget=10000", "--dump-dom", PAGE.as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    forms = len(list((ROOT / "forms").glob("*.json")))
    assert f'<body data-forms="{forms}">' in proc.stdout, proc.stderr[-2000:]


def test_page_agrees_with_the_program_on_resigned_content_mutations(
    tmp_path: Path, form: Form, registry: FormRegistry
) -> None:
    """Answers, result.json and normative.json changed and re-signed: the page gives the program's verdict."""
    require_chromium()
    (tmp_path / "tools").mkdir()
    shutil.copy(PAGE, tmp_path / "tools" / "verify.html")
    out = tmp_path / "mutated"
    out.mkdir()
    valid = package_bytes(form, tmp_path / "valid")
    expected: dict[str, tuple[bool, list[str]]] = {}
    for name, change in sorted(MUTATIONS.items()):
        data = repack(valid, change_files=change, resign=[make_signer(seed=1)])
        (out / f"{name}.sdap").write_bytes(data)
        program = verify_package(data, registry)
        expected[f"{name}.sdap"] = (program.ok, sorted(program.codes()))
    plan = {"vectors": [{"file": f, "args": []} for f in expected]}
    (out / "manifest.json").write_text(json.dumps(plan), encoding="utf-8")
    with serve(tmp_path) as (base, handler):
        results = run_page(base, handler, manifest="/mutated/manifest.json")["results"]
    assert [r["file"] for r in results] == list(expected)
    for got in results:
        assert "error" not in got, f"{got['file']}: {got.get('error')}"
        assert (got["ok"], sorted(set(got["failures"]))) == expected[got["file"]], f"{got['file']}: {got['checks']}"
    assert any(ok for ok, _ in expected.values()) and not all(ok for ok, _ in expected.values())
