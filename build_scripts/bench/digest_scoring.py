"""Digest of what `score --json` prints for N generated answer documents: proof that scoring output is unchanged.

Run: .venv/bin/python build_scripts/bench/digest_scoring.py [--count N] [--seed S] [--root CHECKOUT]

The documents come from bench_scoring.py's generator (same seed, same documents). They are written to files in a
temporary folder, in batches, and each batch is scored by the command line itself (``app.cli.run`` with
``score --json FILE...``), so the bytes hashed are exactly the lines the command prints: reading the file, the
exact-decimal JSON parse, validation, scoring, both plans, the JSON rendering. The SHA-256 over all printed lines
is the digest; run it on two checkouts (``--root``) with the same count and seed and compare.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--batch", type=int, default=1000, help="documents per `score --json` call")
    parser.add_argument("--root", type=Path, default=HERE.parents[1], help="the checkout whose app is scored")
    args = parser.parse_args()
    root = args.root.resolve()
    sys.path.insert(0, str(root))
    # Imports after the path is set (PLC0415): the app of the checkout under test, imported before bench_scoring
    # (whose own path insert then cannot win).
    import app  # noqa: PLC0415
    from app.cli import EXIT_OK, Context, run  # noqa: PLC0415
    from app.services.forms import FormRegistry  # noqa: PLC0415

    if not Path(app.__file__).resolve().is_relative_to(root):
        raise SystemExit(f"app imported from {app.__file__}, not from {root}")
    sys.path.insert(1, str(HERE))
    from bench_scoring import generate  # noqa: PLC0415 (the benchmark's own documents)

    registry = FormRegistry.from_dir(root / "forms")
    form = registry.get("miit-2024")
    rng = random.Random(args.seed)
    digest = hashlib.sha256()
    lines = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="digest-scoring-") as tmp:
        folder = Path(tmp)
        done = 0
        while done < args.count:
            names = []
            for i in range(min(args.batch, args.count - done)):
                path = folder / f"doc{i:05d}.json"
                path.write_text(json.dumps(generate(form, rng), ensure_ascii=False), encoding="utf-8")
                names.append(str(path))
            out, err = io.StringIO(), io.StringIO()
            ctx = Context(data_dir=folder, registry_factory=lambda: registry, stdout=out, stderr=err)
            code = run(["score", "--json", *names], ctx)
            if code != EXIT_OK:
                raise SystemExit(f"score --json failed ({code}): {err.getvalue()[:2000]}")
            text = out.getvalue()
            lines += text.count("\n")
            digest.update(text.encode("utf-8"))
            done += len(names)
    elapsed = time.perf_counter() - start
    print(f"checkout: {root}")
    print(f"documents: {args.count} (seed {args.seed}), lines printed: {lines}, {elapsed:.1f} s")
    print(f"sha256: {digest.hexdigest()}")


if __name__ == "__main__":
    main()
