"""Benchmark: verify 1,000 signed packages and print the throughput beside raw SHA-256 over the same bytes.

Run: .venv/bin/python build_scripts/bench/bench_verify.py [--count N] [--evidence-kb K] [--seed S]
Packages (generated answers, two small evidence files each) are written to a temporary folder first (not
timed). Then, in the same run: full verification of every file (read, archive checks, digests, Ed25519,
answer validation, score recomputation), and plain SHA-256 of the same files' bytes, read the same way.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from app.core.answers import parse_answers  # noqa: E402
from app.core.form import Form  # noqa: E402
from app.core.records import (  # noqa: E402
    Assessment,
    AssessmentKind,
    AssessmentRecord,
    AssessmentStatus,
    Assessor,
    Enterprise,
    Evidence,
)
from app.core.reportbinding import binding_token  # noqa: E402
from app.core.scoring import score  # noqa: E402
from app.package import Commitment, Signer, SignerRole, export_package, verify_package  # noqa: E402
from app.package.writer import package_record  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402

PDF = b"%PDF-1.4\n" + b"% benchmark report placeholder\n" * 200 + b"%%EOF\n"
MOMENT = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)


def generate(form: Form, rng: random.Random) -> dict[str, object]:
    answers: dict[str, object] = {}
    for q in form.questions:
        if q.type == "single":
            answers[q.id] = rng.choice(q.options).id
        else:
            ids = [o.id for o in q.options if not o.exclusive]
            answers[q.id] = [i for i in ids if rng.random() < 0.4] or [q.options[0].id]
    scenes = {s.id: rng.randint(0, 4) for s in form.scenes}
    return {"form": form.id, "answers": answers, "scenes": scenes}


def make_packages(form: Form, folder: Path, count: int, evidence_kb: int, rng: random.Random) -> list[Path]:
    signer = Signer(SignerRole.ENTERPRISE, "benchmark", Ed25519PrivateKey.generate())
    commitment = Commitment("本企业承诺所填报信息真实、准确、完整。", "benchmark", "总经理", MOMENT)
    paths = []
    for n in range(1, count + 1):
        answers = parse_answers(generate(form, rng), form)
        evidence, files = [], {}
        for k in range(2):
            data = rng.randbytes(evidence_kb * 1024)
            digest = hashlib.sha256(data).hexdigest()
            source = folder / f"ev-{n}-{k}.bin"
            source.write_bytes(data)
            files[digest] = source
            evidence.append(Evidence(k + 1, n, "Q5" if k == 0 else "S06", f"证据{k}.bin", digest, len(data)))
        assessment = Assessment(
            id=n,
            enterprise_id=n,
            form_id=form.id,
            form_revision=form.revision,
            form_hash=form.content_hash,
            kind=AssessmentKind.SELF,
            status=AssessmentStatus.FINALIZED,
            assessor=Assessor("评估员", "牵引单位", "顾问"),
            assessed_on=date(2024, 5, 30),
        )
        record = AssessmentRecord(Enterprise(n, f"企业{n}", "91350100M000100Y43"), assessment, answers, tuple(evidence))
        out = folder / f"p{n:05d}.sdap"
        result = score(form, answers)
        export_package(
            out,
            form=form,
            record=replace(record),
            result=result,
            report_pdf=PDF
            + binding_token(package_record(record).content_digest(), result.level, result.total_score).encode(),
            evidence_files=files,
            commitment=commitment,
            signers=[signer],
            app_version="bench",
            created_at=MOMENT,
        )
        paths.append(out)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000)
    parser.add_argument("--evidence-kb", type=int, default=4, help="size of each of the two evidence files")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    registry = FormRegistry.from_dir(ROOT / "forms")
    form = registry.get("miit-2024")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        paths = make_packages(form, folder, args.count, args.evidence_kb, rng)
        built = time.perf_counter() - start
        total_bytes = sum(p.stat().st_size for p in paths)

        # Warm the file cache and the interpreter once, then time each pass over the same files.
        for p in paths:
            p.read_bytes()
        start = time.perf_counter()
        failures = sum(0 if verify_package(p, registry).ok else 1 for p in paths)
        verify_time = time.perf_counter() - start

        start = time.perf_counter()
        for p in paths:
            hashlib.sha256(p.read_bytes()).digest()
        hash_time = time.perf_counter() - start

        blobs = [p.read_bytes() for p in paths]
        start = time.perf_counter()
        for blob in blobs:
            hashlib.sha256(blob).digest()
        hash_mem_time = time.perf_counter() - start

    mb = total_bytes / 1e6
    n = len(paths)
    print(f"packages: {n} ({mb:.2f} MB, {total_bytes / n / 1024:.1f} KiB each; built in {built:.2f} s)")
    print(f"failed verification: {failures}")
    print(
        f"verify_package:           {n / verify_time:10.1f} packages/s {mb / verify_time:10.2f} MB/s"
        f"   ({verify_time / n * 1000:.3f} ms each)"
    )
    print(f"SHA-256, read from disk:  {n / hash_time:10.1f} packages/s {mb / hash_time:10.2f} MB/s")
    print(f"SHA-256, bytes in memory: {n / hash_mem_time:10.1f} packages/s {mb / hash_mem_time:10.2f} MB/s")
    print(f"verification costs {verify_time / hash_time:.0f}x the raw SHA-256 of the same bytes read from disk")


if __name__ == "__main__":
    main()
