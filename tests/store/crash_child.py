"""Child process for the crash-safety test: saves answers forever, printing each one after its save returns."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from app.main import build_workspace
from app.services.forms import FormRegistry
from app.store.database import WorkspaceLocation


def main() -> None:
    data_dir, assessment_id, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    registry = FormRegistry.from_dir(Path(__file__).resolve().parents[2] / "forms")
    ws = build_workspace(WorkspaceLocation(data_dir), registry, "crash-test")
    rng = random.Random(seed)
    items = [q.id for q in registry.get("miit-2024").questions] + [s.id for s in registry.get("miit-2024").scenes]
    print("ready", flush=True)
    counter = 0
    while True:
        counter += 1
        item = rng.choice(items)
        text = f"{seed}-{counter}"
        ws.set_note(assessment_id, item, text)
        print(f"{item} {text}", flush=True)


if __name__ == "__main__":
    main()
