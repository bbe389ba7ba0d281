"""The workstation's layout: queue and my members (left), member 360 (centre), script and
knowledge base (right), outcome form (bottom), the toolbar and every key of the window.

No call state lives here (that is ui.workstation.controller); this is what the agent sees
and how the keyboard reaches every part of it: F6 / Shift+F6 go from panel to panel,
Ctrl+Tab or the arrows on a tab bar go from tab to tab, and the focus is always drawn.
"""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QTabWidget, QToolBar, QVBoxLayout, QWidget

from app.services.telephony import Dialer

from ui.call.knowledge_panel import KnowledgePanel
from ui.call.outcome_form import OutcomeForm
from ui.call.script_panel import ScriptPanel
from ui.call.timers import CallTimers
from ui.context import AppContext
from ui.elided_label import ElidedLabel
from ui.member.panel import MemberPanel
from ui.members.panel import MembersPanel
from ui.members.search_panel import MemberSearchPanel
from ui.queue.panel import QueuePanel
from ui.settings import AFTER_CALL_MODE, AFTER_CALL_SECONDS, NO_ANSWER_SECONDS, QUEUE_REFRESH_SECONDS
from ui.telephony.agent_state import AgentStatePicker
from ui.telephony.call_control import CallControl
from ui.workstation.alert import CallbackAlert
from ui.workstation.callbacks import CallbacksPanel
from ui.workstation.shortcuts import EXTRA, KEYS, ShortcutSheet, native, translate

_SPLIT_MAIN = "workstation/split_main"
_SPLIT_VERTICAL = "workstation/split_vertical"
_SPLIT_RIGHT = "workstation/split_right"

FOCUS_COLOUR = "#1a73e8"
# A visible focus on every kind of input (the platform's own focus rect is faint or absent
# on several styles); the disposition row draws its own.
FOCUS_STYLE = f"""
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateTimeEdit:focus, QTextBrowser:focus,
QTableView:focus, QListWidget:focus, QListView:focus {{ border: 2px solid {FOCUS_COLOUR}; }}
QTabBar:focus {{ border: 2px solid {FOCUS_COLOUR}; }}
QPushButton:focus {{ border: 2px solid {FOCUS_COLOUR}; border-radius: 3px; padding: 2px 6px; }}
"""


class WorkstationLayout(QWidget):
    """The widgets and keys; `bind(slots)` connects each declared key to its slot."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workstation")
        self._ctx = ctx
        self.setStyleSheet(FOCUS_STYLE)
        settings = ctx.settings
        self.queue = QueuePanel(ctx, refresh_seconds=settings.get(QUEUE_REFRESH_SECONDS), parent=self)
        self.members = MembersPanel(ctx, self)
        self.callbacks = CallbacksPanel(ctx.clock, self)
        self.search = MemberSearchPanel(ctx, self)
        self.left = QTabWidget(self)
        self.left.setObjectName("left_tabs")
        self.left.addTab(self.queue, self.tr("Queue"))
        self.left.addTab(self.members, self.tr("My members"))
        self.left.addTab(self.callbacks, self.tr("My callbacks"))
        self.left.addTab(self.search, self.tr("Find member"))
        for table in (self.queue.table, self.members.table):
            # Ctrl+Tab goes from tab to tab (the sheet says so); a table would move its cell with it.
            table.setTabKeyNavigation(False)
        self.member = MemberPanel(ctx.clock, self, ctx=ctx)
        self.script = ScriptPanel(self)
        self.knowledge = KnowledgePanel(ctx.runner, language=ctx.language, parent=self)
        self.form = OutcomeForm(ctx.clock, self)
        self.timers = CallTimers(mode=settings.get(AFTER_CALL_MODE), wrap_seconds=settings.get(AFTER_CALL_SECONDS),
                                 parent=self)
        self.alert = CallbackAlert(ctx.clock, self)
        self.agent_state = AgentStatePicker(ctx, self)
        # The phone strip: its keys are the window's (F5, F8 below), so it binds none itself.
        self.call_strip = CallControl(ctx.runner, self._make_dialer, task_id=self.dial_task_id, dial_keys=(),
                                      hang_up_keys=(), language="en" if ctx.language == "en" else "zh",
                                      parent=self)
        self.call_strip.setVisible(False)
        self.banner = ElidedLabel(self)
        self.banner.setObjectName("call_banner")
        self.refusal = QLabel(self)
        self.refusal.setObjectName("call_refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("#call_refusal { background: #fde7e9; color: #8a0012; border: 1px solid #d93025;"
                                   " padding: 4px; font-weight: bold; }")
        self.refusal.setVisible(False)

        self.right = QSplitter(Qt.Orientation.Vertical, self)
        self.right.addWidget(self.script)
        self.right.addWidget(self.knowledge)
        self.main_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_split.addWidget(self.left)
        self.main_split.addWidget(self.member)
        self.main_split.addWidget(self.right)
        self.vertical = QSplitter(Qt.Orientation.Vertical, self)
        self.vertical.addWidget(self.main_split)
        self.vertical.addWidget(self.form)
        for splitter in (self.right, self.main_split, self.vertical):
            splitter.setChildrenCollapsible(False)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("workstation_toolbar")
        self.actions_by_name: dict[str, QAction] = {}
        for key in KEYS:
            self._action(key.name, key.keys, translate(key.text), translate(key.tip) if key.tip else "")
        self.toolbar.addWidget(self.agent_state)
        self.toolbar.addSeparator()
        for name in ("next", "dial", "release", "end", "save_next", "kb"):
            action = self.actions_by_name[name]
            self.toolbar.addAction(action)
            self.toolbar.widgetForAction(action).setObjectName(f"button_{action.objectName()}")
        # Timers before the banner: a long "why" may be clipped there (the tooltip and the
        # member header show it whole), the clock never is.
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.timers)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.banner)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.call_strip)
        layout.addWidget(self.alert)
        layout.addWidget(self.refusal)
        layout.addWidget(self.vertical, 1)
        self._restore_layout()

    # --- the phone ----------------------------------------------------------------------

    def _make_dialer(self, on_update) -> Dialer:  # noqa: ANN001 - the strip's update sink
        ctx = self._ctx
        if ctx.phone is not None:
            phone, adapter = ctx.phone(self._phone_status)
        else:
            from ui.telephony.setup import build_phone  # keyring and baresip only when a window opens

            phone, adapter = build_phone(ctx.settings, on_status=self._phone_status, agent=ctx.actor.username)
        return Dialer(ctx.db, ctx.actor, ctx.clock, phone, adapter=adapter, on_update=on_update,
                      no_answer_seconds=float(ctx.settings.get(NO_ANSWER_SECONDS)))

    def _phone_status(self, status: str, detail: str) -> None:
        """The adapter's status, from its own thread: the strip carries it to the GUI thread."""
        self.call_strip.report_status(status, detail)

    def dial_task_id(self) -> int | None:
        """The task of the call in progress; the workstation knows it, the layout does not."""
        return None

    # --- keys -------------------------------------------------------------------------

    def _action(self, name: str, keys: tuple[str, ...], text: str, tip: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action_{name}")
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{tip or text} ({native(keys[0])})")
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    def bind(self, slots: dict[str, Callable[[], object]]) -> None:
        """Connect each declared key; a key without a slot is a bug caught here, at start."""
        missing = set(self.actions_by_name) - set(slots)
        if missing:
            raise RuntimeError(f"declared keys without a slot: {sorted(missing)}")
        for name, slot in slots.items():
            self.actions_by_name[name].triggered.connect(lambda _checked=False, s=slot: s())

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """What the sheet lists: the actions, the form's Alt+letter keys, the other keys."""
        rows = [(", ".join(native(k.toString()) for k in action.shortcuts()), action.text())
                for action in self.actions_by_name.values()]
        rows += [(native(keys), text) for keys, text in self.form.mnemonics()]
        rows += [(keys, translate(text)) for keys, text in EXTRA]
        return rows

    def show_shortcuts(self) -> ShortcutSheet:
        sheet = ShortcutSheet(self.shortcut_rows(), self)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.open()
        return sheet

    # --- panels by keyboard -----------------------------------------------------------

    def panels(self) -> list[QWidget]:
        """Where F6 goes, in reading order: each entry is the widget that takes the focus."""
        left = self.left.currentWidget()
        left_target = {self.queue: self.queue.table, self.members: self.members.table,
                       self.callbacks: self.callbacks.list, self.search: self.search.query}.get(left, left)
        stops = [left_target, self.member.tabs.tabBar(), self.script.focus_target(), self.knowledge.query,
                 self.form.bar]
        return [w for w in stops if w is not None and w.isEnabled()]

    def cycle_panel(self, step: int) -> None:
        stops = self.panels()
        if not stops:
            return
        focus = QApplication.focusWidget()
        here = next((i for i, w in enumerate(stops)
                     if focus is not None and (w is focus or self._owner(w).isAncestorOf(focus))),
                    -1 if step > 0 else 0)
        stops[(here + step) % len(stops)].setFocus(Qt.FocusReason.TabFocusReason)

    def _owner(self, stop: QWidget) -> QWidget:
        """The panel a focus stop stands for (the whole panel counts as being there)."""
        for panel in (self.left, self.member, self.script, self.knowledge, self.form):
            if panel is stop or panel.isAncestorOf(stop):
                return panel
        return stop

    def focus_disposition(self) -> None:
        if self.form.isEnabled():
            self.form.bar.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def find_member(self) -> None:
        self.left.setCurrentWidget(self.search)
        self.search.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.query.selectAll()

    def show_callbacks(self) -> None:
        self.left.setCurrentWidget(self.callbacks)
        self.callbacks.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- layout persistence -----------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = self._ctx.settings
        settings.restore_splitter(_SPLIT_MAIN, self.main_split, [430, 480, 440])
        settings.restore_splitter(_SPLIT_VERTICAL, self.vertical, [450, 190])
        settings.restore_splitter(_SPLIT_RIGHT, self.right, [300, 120])

    def save_layout(self) -> None:
        settings = self._ctx.settings
        for name, splitter in ((_SPLIT_MAIN, self.main_split), (_SPLIT_VERTICAL, self.vertical),
                               (_SPLIT_RIGHT, self.right)):
            settings.save_splitter(name, splitter)
        self.queue.save_layout()
        self.members.save_layout()
