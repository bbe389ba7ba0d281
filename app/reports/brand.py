"""The brand printed on every report: name, service contacts and logo, from resources/brand/."""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

BRAND_DIR = Path(__file__).resolve().parents[2] / "resources" / "brand"


@dataclass(frozen=True)
class Brand:
    name: dict[str, str]
    tagline: dict[str, str]
    hotline: str
    wechat: dict[str, str]
    booking_hours: dict[str, str]
    logo_path: Path

    def pick(self, field: dict[str, str], language: str) -> str:
        return field.get(language) or field["zh"]


@lru_cache(maxsize=1)
def load_brand(directory: Path = BRAND_DIR) -> Brand:
    data = json.loads((directory / "brand.json").read_text(encoding="utf-8"))
    return Brand(
        name=data["name"], tagline=data["tagline"], hotline=data["hotline"], wechat=data["wechat"],
        booking_hours=data["booking_hours"],
        # JPEG: reportlab embeds it as is; a PNG would be decoded and recompressed per report.
        logo_path=directory / "logo-print.jpg",
    )
