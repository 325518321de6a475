"""The pure parts of the portfolio (issue 15, part 2): shares, targets from the policy files, the gap below 二级."""

from __future__ import annotations

import random
from decimal import Decimal

from app.core.answers import AnswerSet
from app.core.portfolio import (
    LevelLine,
    above_scale_target,
    choose_policy,
    gap_to,
    share_of,
    subsector_target,
    target_text,
)
from app.core.scoring import score
from app.services.forms import FormRegistry
from app.services.policies import load_policy_set


def test_share_is_k_over_n_and_none_without_enterprises() -> None:
    assert share_of(0, 0) is None
    assert share_of(19, 20) == 0.95
    assert target_text(Decimal("0.95")) == "95%" and target_text(None) == "—"


def test_targets_come_from_the_policy_files() -> None:
    policies = load_policy_set()
    xiamen, dongguan, guangzhou = (policies.get(i) for i in ("xiamen-2024", "dongguan-2024", "guangzhou-2024"))
    assert above_scale_target(xiamen) == Decimal("0.95")
    assert subsector_target(xiamen, "电子器件制造") == Decimal("0.95")
    assert subsector_target(xiamen, "时尚美妆") is None
    assert above_scale_target(dongguan) == Decimal("0.90")
    assert subsector_target(dongguan, "智能移动终端") == Decimal("0.90")
    assert above_scale_target(guangzhou) == Decimal("1")  # every pilot enterprise at 二级+: 规上 included
    assert subsector_target(guangzhou, "时尚美妆") == Decimal("1")
    assert choose_policy(policies.policies, {"时尚美妆": 3, "电子器件制造": 2}) is guangzhou
    assert choose_policy(policies.policies, {"电子器件制造": 5}) is xiamen


def test_gap_is_the_planners_for_random_answers(registry: FormRegistry) -> None:
    form = registry.get("miit-2024")
    t = form.level_rule.threshold(2)
    line = LevelLine(t.min_score, t.min_scenes, t.min_constrained)
    rng = random.Random(7)
    for _ in range(200):
        answers = {q.id: rng.choice([o.id for o in q.options if not o.exclusive]) if q.type == "single"
                   else [rng.choice([o.id for o in q.options if not o.exclusive])] for q in form.questions}  # fmt: skip
        scenes = {s.id: rng.randrange(5) for s in form.scenes}
        result = score(form, AnswerSet(form.id, answers=answers, scenes=scenes))
        at_2 = [s for s in form.scenes if scenes[s.id] >= 2]
        gap = gap_to(line, result.total_score, len(at_2), sum(1 for s in at_2 if s.constrained))
        assert (gap.points_needed, gap.scene_upgrades_needed) == (
            result.gap_to_level_2.points_needed, result.gap_to_level_2.scene_upgrades_needed)  # fmt: skip
