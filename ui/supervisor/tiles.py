"""KPI tiles: a big figure, its target and its change against the previous period; the member
programme's group beside them."""

from PySide6.QtWidgets import QFrame, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from app.domain import codes
from app.services.dashboard import KpiBoard, ProgrammeKpis, Tile, TileKey
from ui.i18n import label
from ui.supervisor.format import TILE_TITLES, percent, tile_target, tile_trend, tile_value, tr, translate

_GOOD = "#1b7f3b"
_BAD = "#b3261e"
_NEUTRAL = "#5f6368"


class KpiTile(QFrame):
    def __init__(self, key: TileKey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.tile: Tile | None = None
        self.setObjectName(f"tile_{key.value}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(150)
        self.title = QLabel(tr(TILE_TITLES[key]), self)
        self.title.setWordWrap(True)
        self.value = QLabel("–", self)
        self.value.setObjectName("tile_value")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.value.setFont(font)
        self.target = QLabel(self)
        self.target.setObjectName("tile_target")
        self.trend = QLabel(self)
        self.trend.setObjectName("tile_trend")
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        for widget in (self.title, self.value, self.target, self.trend):
            layout.addWidget(widget)
        self.title.setStyleSheet(f"color: {_NEUTRAL};")
        self.target.setStyleSheet(f"color: {_NEUTRAL};")

    def show_tile(self, tile: Tile) -> None:
        self.tile = tile
        self.value.setText(tile_value(tile))
        met = tile.meets_target
        self.value.setStyleSheet("" if met is None else f"color: {_GOOD if met else _BAD};")
        self.target.setText(tile_target(tile))
        self.trend.setText(tile_trend(tile))
        better = tile.improving
        self.trend.setStyleSheet(f"color: {_NEUTRAL if better is None else _GOOD if better else _BAD};")


class TilesPanel(QWidget):
    """The seven tiles in one row (two on narrow screens)."""

    def __init__(self, parent: QWidget | None = None, *, columns: int = 7) -> None:
        super().__init__(parent)
        self.tiles = {key: KpiTile(key, self) for key in TileKey}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, i // columns, i % columns)

    def show_board(self, board: KpiBoard) -> None:
        for tile in board.tiles:
            self.tiles[tile.key].show_tile(tile)

    def value_text(self, key: TileKey) -> str:
        return self.tiles[key].value.text()


class ProgrammePanel(QGroupBox):
    """The "Member programme" group: repurchase, churn, points and tiers of the period
    (dashboard.ProgrammeKpis, the KPI module's one definition), loaded as its own job."""

    FIELDS = ("repurchase_rate", "median_interval", "churn_warning", "lost", "won_back", "points_issued",
              "points_redeemed", "points_expired", "tier_movements")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("Supervisor", "Member programme"), parent)
        self.setObjectName("programme_group")
        self.shown: ProgrammeKpis | None = None
        titles = {
            "repurchase_rate": translate("Supervisor", "Repurchase rate"),
            "median_interval": translate("Supervisor", "Median repurchase interval"),
            "churn_warning": translate("Supervisor", "Members in churn warning"),
            "lost": translate("Supervisor", "Members lost"),
            "won_back": translate("Supervisor", "Won back after a call"),
            "points_issued": translate("Supervisor", "Points issued"),
            "points_redeemed": translate("Supervisor", "Points redeemed"),
            "points_expired": translate("Supervisor", "Points expired"),
            "tier_movements": translate("Supervisor", "Tier movements"),
        }
        grid = QGridLayout(self)
        self.values: dict[str, QLabel] = {}
        for i, key in enumerate(self.FIELDS):
            title = QLabel(titles[key], self)
            title.setStyleSheet(f"color: {_NEUTRAL};")
            value = QLabel("–", self)
            value.setObjectName(f"programme_{key}")
            value.setWordWrap(True)
            self.values[key] = value
            grid.addWidget(title, (i // 3) * 2, i % 3)
            grid.addWidget(value, (i // 3) * 2 + 1, i % 3)
        self.by_category = QLabel(self)
        self.by_category.setObjectName("programme_by_category")
        self.by_category.setWordWrap(True)
        grid.addWidget(self.by_category, 6, 0, 1, 3)

    def show_programme(self, p: ProgrammeKpis) -> None:
        self.shown = p
        days = translate("Supervisor", "%1 days")
        interval = (lambda v: "–" if v is None else days.replace("%1", f"{v:g}"))
        texts = {
            "repurchase_rate": f"{percent(p.repurchase_rate)} ({p.repeat_buyers:,} / {p.buyers:,})",
            "median_interval": interval(p.median_interval_days),
            "churn_warning": f"{p.members_churn_warning:,}", "lost": f"{p.members_lost:,}",
            "won_back": f"{p.won_back_after_call:,}", "points_issued": f"{p.points_issued:,}",
            "points_redeemed": f"{p.points_redeemed:,}", "points_expired": f"{p.points_expired:,}",
            "tier_movements": "; ".join(f"{label(codes.Tier, old)} → {label(codes.Tier, new)}: {n:,}"
                                        for old, new, n in p.tier_movements) or "–",
        }
        for key, text in texts.items():
            self.values[key].setText(text)
        self.by_category.setText("  ·  ".join(
            f"{label(codes.ProductCategory, c.category)} {percent(c.repurchase_rate)}, {interval(c.median_interval_days)}"
            for c in p.by_category))

    def value_text(self, key: str) -> str:
        return self.values[key].text()
