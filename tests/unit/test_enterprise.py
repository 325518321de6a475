"""Enterprise size suggestion and classification tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.enterprise import industrial_size, is_above_scale
from app.core.industries import INDUSTRY_SECTIONS, MANUFACTURING_DIVISIONS
from app.core.records import EnterpriseSize


@pytest.mark.parametrize(
    ("employees", "revenue", "size"),
    [
        (1000, 40000, EnterpriseSize.LARGE),
        (1000, 39999, EnterpriseSize.MEDIUM),
        (300, 2000, EnterpriseSize.MEDIUM),
        (299, 2000, EnterpriseSize.SMALL),
        (20, 300, EnterpriseSize.SMALL),
        (19, 5000, EnterpriseSize.MICRO),
        (500, 299, EnterpriseSize.MICRO),
    ],
)
def test_industrial_size_boundaries(employees: int, revenue: int, size: EnterpriseSize) -> None:
    assert industrial_size(employees, Decimal(revenue)) is size


def test_tables() -> None:
    assert len(INDUSTRY_SECTIONS) == 20 and INDUSTRY_SECTIONS["C"] == "制造业"
    assert sorted(MANUFACTURING_DIVISIONS) == [str(n) for n in range(13, 44)]
    assert is_above_scale(Decimal(2000)) and not is_above_scale(Decimal("1999.99"))


def test_industry_label_names_the_division_in_both_languages() -> None:
    from app.core.industries import (
        INDUSTRY_SECTIONS,
        INDUSTRY_SECTIONS_EN,
        MANUFACTURING_DIVISIONS,
        MANUFACTURING_DIVISIONS_EN,
        industry_label,
    )

    assert industry_label("c", "34") == "C34 通用设备制造业"
    assert industry_label("C", "34", "en") == "C34 Manufacture of general purpose machinery"
    assert industry_label("I") == "I 信息传输、软件和信息技术服务业"
    assert industry_label("") == ""
    assert set(INDUSTRY_SECTIONS_EN) == set(INDUSTRY_SECTIONS)
    assert set(MANUFACTURING_DIVISIONS_EN) == set(MANUFACTURING_DIVISIONS)
