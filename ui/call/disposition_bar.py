"""The disposition row: one button per disposition, and the one chosen unmistakable.

A bare digit chooses a disposition only while this row has the focus, where a digit can
mean nothing else; everywhere else it is input (a score, a time, a search). Alt+1..7 choose
from anywhere in the window except an open dropdown, which keeps its keys to itself.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain.codes import Disposition
from ui.i18n import labels

# Checked: solid colour, bold, a tick; the others stay plain. Focus: a thick blue frame.
STYLE = """
#disposition_bar { border: 2px solid transparent; border-radius: 4px; }
#disposition_bar:focus { border: 2px solid #1a73e8; background: #e8f0fe; }
#disposition_bar QPushButton { padding: 2px 8px; }
#disposition_bar QPushButton:checked { background: #0b5cad; color: white; font-weight: bold;
    border: 2px solid #073b70; border-radius: 3px; }
#disposition_chosen { font-weight: bold; color: #0b5cad; padding: 0 6px; }
"""


class DispositionBar(QFrame):
    """Emits `chosen(code)` when a disposition is picked (digit here, Alt+digit, or click)."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("disposition_bar")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(STYLE)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        self.caption = QLabel(self.tr("Disposition:"), self)
        self.setToolTip(self.tr("Keys 1-7 choose while this row has the focus; Alt+1-7 choose from anywhere"))
        row.addWidget(self.caption)
        self.codes: list[str] = []
        for number, (code, text) in enumerate(labels(Disposition), start=1):
            button = QPushButton(f"{number} {text}", self)
            button.setObjectName(f"disposition_{code}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the row takes the focus, not each button
            button.setProperty("code", code)
            # Room for the bold text of the checked look, so choosing never cuts the label.
            bold = QFont(button.font())
            bold.setBold(True)
            button.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(button.text()) + 24)
            self.group.addButton(button, number)
            row.addWidget(button)
            self.codes.append(code)
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda n=number: self.choose_number(n))
        self.chosen_label = QLabel(self)
        self.chosen_label.setObjectName("disposition_chosen")
        row.addWidget(self.chosen_label)
        row.addStretch(1)
        self.group.buttonClicked.connect(lambda button: self._picked(str(button.property("code"))))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        text = event.text()
        if event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier) \
                and text.isdigit() and 1 <= int(text) <= len(self.codes):
            self.choose_number(int(text))
            return
        super().keyPressEvent(event)

    def choose_number(self, number: int) -> None:
        button = self.group.button(number)
        if button is not None and self.isEnabled():
            button.setChecked(True)
            self._picked(str(button.property("code")))

    def _picked(self, code: str) -> None:
        button = self.group.checkedButton()
        self.chosen_label.setText("✔ " + button.text().split(" ", 1)[1] if button else "")
        self.chosen.emit(code)

    @property
    def disposition(self) -> str | None:
        button = self.group.checkedButton()
        return str(button.property("code")) if button is not None else None

    def clear(self) -> None:
        self.group.setExclusive(False)
        for button in self.group.buttons():
            button.setChecked(False)
        self.group.setExclusive(True)
        self.chosen_label.setText(self.tr("not chosen yet"))
