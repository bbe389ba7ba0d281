"""The member header's programme bar: tier, balance, points expiring soon and the distance
to the next tier, a reward picker with Redeem, Refer, and the last answer (the confirmation
to read to the member, or why it was refused). It shows a `Programme`
(app.services.loyalty) and asks by signal; ui.loyalty.actions runs the services."""

from datetime import UTC, timedelta, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.codes import Tier
from app.services.loyalty import Programme
from ui.i18n import label

_OK = "#programme_message { background: #e6f4ea; color: #0d652d; padding: 3px; }"
_REFUSED = "#programme_message { background: #fde7e9; color: #8a0012; padding: 3px; font-weight: bold; }"


class ProgrammeBar(QWidget):
    redeem_requested = Signal(str)  # a reward code
    refer_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("programme_bar")
        self.summary = QLabel(self)
        self.summary.setObjectName("programme_summary")
        self.summary.setWordWrap(True)
        self.rewards = QComboBox(self)
        self.rewards.setObjectName("programme_rewards")
        # As wide as its longest reward, so the chosen one is never cut (its row has the room).
        self.rewards.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.redeem = QPushButton(self.tr("Redeem…"), self)
        self.redeem.setObjectName("programme_redeem")
        self.redeem.clicked.connect(self._redeem)
        self.refer = QPushButton(self.tr("Refer…"), self)
        self.refer.setObjectName("programme_refer")
        self.refer.setToolTip(self.tr("Record that this member referred a new customer"))
        self.refer.clicked.connect(self.refer_requested.emit)
        self.message = QLabel(self)
        self.message.setObjectName("programme_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setVisible(False)
        self.rewards.currentIndexChanged.connect(self._update_button)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.rewards)
        row.addWidget(self.redeem)
        row.addWidget(self.refer)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self._balance = 0
        self.clear()

    def clear(self) -> None:
        self._balance = 0
        self.summary.setText(self.tr("<i>Points: loading…</i>"))
        self.rewards.clear()
        self.redeem.setEnabled(False)
        self.refer.setEnabled(False)
        self.show_message("")

    def set_programme(self, p: Programme, *, language: str = "zh", tz: tzinfo = UTC) -> None:
        """`tz`: the workstation's zone; points "expire by" the last local day they are valid."""
        self._balance = p.balance
        parts = [label(Tier, p.tier), self.tr("%1 points").replace("%1", f"{p.balance:,}")]
        if p.expiring_points and p.expiring_on is not None:
            parts.append(self.tr("%1 expire by %2").replace("%1", f"{p.expiring_points:,}")
                         .replace("%2", (p.expiring_on.astimezone(tz) - timedelta(microseconds=1)).date().isoformat()))
        if p.frozen:
            parts.append(self.tr("frozen"))
        if p.next_tier and p.next_tier_gap_fen is not None:
            parts.append(self.tr("%1 yuan to %2").replace("%1", f"{p.next_tier_gap_fen / 100:,.0f}")
                         .replace("%2", label(Tier, p.next_tier)))
        self.summary.setText(" · ".join(parts))
        current = self.rewards.currentData()
        self.rewards.blockSignals(True)
        self.rewards.clear()
        for reward in p.catalogue:
            name = reward.name if language.startswith("zh") else reward.name_en
            self.rewards.addItem(f"{name} ({reward.points:,})", (reward.code, reward.points))
        if current is not None:
            self.rewards.setCurrentIndex(max(0, self.rewards.findData(current)))
        self.rewards.blockSignals(False)
        self.refer.setEnabled(True)
        self._update_button()

    def show_message(self, text: str, *, ok: bool = True) -> None:
        """The confirmation to read to the member (ok) or why it was refused."""
        self.message.setText(text)
        self.message.setStyleSheet(_OK if ok else _REFUSED)
        self.message.setVisible(bool(text))

    def _update_button(self) -> None:
        data = self.rewards.currentData()
        self.redeem.setEnabled(data is not None and data[1] <= self._balance)  # the service checks again

    def _redeem(self) -> None:
        data = self.rewards.currentData()
        if data is not None:
            self.redeem_requested.emit(data[0])
