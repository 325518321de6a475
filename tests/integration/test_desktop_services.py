"""The GUI's DesktopServices as the composition root builds them: real PDF, real Ed25519 package, real verify."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.core.answers import parse_json_text
from app.core.records import Assessor
from app.main import DesktopAdapters, build_workspace
from app.services.desktop import DesktopServices
from app.services.forms import FormRegistry
from app.services.submission import PackageRejectedError, SigningKeyError
from app.services.workspace import EnterpriseInput
from app.store.location import WorkspaceLocation
from tests.conftest import FORMS_DIR, ROOT, SAMPLES_DIR

USCC = "91350100M000100Y43"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@pytest.mark.usefixtures("no_os_key_store")
def test_export_verify_import_through_the_protocol(
    tmp_path: Path,
    registry: FormRegistry,
    backend: str,
    request: pytest.FixtureRequest,
) -> None:
    # The sender's workspace is a SQLite file, or a team's PostgreSQL server; the receiver's import goes to the same.
    sender_url = receiver_url = None
    if backend == "postgresql":
        sender_url, cluster = request.getfixturevalue("pg_url"), request.getfixturevalue("pg_cluster")
        receiver_url = cluster.create_database()
        request.addfinalizer(lambda: cluster.drop_database(receiver_url))
    sender = build_workspace(WorkspaceLocation(tmp_path / "sender", sender_url), registry, "tester")
    receiver = build_workspace(WorkspaceLocation(tmp_path / "receiver", receiver_url), registry, "tester")
    try:
        sender.add_enterprise(EnterpriseInput(name="东莞市示例精密制造有限公司", uscc=USCC, contact_name="李经理"))
        sample = parse_json_text((SAMPLES_DIR / "sample-complete.json").read_bytes())
        aid = sender.new_assessment(USCC, answers_document=sample, assessor=Assessor("张工")).id
        sender.finalize(aid)
        services: DesktopServices = DesktopAdapters(sender, registry)

        report = services.export_pdf(aid, tmp_path / "report.pdf")
        assert report.path.read_bytes().startswith(b"%PDF")
        assert report.font == services.pdf_font()

        with pytest.raises(SigningKeyError):  # what makes the window offer a key file
            services.export_package(aid, tmp_path / "a.sdap")
        key = tmp_path / "key.pem"
        with pytest.raises(SigningKeyError, match="no such key file"):  # a mistyped path creates nothing
            services.export_package(aid, tmp_path / "a.sdap", key_file=key, passphrase="correct horse")
        assert not key.exists()
        services.create_key_file(key, "correct horse")
        package = services.export_package(aid, tmp_path / "a.sdap", key_file=key, passphrase="correct horse")
        assert package.path == tmp_path / "a.sdap" and package.fingerprint.startswith("SHA256:")

        verified = services.verify_package(package.path)
        assert verified.ok and verified.problems == ()
        assert verified.report["failures"] == []
        tampered = tmp_path / "tampered.sdap"
        data = bytearray(package.path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        tampered.write_bytes(bytes(data))
        refused = services.verify_package(tampered)
        assert not refused.ok and refused.problems and all(p.startswith(("fail: ", "warn: ")) for p in refused.problems)

        later = services.export_pdf(aid, tmp_path / "later.pdf")
        text = "".join(page.extract_text() for page in PdfReader(later.path).pages)
        compact = "".join(text.split())
        assert package.fingerprint.removeprefix("SHA256:")[:16] in compact  # the report names its package

        with pytest.raises(PackageRejectedError, match="not trusted"):
            DesktopAdapters(receiver, registry).import_package(package.path)
        imported = DesktopAdapters(receiver, registry).import_package(package.path, accept_unknown=True)
        assert (imported.status, imported.new_enterprise, imported.origin_verified) == ("imported", True, False)
        assert DesktopAdapters(receiver, registry).unverified_imports() == {imported.assessment_id}
        assert receiver.assessment(imported.assessment_id).form_hash == sender.assessment(aid).form_hash
    finally:
        sender.close()
        receiver.close()


def test_building_the_services_loads_no_adapter(tmp_path: Path) -> None:
    """The GUI gets its services before the first window: ReportLab and cryptography must wait for first use."""
    code = (
        "import sys; from pathlib import Path; from app.main import DesktopAdapters, build_workspace;"
        "from app.services.forms import FormRegistry; from app.store.location import WorkspaceLocation;"
        f"registry = FormRegistry.from_dir(Path({str(FORMS_DIR)!r}));"
        f"ws = build_workspace(WorkspaceLocation(Path({str(tmp_path)!r})), registry, 't');"
        "DesktopAdapters(ws, registry); ws.close();"
        "heavy = ('reportlab', 'cryptography', 'keyring', 'app.wiring', 'app.cli');"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
