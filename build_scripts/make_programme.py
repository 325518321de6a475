"""Generate a city programme: N enterprises' signed submission packages (.sdap) in a folder, plus their projects.

    python build_scripts/make_programme.py OUT_DIR --enterprises 200 [--seed S]
    python build_scripts/make_programme.py --load-programme OUT_DIR/programme.json --data-dir WORKSPACE

The first form writes, into OUT_DIR:
- ``packages/<USCC>-<kind>.sdap``: each enterprise's finalized baseline (改造前) and, for most, its after (改造后)
  assessment, exported through the application's own export path (SubmissionService.export_package and the
  package writer, real Ed25519 signatures) from a throw-away workspace. The PDF inside is by default a one-page
  summary bound to the assessment like the real report (its /Keywords binding token), because the full report takes
  one to two seconds a package; ``--full-reports`` puts the application's full report in instead. The
  enterprises are a mix of 规上/规下 in the sub-sectors the bundled policies' targets name, each answering to one
  traction unit; levels vary from 零级 to 四级.
- ``keys/<unit>.pub.pem``: the public key of each traction unit's laptop that signed its enterprises' packages (trust
  them on import, one ``--trust`` per key: ``import OUT_DIR/packages --trust OUT_DIR/keys/unit1.pub.pem --trust …``).
- ``programme.json``: the programme's register: each enterprise's 一企一档 fields (规上/规下, size, industry, region,
  pilot sub-sector, traction unit, contact) and its transformation projects with their spending. Neither is part
  of a package (a package carries the enterprise's name and USCC and its signed assessment; the register and the
  projects are the programme's records), so a second step brings them into a workspace after the import:
  ``--load-programme OUT_DIR/programme.json --data-dir WORKSPACE`` (through the workspace and projects services,
  audited like any edit).

The same seed gives the same enterprises, answers and projects (signatures differ: new keys each run).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from app import paths  # noqa: E402
from app.core.form import Form  # noqa: E402
from app.core.records import AssessmentKind, Assessor  # noqa: E402
from app.core.reportbinding import binding_token  # noqa: E402
from app.core.uscc import check_character  # noqa: E402
from app.main import build_workspace, project_service  # noqa: E402
from app.package.keys import Signer, fingerprint, public_bytes, public_key_pem  # noqa: E402
from app.package.writer import package_record  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.services.policies import load_policies  # noqa: E402
from app.services.submission import SubmissionService  # noqa: E402
from app.services.workspace import EnterpriseInput  # noqa: E402
from app.store.database import WorkspaceLocation  # noqa: E402
from app.wiring import package_reader, package_writer, render_comparison, render_pdf  # noqa: E402

UNITS = ("厦门数智转型服务有限公司", "东莞智造赋能科技有限公司", "广州工业互联网促进中心", "闽粤数字化咨询有限公司")
REGIONS = {"厦门": "350200", "东莞": "441900", "广州": "440100"}
WORDS = ("精密", "智能", "华信", "宏达", "恒通", "中科", "新源", "联创", "博远", "鑫盛", "海沧", "松山湖", "南沙")
KINDS = ("电子", "电气", "医疗器械", "汽车部件", "机器人", "化妆品", "家居", "通信", "机械")
DIVISION = {"电子器件制造": "39", "输配电及控制设备制造": "38", "医疗仪器设备及耗材制造": "35",
            "智能移动终端": "39", "智能网联与新能源汽车": "36", "工业母机和机器人": "34", "时尚美妆": "26",
            "定制家居服装箱包": "21"}  # fmt: skip


def subsectors() -> list[str]:
    out: list[str] = []
    for policy in load_policies():
        for target in policy.targets:
            out.extend(s for s in target.subsectors if s not in out)
    return out


def uscc_for(index: int) -> str:
    body = f"91350200MA{index:07d}"[:17]
    return body + check_character(body)


def answers_for(form: Form, maturity: float, rng: random.Random) -> dict[str, Any]:
    """A complete answer document whose level follows ``maturity`` (0..1) with some noise."""
    answers: dict[str, Any] = {}
    for q in form.questions:
        opts = sorted(q.options, key=lambda o: o.points)
        m = min(1.0, max(0.0, maturity + rng.uniform(-0.2, 0.2)))
        if q.type == "single":
            answers[q.id] = opts[round(m * (len(opts) - 1))].id
        else:
            plain = [o for o in q.options if not o.exclusive]
            k = round(m * len(plain))
            if k == 0:
                none = [o for o in q.options if o.exclusive]
                answers[q.id] = [none[0].id] if none else [plain[0].id]
            else:
                answers[q.id] = sorted((o.id for o in rng.sample(plain, k)), key=[o.id for o in q.options].index)
    scenes = {s.id: max(0, min(4, round(maturity * 4 + rng.uniform(-1.2, 1.0)))) for s in form.scenes}
    return {"form": form.id, "form_revision": form.revision, "answers": answers, "scenes": scenes}


class MemoryKey:
    """A traction unit laptop's signing key, held in memory for the run (a key file would be decrypted per export)."""

    def __init__(self) -> None:
        self.key = Ed25519PrivateKey.generate()

    def signer(self, role: Any, name: str) -> Signer:
        return Signer(role, name, self.key)

    def fingerprint(self) -> str:
        return fingerprint(public_bytes(self.key.public_key()))

    def public_pem(self) -> bytes:
        return public_key_pem(public_bytes(self.key.public_key()))


def summary_pdf(form: Form, record: Any, answers: Any, result: Any, **_: Any) -> bytes:
    """A one-page report bound to the assessment's content (the same binding token the full report carries)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    digest = package_record(record).content_digest()
    pdf.setKeywords(binding_token(digest, result.level, result.total_score))
    pdf.setTitle(f"{record.enterprise.uscc} {record.assessment.kind.value}")
    lines = (f"Generated programme package (summary report): {record.enterprise.uscc}",
             f"assessment {record.assessment.kind.value}, level {result.level}, {result.total_score} points",
             f"content digest {digest}")  # fmt: skip
    for n, line in enumerate(lines):
        pdf.drawString(40, 800 - 16 * n, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def submission(ws: Any, registry: FormRegistry, key: MemoryKey, full_reports: bool) -> SubmissionService:
    return SubmissionService(ws.repo, ws.evidence_store, registry, ws.actor,
                             render_pdf=render_pdf if full_reports else summary_pdf,
                             render_comparison=render_comparison,
                             write_package=package_writer(key, None, registry),  # type: ignore[arg-type]
                             read_package=package_reader(registry), signer_fingerprint=key.fingerprint)  # fmt: skip


def generate(out: Path, count: int, seed: int, full_reports: bool = False) -> dict[str, int]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "packages").mkdir(exist_ok=True)
    (out / "keys").mkdir(exist_ok=True)
    registry = FormRegistry.load(paths.forms_dir(), None)
    form = registry.get("miit-2024")
    sectors = subsectors()
    stats = {"enterprises": 0, "packages": 0, "projects": 0}
    projects: list[dict[str, Any]] = []
    register: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="programme-") as tmp:
        ws = build_workspace(WorkspaceLocation(Path(tmp) / "data"), registry, "programme-generator")
        services = {}
        for n, unit in enumerate(UNITS):
            key = MemoryKey()
            (out / "keys" / f"unit{n}.pub.pem").write_bytes(key.public_pem())
            services[unit] = submission(ws, registry, key, full_reports)
        try:
            for i in range(count):
                sector = sectors[i % len(sectors)]
                unit = UNITS[rng.randrange(len(UNITS))]
                city = rng.choice(sorted(REGIONS))
                above = rng.random() < 0.6
                uscc = uscc_for(i + 1)
                name = f"{city}{rng.choice(WORDS)}{rng.choice(KINDS)}{i + 1:04d}有限公司"
                fields = {
                    "name": name, "uscc": uscc, "industry": f"C{DIVISION.get(sector, '39')}", "region": REGIONS[city],
                    "size": "medium" if above else rng.choice(("small", "micro")), "above_scale": above,
                    "contact_name": f"联系人{i + 1}", "contact_phone": f"0592-{5000000 + i}",
                    "pilot_subsector": sector, "traction_unit": unit,
                }  # fmt: skip
                register.append(fields)
                e = ws.add_enterprise(EnterpriseInput(**fields))
                stats["enterprises"] += 1
                maturity = rng.betavariate(2.0, 2.6)
                assessor = Assessor(name=f"评估师{rng.randrange(1, 9)}", organisation=unit, role="评估师")
                day = date(2024, 3, 1) + timedelta(days=rng.randrange(120))
                kinds = [(AssessmentKind.BASELINE, maturity, day)]
                if rng.random() < 0.75:
                    kinds.append((AssessmentKind.AFTER, min(1.0, maturity + rng.uniform(0.05, 0.45)),
                                  day + timedelta(days=180 + rng.randrange(90))))  # fmt: skip
                ids = {}
                for kind, m, on in kinds:
                    a = ws.new_assessment(e.id, kind, answers_for(form, m, rng), assessor, on_site=True,
                                          assessed_on=on)  # fmt: skip
                    ws.finalize(a.id)
                    ids[kind] = a.id
                    services[unit].export_package(a.id, out / "packages" / f"{uscc}-{kind.value}.sdap")
                    stats["packages"] += 1
                if AssessmentKind.AFTER in ids and rng.random() < 0.85:
                    amount = rng.randrange(20, 200) * 10_000
                    parts = [amount * rng.randrange(40, 70) // 100]
                    parts.append(amount * rng.randrange(80, 101) // 100 - parts[0])
                    projects.append({
                        "uscc": uscc, "contract_no": f"HT-2024-{i + 1:04d}", "provider": unit,
                        "contract_amount": amount, "down_payment": amount * 3 // 10,
                        "signed_on": (day + timedelta(days=20)).isoformat(),
                        "spending": [{"amount": parts[0], "category": "hardware"},
                                     {"amount": parts[1], "category": rng.choice(("software", "service"))}],
                    })  # fmt: skip
                    stats["projects"] += 1
        finally:
            ws.close()
    document = {"format": "sme-programme/1", "enterprises": register, "projects": projects}
    (out / "programme.json").write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return stats


def load_programme(programme_file: Path, data_dir: Path) -> tuple[int, int]:
    """Bring the register's fields and the projects with their spending into a workspace that imported the packages."""
    registry = FormRegistry.load(paths.forms_dir(), None)
    ws = build_workspace(WorkspaceLocation(data_dir), registry, "programme-generator")
    try:
        service = project_service(ws)
        document = json.loads(programme_file.read_text(encoding="utf-8"))
        known = {e.enterprise.uscc for e in ws.list_enterprises(include_archived=True)}
        missing = [f["uscc"] for f in document["enterprises"] if f["uscc"] not in known]
        if missing:
            raise SystemExit(
                f"{programme_file}: {len(missing)} of the register's enterprises are not in {data_dir} "
                f"(first: {missing[0]}); import the programme's packages first"
            )
        for fields in document["enterprises"]:
            ws.update_enterprise(ws.enterprise(fields["uscc"]).id, EnterpriseInput(**fields))
        for p in document["projects"]:
            project = service.add(p["uscc"], contract_no=p["contract_no"], provider=p["provider"],
                                  contract_amount=p["contract_amount"], signed=p["signed_on"],
                                  down_payment=p["down_payment"])  # fmt: skip
            for s in p["spending"]:
                service.spend(project.id, amount=s["amount"], category=s["category"])
        return len(document["enterprises"]), len(document["projects"])
    finally:
        ws.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?", type=Path, metavar="OUT_DIR")
    parser.add_argument("--enterprises", type=int, default=200)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--full-reports", action="store_true", help="the full PDF report in each package (slow)")
    parser.add_argument("--load-programme", type=Path, metavar="PROGRAMME.json")
    parser.add_argument("--data-dir", type=Path, metavar="WORKSPACE")
    args = parser.parse_args(argv)
    if args.load_programme:
        if args.data_dir is None:
            parser.error("--load-programme needs --data-dir")
        enterprises, projects = load_programme(args.load_programme, args.data_dir)
        print(f"{enterprises} enterprises updated, {projects} projects added")
        return 0
    if args.out is None:
        parser.error("OUT_DIR is required")
    stats = generate(args.out, args.enterprises, args.seed, args.full_reports)
    print(f"{stats['enterprises']} enterprises, {stats['packages']} packages, {stats['projects']} projects "
          f"in {args.out}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
