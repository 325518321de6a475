"""The generated workspaces the benchmarks list and start on (bench_workspace.py, bench_gui_start.py).

Imported by those scripts (their folder is first on ``sys.path`` when they run); not part of the program.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from sqlalchemy import insert

from app.core.uscc import CHARSET, check_character
from app.services.forms import FormRegistry
from app.store.database import WorkspaceLocation, open_workspace
from app.store.models import AssessmentRow, EnterpriseRow


def uscc(n: int) -> str:
    """A valid USCC, a different one for every ``n`` (check character included)."""
    body = "91441900" + "".join(CHARSET[(n // 31**i) % 31] for i in range(9))
    return body + check_character(body)


def generate(
    location: WorkspaceLocation,
    registry: FormRegistry,
    enterprises: int,
    assessments: int,
    *,
    region: str = "",
    history: bool = False,
) -> None:
    """A workspace of ``enterprises`` and ``assessments`` rows, written through the real schema in one go.

    The assessments go round the enterprises, all drafts dated 2025-01-01; with ``history`` the first round is
    finalized baselines in January and the rest drafts of a later month (a consultant's before and after).
    """
    form = registry.get("miit-2024")
    engine = open_workspace(location, auto_backup=False)
    now = datetime.now(UTC)
    rng = random.Random(2)
    with engine.begin() as conn:
        conn.execute(
            insert(EnterpriseRow),
            [
                {"id": i, "name": f"示例企业{i:05d}有限公司", "uscc": uscc(i), "industry_section": "C",
                 "industry_division": "34", "created_at": now, "updated_at": now, "region": region}
                for i in range(1, enterprises + 1)
            ],
        )  # fmt: skip
        conn.execute(
            insert(AssessmentRow),
            [
                {"enterprise_id": (i % enterprises) + 1, "form_id": form.id, "form_revision": form.revision,
                 "form_hash": form.content_hash, "kind": "baseline" if i < enterprises else "after",
                 "status": "finalized" if history and i < enterprises else "draft",
                 "assessed_on": date(2025, 1 + i // enterprises, 1) if history else date(2025, 1, 1),
                 "created_at": now, "updated_at": now, "total_score": rng.randint(0, 100000) / 1000,
                 "level": rng.randint(0, 4), "complete": True}
                for i in range(assessments)
            ],
        )  # fmt: skip
    engine.dispose()
