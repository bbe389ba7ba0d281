"""The brand printed on every report: name, service contacts and logo. The packaged one is
in resources/brand/; a centre's own name and logo (the "brand" settings section) replace
its name and logo in each report snapshot (app.services.settings.report_brand)."""

import io
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
    logo: bytes | None = None  # the centre's own logo (JPEG or PNG), else the file at logo_path

    def logo_source(self) -> str | io.BytesIO:
        """What reportlab's Image reads: a fresh stream each time, since it reads to the end."""
        return io.BytesIO(self.logo) if self.logo else str(self.logo_path)

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
