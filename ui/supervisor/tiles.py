"""KPI tiles: a big figure, its target and its change against the previous period."""

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.services.dashboard import KpiBoard, Tile, TileKey
from ui.supervisor.format import TILE_TITLES, tile_target, tile_trend, tile_value, tr

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
