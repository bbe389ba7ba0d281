"""What both report renderers share: the snapshot, its language, brand and stylesheet, formats."""

from datetime import date

from app.reports.base import stylesheet
from app.reports.brand import Brand, load_brand
from app.reports.labels import quantity, text


def fmt_date(language: str, day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if language == "zh" else day.strftime("%d %b %Y")


def fmt_pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


class Renderer:
    """Base of one report's layout; construct once per report, call render()."""

    def __init__(self, data, *, brand: Brand | None = None):
        self.data = data
        self.lang = data.language
        # The snapshot's brand is the centre's (settings); a snapshot without one prints the packaged brand.
        self.brand = brand or getattr(data, "brand", None) or load_brand()
        self.s = stylesheet()

    def t(self, key: str, **values: object) -> str:
        return text(self.lang, key, **values)

    def q(self, n: int, unit: str) -> str:
        return quantity(self.lang, n, unit)
