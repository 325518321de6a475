"""Benchmark: verify signed packages and print the time per package beside its bound, from the same run.

Run: .venv/bin/python build_scripts/bench/bench_verify.py [--count N] [--rounds R] [--evidence-kb K] [--seed S]
Packages (generated answers, two small evidence files each) are written to a temporary folder first (not
timed). Then, in R interleaved rounds over the same files (the best round of each is kept), timed as this
process's CPU time (user + system), so that load from other processes on a shared machine counts as little as
possible:

- the project: ``verify_package`` of every file (read, archive checks, digests, Ed25519, answer validation,
  score recomputation), and of the same packages' bytes already in memory;
- the bound: what no verifier can skip — read the file, SHA-256 over all of its bytes, and one Ed25519
  verification (``cryptography``) of the package's own signature over its own manifest bytes; in memory the
  same without the read.

The ratio is bound / project: 100 % would mean verification costs no more than hashing and one signature check.

``--breakdown`` then prints where the time of one verification goes: each check in the documented order (CPU
time per package, from bytes in memory, best of the rounds), the report (the package's SHA-256), and, measured
apart on the same inputs, the score recomputation (app/core) inside the score check and the bound's two parts.

``--floor`` prints, from the same bytes in memory, the floor of a verifier written in Python: only the calls into
compiled code that it cannot skip, with every Python step between them left out (the archive's directory, field
checks, comparisons, messages): the package's SHA-256 and the Ed25519 verification (the bound), the CRC-32 and
SHA-256 of every member but a remembered form (compared with the remembered bytes instead), one strict reading of
each JSON member (orjson's parse, and its text of the value compared with the member, as the verifier's fast path
reads them), the answers' validation and the score recomputation (app/core), and the canonical JSON (orjson) and
SHA-256 of the content digest. bound/floor is then the most a Python verifier of this
format could reach, and floor/project how much of its time verify_package spends on that floor.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import random
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey  # noqa: E402

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
from app.package import verify as verifying  # noqa: E402
from app.package.format import FORM  # noqa: E402
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


def _signature_of(path: Path) -> tuple[bytes, bytes, bytes]:
    """Return the manifest bytes, the raw public key and the signature of a package (not timed)."""
    with zipfile.ZipFile(path) as zf:
        manifest = zf.read("manifest.json")
        record = json.loads(zf.read("signatures/1.json"))
    return manifest, base64.b64decode(record["public_key"]), base64.b64decode(record["signature"])


def _bound_from_disk(paths: list[Path], sigs: list[tuple[bytes, bytes, bytes]]) -> float:
    start = time.process_time()
    for p, (manifest, key, signature) in zip(paths, sigs, strict=True):
        hashlib.sha256(p.read_bytes()).digest()
        Ed25519PublicKey.from_public_bytes(key).verify(signature, manifest)
    return time.process_time() - start


def _bound_in_memory(blobs: list[bytes], sigs: list[tuple[bytes, bytes, bytes]]) -> float:
    start = time.process_time()
    for blob, (manifest, key, signature) in zip(blobs, sigs, strict=True):
        hashlib.sha256(blob).digest()
        Ed25519PublicKey.from_public_bytes(key).verify(signature, manifest)
    return time.process_time() - start


def _verify_all(packages: list[Path] | list[bytes], registry: FormRegistry) -> tuple[float, int]:
    start = time.process_time()
    failures = sum(0 if verify_package(p, registry).ok else 1 for p in packages)
    return time.process_time() - start, failures


def _breakdown(blobs: list[bytes], registry: FormRegistry, sigs: list[tuple[bytes, bytes, bytes]], rounds: int) -> None:
    """Print the CPU time per package of each verification step, best of ``rounds`` passes over ``blobs``."""
    names = [step.__name__.removeprefix("_") for step in verifying._STEPS]
    best = dict.fromkeys([*names, "report", "score (app/core)", "SHA-256 of the package", "Ed25519 verify"], 1e9)
    clock = time.process_time
    start = clock()
    for _ in range(10_000):
        clock()
    empty = (clock() - start) / 10_000  # what reading the clock costs, taken off each step's time
    for _ in range(rounds):
        spent = dict.fromkeys(best, 0.0)
        for blob, (manifest, key, signature) in zip(blobs, sigs, strict=True):
            st = verifying._State("<memory>", blob, registry, frozenset(), ("enterprise",), verifying.DEFAULT_LIMITS)
            for name, step in zip(names, verifying._STEPS, strict=True):
                start = clock()
                step(st)  # a valid package: no step stops the run
                spent[name] += clock() - start
            start = clock()
            verifying._report(st)
            spent["report"] += clock() - start
            assert st.form is not None and st.answers is not None
            start = clock()
            score(st.form, st.answers)
            spent["score (app/core)"] += clock() - start
            start = clock()
            hashlib.sha256(blob).digest()
            spent["SHA-256 of the package"] += clock() - start
            start = clock()
            Ed25519PublicKey.from_public_bytes(key).verify(signature, manifest)
            spent["Ed25519 verify"] += clock() - start
        best = {k: min(v, spent[k]) for k, v in best.items()}
    each = {k: max(0.0, v / len(blobs) - empty) * 1e6 for k, v in best.items()}
    steps = sum(each[k] for k in [*names, "report"])
    print(f"breakdown from memory, best of {rounds} rounds, microseconds (CPU) per package:")
    for k in [*names, "report"]:
        print(f"  {k:28} {each[k]:7.1f}")
    print(f"  {'sum of the steps':28} {steps:7.1f}")
    for k in ("score (app/core)", "SHA-256 of the package", "Ed25519 verify"):
        print(f"  {k + ' (apart)':28} {each[k]:7.1f}")


Floor = tuple[bytes, int, bytes, list[bytes], dict[str, bytes], Form, dict[str, object]]


def _floor_inputs(blob: bytes, registry: FormRegistry) -> Floor:
    """What the floor's calls work on, taken from a full verification of ``blob`` (not timed)."""
    st = verifying._State("<memory>", blob, registry, frozenset(), ("enterprise",), verifying.DEFAULT_LIMITS)
    verifying._run(st)
    assert st.form is not None and st.record is not None
    form_bytes = st.members[FORM]
    others = [data for name, data in st.members.items() if name != FORM]
    texts = {name: data for name, data in st.members.items() if name.endswith(".json") and name != FORM}
    return blob, blob.find(form_bytes), bytes(form_bytes), others, texts, st.form, st.record.content()


def _floor(inputs: list[Floor], sigs: list[tuple[bytes, bytes, bytes]]) -> float:
    """CPU time of the calls into compiled code that a Python verifier cannot skip (see the module's docstring)."""
    sha256, crc32 = hashlib.sha256, zlib.crc32
    loads, dumps, indent = orjson.loads, orjson.dumps, orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    start = time.process_time()
    for (blob, at, form_bytes, others, texts, form, content), (manifest, key, signature) in zip(
        inputs, sigs, strict=True
    ):
        sha256(blob).digest()
        Ed25519PublicKey.from_public_bytes(key).verify(signature, manifest)
        blob.startswith(form_bytes, at)  # the remembered form: compared, not hashed
        for data in others:
            crc32(data)
            sha256(data).digest()
        for name, data in texts.items():
            value = loads(data)
            if dumps(value, option=indent) != data:  # the strict reading: nothing but the normal text
                raise AssertionError(f"{name} is not in normal form")
            if name == "answers.json":
                score(form, parse_answers(value, form))
        sha256(dumps(content, option=orjson.OPT_SORT_KEYS)).digest()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved timing rounds; the best of each is kept")
    parser.add_argument("--evidence-kb", type=int, default=4, help="size of each of the two evidence files")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--breakdown", action="store_true", help="also print the time of each verification step")
    parser.add_argument("--floor", action="store_true", help="also print the floor of a verifier written in Python")
    args = parser.parse_args()
    registry = FormRegistry.from_dir(ROOT / "forms")
    form = registry.get("miit-2024")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as tmp:
        folder = Path(tmp)
        start = time.process_time()
        paths = make_packages(form, folder, args.count, args.evidence_kb, rng)
        built = time.process_time() - start
        total_bytes = sum(p.stat().st_size for p in paths)
        sigs = [_signature_of(p) for p in paths]
        blobs = [p.read_bytes() for p in paths]  # also warms the file cache
        _verify_all(blobs[:50], registry)  # warm the interpreter and the form registry

        best = {"disk": float("inf"), "memory": float("inf"), "bound-disk": float("inf"), "bound-memory": float("inf")}
        failures = 0
        for _ in range(args.rounds):
            elapsed, failed = _verify_all(paths, registry)
            best["disk"] = min(best["disk"], elapsed)
            failures += failed
            elapsed, failed = _verify_all(blobs, registry)
            best["memory"] = min(best["memory"], elapsed)
            failures += failed
            best["bound-disk"] = min(best["bound-disk"], _bound_from_disk(paths, sigs))
            best["bound-memory"] = min(best["bound-memory"], _bound_in_memory(blobs, sigs))
        if args.breakdown:
            _breakdown(blobs, registry, sigs, args.rounds)
        if args.floor:
            inputs = [_floor_inputs(blob, registry) for blob in blobs]
            best["floor"] = min(_floor(inputs, sigs) for _ in range(args.rounds))

    n = len(paths)
    each = {key: value / n * 1000 for key, value in best.items()}
    print(f"packages: {n} ({total_bytes / 1e6:.2f} MB, {total_bytes / n / 1024:.1f} KiB each; built in {built:.2f} s)")
    print(f"failed verifications: {failures} (must be 0)")
    print(f"best of {args.rounds} rounds, ms per package:")
    for where in ("disk", "memory"):
        project, bound = each[where], each[f"bound-{where}"]
        print(
            f"  from {where + ':':8} verify_package {project:7.3f} ms   bound (read + SHA-256 + 1 Ed25519) "
            f"{bound:7.3f} ms   bound/project {bound / project * 100:5.1f} %"
        )
    if args.floor:
        floor, project, bound = each["floor"], each["memory"], each["bound-memory"]
        print(
            f"  floor of a Python verifier (calls into compiled code only, from memory) {floor:7.3f} ms:   "
            f"bound/floor {bound / floor * 100:5.1f} % (the most a Python verifier could reach);   "
            f"floor/project {floor / project * 100:5.1f} %"
        )


if __name__ == "__main__":
    main()
