"""The member header's programme bar: tier, balance, points expiring soon and the distance
to the next tier, with a reward picker. It shows a `Programme` (app.services.loyalty) and
asks for a redemption by signal; the host runs the service through the task runner."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain.codes import Tier
from app.services.loyalty import Programme
from ui.i18n import label


class ProgrammeBar(QWidget):
    redeem_requested = Signal(str)  # a reward code

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel(self)
        self.rewards = QComboBox(self)
        self.redeem = QPushButton(self.tr("Redeem"), self)
        self.redeem.clicked.connect(self._redeem)
        self.rewards.currentIndexChanged.connect(self._update_button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.rewards)
        layout.addWidget(self.redeem)
        self._balance = 0

    def set_programme(self, p: Programme, *, language: str = "zh") -> None:
        self._balance = p.balance
        parts = [label(Tier, p.tier), self.tr("%1 points").replace("%1", f"{p.balance:,}")]
        if p.expiring_points and p.expiring_on is not None:
            parts.append(self.tr("%1 expire by %2").replace("%1", f"{p.expiring_points:,}")
                         .replace("%2", p.expiring_on.date().isoformat()))
        if p.frozen:
            parts.append(self.tr("frozen"))
        if p.next_tier and p.next_tier_gap_fen is not None:
            parts.append(self.tr("%1 yuan to %2").replace("%1", f"{p.next_tier_gap_fen / 100:,.0f}")
                         .replace("%2", label(Tier, p.next_tier)))
        self.summary.setText(" · ".join(parts))
        self.rewards.blockSignals(True)
        self.rewards.clear()
        for reward in p.catalogue:
            name = reward.name if language == "zh" else reward.name_en
            self.rewards.addItem(f"{name} ({reward.points:,})", (reward.code, reward.points))
        self.rewards.blockSignals(False)
        self._update_button()

    def _update_button(self) -> None:
        data = self.rewards.currentData()
        self.redeem.setEnabled(data is not None and data[1] <= self._balance)  # the service checks again

    def _redeem(self) -> None:
        data = self.rewards.currentData()
        if data is not None:
            self.redeem_requested.emit(data[0])
