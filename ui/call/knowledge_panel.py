"""The knowledge base beside the script: one key (F1) away, searched by words or pinyin initials.

Search is app.services.calls.knowledge.search over entries it loads once and keeps in memory, so
it is answered at once; the first load happens in the task runner when a call opens.
"""

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from app.services.calls.knowledge import Hit, search
from ui.tasks import Runner

_ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


class KnowledgePanel(QWidget):
    def __init__(self, runner: Runner, *, language: str = "zh_CN", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("knowledge_panel")
        self._runner = runner
        self._english = language == "en"
        self.category: str | None = None
        self.query = QLineEdit(self)
        self.query.setObjectName("kb_search")
        self.query.setPlaceholderText(self.tr("Knowledge base: words or pinyin initials (F1)"))
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self.run_search)
        self.query.returnPressed.connect(self._open_first)
        self.results = QListWidget(self)
        self.results.setObjectName("kb_results")
        self.results.currentItemChanged.connect(self._show_entry)
        self.answer = QTextBrowser(self)
        self.answer.setObjectName("kb_answer")
        self.hint = QLabel(self)
        self.hint.setObjectName("kb_hint")
        self.hint.setVisible(False)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.results)
        split.addWidget(self.answer)
        split.setSizes([120, 160])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.query)
        layout.addWidget(self.hint)
        layout.addWidget(split, 1)

    def preload(self) -> None:
        """Read the entries once, off the GUI thread, so the first F1 answers at once."""
        self._runner.run_db(lambda: search("", limit=1), name="load_knowledge")

    def set_category(self, category: str | None) -> None:
        """Entries for the product being discussed come first."""
        self.category = category
        self.run_search(self.query.text())

    def focus_search(self) -> None:
        self.query.setFocus()
        self.query.selectAll()
        if not self.query.text():
            self.run_search("")

    def run_search(self, text: str) -> None:
        hits = search(text, category=self.category, limit=20)
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(self._question(hit), self.results)
            item.setData(_ENTRY_ROLE, hit)
        self.hint.setText(self.tr("%n answer(s)", "", len(hits)) if text else "")
        self.hint.setVisible(bool(text))
        if hits:
            self.results.setCurrentRow(0)
        else:
            self.answer.clear()

    def _question(self, hit: Hit) -> str:
        return hit.entry.question_en if self._english else hit.entry.question

    def _show_entry(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            self.answer.clear()
            return
        hit: Hit = current.data(_ENTRY_ROLE)
        entry = hit.entry
        answer = entry.answer_en if self._english else entry.answer
        self.answer.setHtml(f"<p><b>{escape(self._question(hit))}</b></p><p>{escape(answer)}</p>")

    def _open_first(self) -> None:
        if self.results.count():
            self.results.setCurrentRow(0)
            self.results.setFocus()
