"""Enterprise facts from national standards: the SME size rule (the industry classification is app.core.industries)."""

from __future__ import annotations

from decimal import Decimal

from app.core.records import EnterpriseSize

ABOVE_SCALE_REVENUE = Decimal(2000)  # 规上工业企业: annual main-business revenue ≥ 2,000 万元


def industrial_size(employees: int, revenue_10k_yuan: Decimal) -> EnterpriseSize:
    """Suggest the size of an industrial enterprise (工信部联企业〔2011〕300号); the user confirms."""
    if employees >= 1000 and revenue_10k_yuan >= 40000:
        return EnterpriseSize.LARGE
    if employees >= 300 and revenue_10k_yuan >= 2000:
        return EnterpriseSize.MEDIUM
    if employees >= 20 and revenue_10k_yuan >= 300:
        return EnterpriseSize.SMALL
    return EnterpriseSize.MICRO


def is_above_scale(revenue_10k_yuan: Decimal) -> bool:
    return revenue_10k_yuan >= ABOVE_SCALE_REVENUE
