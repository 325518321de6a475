"""Benchmark: score 100,000 generated answer documents and print the throughput.

Run: .venv/bin/python build_scripts/bench/bench_scoring.py [--count N] [--seed S]
Documents are generated as JSON-shaped dicts first (not timed), then validated and scored (timed), so the
figure covers what `score` does per document after reading it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.core.answers import parse_answers  # noqa: E402
from app.core.form import Form  # noqa: E402
from app.core.scoring import score  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402


def generate(form: Form, rng: random.Random) -> dict[str, object]:
    answers: dict[str, object] = {}
    for q in form.questions:
        if rng.random() < 0.05:
            continue
        if q.type == "single":
            answers[q.id] = rng.choice(q.options).id
        else:
            ids = [o.id for o in q.options if not o.exclusive]
            picked = [i for i in ids if rng.random() < 0.4]
            answers[q.id] = picked or [q.options[0].id]
    scenes = {s.id: rng.randint(0, 4) for s in form.scenes if rng.random() > 0.05}
    return {"form": form.id, "answers": answers, "scenes": scenes}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    form = FormRegistry.from_dir(ROOT / "forms").get("miit-2024")
    rng = random.Random(args.seed)
    docs = [generate(form, rng) for _ in range(args.count)]
    levels = [0] * 5
    start = time.perf_counter()
    for doc in docs:
        result = score(form, parse_answers(doc, form))
        levels[result.level] += 1
    elapsed = time.perf_counter() - start
    print(f"documents scored: {args.count}")
    print(f"elapsed: {elapsed:.2f} s")
    print(f"throughput: {args.count / elapsed:,.0f} documents/s ({elapsed / args.count * 1e6:.0f} µs each)")
    print(f"levels 0-4: {levels}")


if __name__ == "__main__":
    main()
