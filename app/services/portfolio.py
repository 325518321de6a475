"""The programme's portfolio: the store's aggregated figures against a policy's targets (``portfolio``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from app.core.policy import Policy
from app.core.portfolio import TARGET_LEVEL, LevelLine, Portfolio, PortfolioFigures, build_portfolio, choose_policy
from app.services.forms import FormRegistry
from app.services.policies import PolicySet


class PortfolioStore(Protocol):
    def figures(
        self,
        constrained: Mapping[str, frozenset[str]],
        *,
        subsector: str | None = None,
        traction_unit: str | None = None,
    ) -> PortfolioFigures: ...


class PortfolioService:
    def __init__(self, store: PortfolioStore, registry: FormRegistry, policies: Sequence[Policy]) -> None:
        self.store = store
        self.registry = registry
        self.policies = tuple(policies)

    def _forms(self) -> tuple[dict[str, frozenset[str]], dict[str, LevelLine]]:
        constrained: dict[str, frozenset[str]] = {}
        lines: dict[str, LevelLine] = {}
        for form in self.registry.newest():
            constrained[form.id] = frozenset(s.id for s in form.scenes if s.constrained)
            t = form.level_rule.threshold(TARGET_LEVEL)
            lines[form.id] = LevelLine(t.min_score, t.min_scenes, t.min_constrained)
        return constrained, lines

    def policy(self, policy_id: str) -> Policy:
        return PolicySet(self.policies).get(policy_id)

    def compute(
        self, policy_id: str | None = None, *, subsector: str | None = None, traction_unit: str | None = None
    ) -> Portfolio:
        """The portfolio of the enterprises selected; without ``policy_id`` the policy that fits them best."""
        policy = self.policy(policy_id) if policy_id else None
        constrained, lines = self._forms()
        figures = self.store.figures(constrained, subsector=subsector, traction_unit=traction_unit)
        if policy is None:
            policy = choose_policy(self.policies, {s.subsector: s.enterprises for s in figures.subsectors})
        return build_portfolio(figures, policy, lines, subsector=subsector)
