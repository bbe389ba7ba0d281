"""The two programme dialogs of a call: confirm a redemption (what it costs and what is left),
and pick the new customer a member referred (found with the member search)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidgetItem, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.members.search_panel import MemberSearchPanel


class RedeemDialog(QDialog):
    """Asks the agent to confirm with the member before any points are taken."""

    def __init__(self, reward: str, points: int, balance: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redeem_dialog")
        self.setWindowTitle(self.tr("Redeem points"))
        self.text = QLabel(self.tr("Redeem %1 for %2 points? %3 points will be left.")
                           .replace("%1", reward).replace("%2", f"{points:,}")
                           .replace("%3", f"{balance - points:,}"), self)
        self.text.setWordWrap(True)
        hint = QLabel(self.tr("Confirm with the member first."), self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Redeem"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)


class ReferDialog(QDialog):
    """The referee is found like anyone else (name, initials, phone tail, member id)."""

    def __init__(self, ctx: AppContext, referrer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refer_dialog")
        self.setWindowTitle(self.tr("Record a referral"))
        self.referee_id: int | None = None
        intro = QLabel(self.tr("Who did %1 refer? Find the new customer:").replace("%1", referrer), self)
        intro.setWordWrap(True)
        self.search = MemberSearchPanel(ctx, self)
        self.search.results.currentItemChanged.connect(self._chosen)
        self.search.member_activated.connect(lambda _mid: self.ok.isEnabled() and self.accept())
        self.chosen = QLabel(self)
        self.chosen.setObjectName("refer_chosen")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Record referral"))
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.chosen)
        layout.addWidget(self.buttons)
        self.search.query.setFocus()

    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        self.referee_id = int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
        self.chosen.setText(self.tr("New customer: %1").replace("%1", item.text()) if item is not None else "")
        self.ok.setEnabled(self.referee_id is not None)
