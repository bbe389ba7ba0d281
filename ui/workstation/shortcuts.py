"""The workstation's keys, declared once: the actions bind from this table and the shortcut
sheet (Ctrl+/) lists it, with the form's Alt+letter keys read from the form itself, so the
sheet can never promise a key that does nothing."""

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

_CTX = "Shortcuts"


@dataclass(frozen=True)
class Key:
    name: str  # the QAction's objectName: action_<name>
    keys: tuple[str, ...]
    text: str  # untranslated; shown through QCoreApplication.translate(_CTX, ...)
    tip: str = ""


KEYS: tuple[Key, ...] = (
    Key("next", ("Ctrl+N",), QT_TRANSLATE_NOOP("Shortcuts", "Next"),
        QT_TRANSLATE_NOOP("Shortcuts", "Claim the next member")),
    Key("dial", ("F5",), QT_TRANSLATE_NOOP("Shortcuts", "Dial"),
        QT_TRANSLATE_NOOP("Shortcuts", "Dial the member of the call in progress")),
    Key("release", ("Ctrl+R",), QT_TRANSLATE_NOOP("Shortcuts", "Release"),
        QT_TRANSLATE_NOOP("Shortcuts", "Give the member back to the queue")),
    Key("end", ("F8",), QT_TRANSLATE_NOOP("Shortcuts", "End call"),
        QT_TRANSLATE_NOOP("Shortcuts", "Hang up and start after-call work")),
    Key("save_next", ("Ctrl+Return", "Ctrl+Enter"), QT_TRANSLATE_NOOP("Shortcuts", "Save and next")),
    Key("save", ("Ctrl+S",), QT_TRANSLATE_NOOP("Shortcuts", "Save")),
    Key("kb", ("F1",), QT_TRANSLATE_NOOP("Shortcuts", "Knowledge base")),
    Key("find", ("Ctrl+F",), QT_TRANSLATE_NOOP("Shortcuts", "Find in queue")),
    Key("refresh", ("F9",), QT_TRANSLATE_NOOP("Shortcuts", "Refresh queue")),
    Key("callback", ("Ctrl+B",), QT_TRANSLATE_NOOP("Shortcuts", "Take callback")),
    Key("callbacks", ("Ctrl+K",), QT_TRANSLATE_NOOP("Shortcuts", "My callbacks today")),
    Key("find_member", ("Ctrl+Shift+F",), QT_TRANSLATE_NOOP("Shortcuts", "Find any member")),
    Key("next_panel", ("F6",), QT_TRANSLATE_NOOP("Shortcuts", "Next panel")),
    Key("previous_panel", ("Shift+F6",), QT_TRANSLATE_NOOP("Shortcuts", "Previous panel")),
    Key("disposition", ("Ctrl+D",), QT_TRANSLATE_NOOP("Shortcuts", "Go to the disposition row")),
    Key("sheet", ("Ctrl+/",), QT_TRANSLATE_NOOP("Shortcuts", "Keyboard shortcuts")),
)

# Keys that are not actions but still belong on the sheet.
EXTRA: tuple[tuple[str, str], ...] = (
    ("Alt+1 … Alt+7", QT_TRANSLATE_NOOP("Shortcuts", "Choose a disposition (from anywhere)")),
    ("1 … 7", QT_TRANSLATE_NOOP("Shortcuts", "Choose a disposition while the disposition row has the focus")),
    ("Ctrl+Tab", QT_TRANSLATE_NOOP("Shortcuts", "Next tab inside a panel (arrows on a tab bar)")),
    ("Enter", QT_TRANSLATE_NOOP("Shortcuts", "Call the member of the queue row")),
)


def translate(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) or keys


class ShortcutSheet(QDialog):
    """Every key of the workstation in one table: actions, the form's Alt+letter, the rest."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcut_sheet")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcut_table")
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What it does")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, (keys, text) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("F1 opens the knowledge base; Ctrl+/ shows this sheet."), self))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 560)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def rows(self) -> list[tuple[str, str]]:
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text()) for r in range(self.table.rowCount())]
