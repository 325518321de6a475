"""The national industry classification (GB/T 4754-2017): sections, manufacturing divisions, codes and labels.

Plain data and functions only: the window's home list reads the labels before its first paint.
"""

from __future__ import annotations

import functools

# GB/T 4754-2017 门类
INDUSTRY_SECTIONS: dict[str, str] = {
    "A": "农、林、牧、渔业", "B": "采矿业", "C": "制造业", "D": "电力、热力、燃气及水生产和供应业", "E": "建筑业",
    "F": "批发和零售业", "G": "交通运输、仓储和邮政业", "H": "住宿和餐饮业", "I": "信息传输、软件和信息技术服务业",
    "J": "金融业", "K": "房地产业", "L": "租赁和商务服务业", "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业", "O": "居民服务、修理和其他服务业", "P": "教育", "Q": "卫生和社会工作",
    "R": "文化、体育和娱乐业", "S": "公共管理、社会保障和社会组织", "T": "国际组织",
}  # fmt: skip

# 制造业 (C) 大类
MANUFACTURING_DIVISIONS: dict[str, str] = {
    "13": "农副食品加工业", "14": "食品制造业", "15": "酒、饮料和精制茶制造业", "16": "烟草制品业", "17": "纺织业",
    "18": "纺织服装、服饰业", "19": "皮革、毛皮、羽毛及其制品和制鞋业", "20": "木材加工和木、竹、藤、棕、草制品业",
    "21": "家具制造业", "22": "造纸和纸制品业", "23": "印刷和记录媒介复制业", "24": "文教、工美、体育和娱乐用品制造业",
    "25": "石油、煤炭及其他燃料加工业", "26": "化学原料和化学制品制造业", "27": "医药制造业", "28": "化学纤维制造业",
    "29": "橡胶和塑料制品业", "30": "非金属矿物制品业", "31": "黑色金属冶炼和压延加工业",
    "32": "有色金属冶炼和压延加工业", "33": "金属制品业", "34": "通用设备制造业", "35": "专用设备制造业",
    "36": "汽车制造业", "37": "铁路、船舶、航空航天和其他运输设备制造业", "38": "电气机械和器材制造业",
    "39": "计算机、通信和其他电子设备制造业", "40": "仪器仪表制造业", "41": "其他制造业", "42": "废弃资源综合利用业",
    "43": "金属制品、机械和设备修理业",
}  # fmt: skip

# English names (National Bureau of Statistics' English edition of GB/T 4754-2017), for the English UI.
INDUSTRY_SECTIONS_EN: dict[str, str] = {
    "A": "Agriculture, forestry, animal husbandry and fishery", "B": "Mining", "C": "Manufacturing",
    "D": "Production and supply of electricity, heat, gas and water", "E": "Construction",
    "F": "Wholesale and retail trade", "G": "Transport, storage and post", "H": "Accommodation and catering",
    "I": "Information transmission, software and information technology services", "J": "Finance",
    "K": "Real estate", "L": "Leasing and business services", "M": "Scientific research and technical services",
    "N": "Management of water conservancy, environment and public facilities",
    "O": "Resident services, repair and other services", "P": "Education", "Q": "Health and social work",
    "R": "Culture, sports and entertainment", "S": "Public administration, social security and social organizations",
    "T": "International organizations",
}  # fmt: skip

MANUFACTURING_DIVISIONS_EN: dict[str, str] = {
    "13": "Processing of food from agricultural products", "14": "Manufacture of foods",
    "15": "Manufacture of liquor, beverages and refined tea", "16": "Manufacture of tobacco",
    "17": "Manufacture of textiles", "18": "Manufacture of textile wearing apparel and clothing",
    "19": "Manufacture of leather, fur, feather and related products and footwear",
    "20": "Processing of timber, manufacture of wood, bamboo, rattan, palm and straw products",
    "21": "Manufacture of furniture", "22": "Manufacture of paper and paper products",
    "23": "Printing and reproduction of recording media",
    "24": "Manufacture of articles for culture, education, arts and crafts, sport and entertainment",
    "25": "Processing of petroleum, coal and other fuels",
    "26": "Manufacture of raw chemical materials and chemical products",
    "27": "Manufacture of medicines", "28": "Manufacture of chemical fibres",
    "29": "Manufacture of rubber and plastics products",
    "30": "Manufacture of non-metallic mineral products", "31": "Smelting and pressing of ferrous metals",
    "32": "Smelting and pressing of non-ferrous metals", "33": "Manufacture of metal products",
    "34": "Manufacture of general purpose machinery", "35": "Manufacture of special purpose machinery",
    "36": "Manufacture of automobiles", "37": "Manufacture of railway, ship, aerospace and other transport equipment",
    "38": "Manufacture of electrical machinery and apparatus",
    "39": "Manufacture of computers, communication and other electronic equipment",
    "40": "Manufacture of measuring instruments and meters", "41": "Other manufacturing",
    "42": "Utilization of waste resources", "43": "Repair of metal products, machinery and equipment",
}  # fmt: skip


def industry_code(section: str, division: str = "") -> str:
    """The GB/T 4754 code as the standard writes it: 'C34' (section letter, then the two-digit division)."""
    return f"{section.strip().upper()}{division.strip()}"


def industry_name(section: str, division: str = "", lang: str = "zh") -> str:
    """The most specific GB/T 4754 name known for the code ('通用设备制造业'); '' if none."""
    en = lang.startswith("en")
    section = section.strip().upper()
    division = division.strip()
    divisions = MANUFACTURING_DIVISIONS_EN if en else MANUFACTURING_DIVISIONS
    if division and section == "C" and division in divisions:
        return divisions[division]
    return (INDUSTRY_SECTIONS_EN if en else INDUSTRY_SECTIONS).get(section, "")


@functools.lru_cache(maxsize=4096)  # a listing asks for the same few codes thousands of times
def industry_label(section: str, division: str = "", lang: str = "zh") -> str:
    """'C34 通用设备制造业' style label (the GB/T 4754 code, then the most specific name known); '' if none."""
    if not section.strip():
        return ""
    return f"{industry_code(section, division)} {industry_name(section, division, lang)}".strip()
