"""Benchmark: validate and score generated answer documents; print the throughput beside a baseline, same run.

Run: .venv/bin/python build_scripts/bench/bench_scoring.py [--count N] [--seed S] [--rounds R]

Documents are generated first (not timed), written as JSON text and parsed with exact decimals as `score`
reads them (not timed). Then, in R interleaved rounds (the best round of each is kept), timed as this process's
CPU time (user + system), so that load from other processes on the shared machine counts as little as possible:

- the project figure: ``score_document`` per document, what the `score` command computes for each file after
  reading it (the form lookup, validation, points, levels, both plans, the consistency checks);
- the same plus the JSON parse before and the rendering that `score --json` prints after (``to_json`` and
  ``json.dumps``), for reference;
- the baseline: the bare ``json.loads`` of the same documents' text and a walk over every answer and scene.

The ratio is project time / baseline time per document: how many bare parse-and-walks one scoring costs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import app.core.scoring as score_module  # noqa: E402
from app.core.answers import parse_json_text  # noqa: E402
from app.core.form import Form  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.services.scoring import score_document  # noqa: E402


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


def walk(text: str) -> int:
    """The baseline per document: parse the JSON text and touch every answer and scene value."""
    doc = json.loads(text)
    n = 0
    for value in doc["answers"].values():
        n += len(value) if isinstance(value, list) else 1
    for level in doc["scenes"].values():
        n += level
    return n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    registry = FormRegistry.from_dir(ROOT / "forms")
    form = registry.get("miit-2024")
    rng = random.Random(args.seed)
    texts = [json.dumps(generate(form, rng), ensure_ascii=False) for _ in range(args.count)]
    docs = [parse_json_text(t) for t in texts]

    levels = [0] * 5

    def project() -> None:
        for doc in docs:
            levels[score_document(registry, doc).result.level] += 1

    def with_json() -> None:
        for text in texts:
            result = score_document(registry, parse_json_text(text)).result
            json.dumps(result.to_json(), ensure_ascii=False)

    def baseline() -> None:
        for text in texts:
            walk(text)

    times: dict[str, list[float]] = {"project": [], "with_json": [], "baseline": []}
    for _ in range(args.rounds):
        for name, run in (("project", project), ("with_json", with_json), ("baseline", baseline)):
            start = time.process_time()
            run()
            times[name].append(time.process_time() - start)
    best = {name: min(values) for name, values in times.items()}
    n = args.count

    def line(label: str, seconds: float) -> str:
        return f"{label}: {n / seconds:>10,.0f} documents/s ({seconds / n * 1e6:7.1f} µs each, {seconds:.2f} s CPU)"

    compiled = not str(score_module.__file__).endswith(".py")
    core = "compiled (build_scripts/compile_core.py)" if compiled else "pure Python"
    print(f"documents: {n} (seed {args.seed}), best of {args.rounds} rounds, CPU time; scoring core: {core}")
    print(line("project  validate + score + both plans (score_document)", best["project"]))
    print(line("         the same + JSON parse + score --json output  ", best["with_json"]))
    print(line("baseline json.loads + walk of answers and scenes      ", best["baseline"]))
    print(
        f"ratio project / baseline: {best['project'] / best['baseline']:.1f}x"
        f" (with JSON in and out: {best['with_json'] / best['baseline']:.1f}x)"
    )
    print(line("project, first round (caches cold)                    ", times["project"][0]))
    print(f"levels 0-4 (all rounds): {levels}")


if __name__ == "__main__":
    main()
