"""A wrap-up that cannot go wrong: digits are input, the disposition is chosen on purpose and
shown plainly, numbers are refused rather than clamped, and leaving a call asks first."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDateTimeEdit, QWidget

from tests.ui.test_workstation_calls import calls_for, next_call, open_window, press

DIGITS = "1234567"


def _choose(qtbot, ws, code: str) -> None:
    number = ws.form.bar.codes.index(code) + 1
    press(qtbot, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.AltModifier)
    assert ws.form.disposition == code


def _every_input(ws) -> list[QWidget]:
    script = [e for e in ws.script.view.editors.values()]
    return [*ws.form.inputs(), *script]


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen popups cannot grab the keyboard
def test_digits_typed_into_any_input_or_open_dropdown_never_change_the_disposition(qtbot, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    next_call(qtbot, ws)
    _choose(qtbot, ws, "callback")
    inputs = _every_input(ws)
    assert len(inputs) >= 15
    for widget in inputs:
        if not widget.isEnabled():
            continue
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        qtbot.keyClicks(widget, DIGITS)
        assert ws.form.disposition == "callback", widget.objectName()
        if isinstance(widget, QComboBox):
            widget.showPopup()
            popup = widget.view()
            qtbot.waitUntil(popup.isVisible)
            for digit in DIGITS:
                qtbot.keyClick(popup, digit)
                qtbot.keyClick(popup, digit, Qt.KeyboardModifier.AltModifier)
            widget.hidePopup()
            assert ws.form.disposition == "callback", f"{widget.objectName()} (open)"
    assert ws.form.callback_at.isEnabled()  # the callback time is still there to save


def test_a_bare_digit_chooses_only_in_the_disposition_row(qtbot, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    next_call(qtbot, ws)
    press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # go to the disposition row
    assert ws.form.bar.hasFocus()
    press(qtbot, Qt.Key.Key_2)
    assert ws.form.disposition == "no_answer"
    press(qtbot, Qt.Key.Key_1)
    assert ws.form.disposition == "reached"


def test_the_chosen_disposition_is_unmistakable(qtbot, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    next_call(qtbot, ws)
    assert "not chosen" in ws.form.bar.chosen_label.text()
    _choose(qtbot, ws, "callback")
    assert ws.form.bar.chosen_label.text() == "✔ Callback requested"
    button = ws.form.dispositions.checkedButton()
    image = button.grab().toImage()
    dark_blue = sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
                    if abs(image.pixelColor(x, y).blue() - 173) < 30 and image.pixelColor(x, y).red() < 40)
    other = ws.form.dispositions.button(1).grab().toImage()
    other_blue = sum(1 for x in range(0, other.width(), 2) for y in range(0, other.height(), 2)
                     if abs(other.pixelColor(x, y).blue() - 173) < 30 and other.pixelColor(x, y).red() < 40)
    assert dark_blue > 10 * max(other_blue, 1)  # the chosen one is filled, the others are not


def test_out_of_range_satisfaction_is_refused_with_a_message_not_clamped(qtbot, db, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = next_call(qtbot, ws)
    ws.form.satisfaction.setFocus()
    qtbot.keyClicks(ws.form.satisfaction, "11")
    assert ws.form.satisfaction.value() == 11  # kept as typed, never turned into 1
    _choose(qtbot, ws, "reached")
    assert "1 to 10" in ws.form.error_text("satisfaction")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not ws._saving)
    assert ws.call is call and calls_for(db, call.task_id) == []
    assert ws.form.satisfaction.value() == 11


def test_out_of_range_script_score_is_refused_beside_the_question(qtbot, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    next_call(qtbot, ws)
    editor = ws.script.editor("satisfaction")
    editor.setFocus()
    qtbot.keyClicks(editor, "11")
    _choose(qtbot, ws, "reached")
    assert "1 to 10" in ws.script.view.errors["satisfaction"].text()


def test_alt_p_opens_the_complaint_and_every_alt_letter_reaches_its_field(qtbot, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    next_call(qtbot, ws)
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert ws.form.complaint_category.hasFocus()
    _choose(qtbot, ws, "callback")  # so the callback time takes the focus too
    ws.form.offer_remedies(True)  # as on a re-visit: the remedies row takes its key too
    mnemonics = ws.form.mnemonics()
    assert len(mnemonics) >= 8
    for keys, caption in mnemonics:
        ws.queue.search.setFocus()
        letter = keys.split("+")[1]
        press(qtbot, getattr(Qt.Key, f"Key_{letter}"), Qt.KeyboardModifier.AltModifier)
        focus = QApplication.focusWidget()
        assert focus is not None and ws.form.isAncestorOf(focus), f"{keys} ({caption}) went to {focus}"


def test_no_two_keys_of_the_window_are_the_same(qtbot, queue_seed, make_ctx):
    from PySide6.QtGui import QAction, QShortcut

    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    seen: dict[str, str] = {}
    keys = [(k.toString(), a.objectName() or a.text()) for a in window.findChildren(QAction) for k in a.shortcuts()
            if a.isVisible()]
    keys += [(s.key().toString(), "shortcut") for s in window.findChildren(QShortcut)]
    keys += [(k, caption) for k, caption in ws.form.mnemonics()]
    keys += [(f"Alt+{a.text()[a.text().index('&') + 1].upper()}", a.text())
             for a in window.menuBar().actions() if "&" in a.text()]
    for key, owner in keys:
        assert key not in seen, f"{key} is both {seen.get(key)} and {owner}"
        seen[key] = owner


def test_the_shortcut_sheet_lists_every_key_and_f1_stays_the_knowledge_base(qtbot, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    next_call(qtbot, ws)
    press(qtbot, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    sheet = window.findChild(QWidget, "shortcut_sheet")
    qtbot.waitUntil(lambda: sheet is not None and sheet.isVisible() if sheet else
                    window.findChild(QWidget, "shortcut_sheet") is not None)
    sheet = window.findChild(QWidget, "shortcut_sheet")
    listed = " | ".join(k for k, _text in sheet.rows())
    for action in ws.actions_by_name.values():
        for key in action.shortcuts():
            assert key.toString() in listed, key.toString()
    assert "Alt+P" in listed and "Alt+1" in listed
    sheet.close()
    press(qtbot, Qt.Key.Key_F1)
    assert ws.knowledge.query.hasFocus()


def test_f6_reaches_every_panel_and_arrows_switch_tabs(qtbot, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    next_call(qtbot, ws)
    ws.queue.table.setFocus()
    visited = []
    for _ in range(len(ws.panels())):
        press(qtbot, Qt.Key.Key_F6)
        visited.append(QApplication.focusWidget())
    stops = ws.panels()
    assert visited == stops[1:] + stops[:1]  # round the panels, back to the queue
    press(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is stops[-1]
    assert ws.member.tabs.tabBar() in visited and ws.form.bar in visited and ws.knowledge.query in visited
    ws.member.tabs.tabBar().setFocus()
    before = ws.member.tabs.currentIndex()
    press(qtbot, Qt.Key.Key_Right)
    assert ws.member.tabs.currentIndex() == before + 1
    ws.queue.table.setFocus()
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # my callbacks
    assert ws.left.currentWidget() is ws.callbacks and ws.callbacks.list.hasFocus()


def test_ctrl_f_f9_and_ctrl_tab_do_what_the_sheet_says(qtbot, db, queue_seed, make_ctx):
    from app.data.tables import FollowUpTask

    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    ws.queue.timer.stop()  # only F9 may refresh the queue here
    ws.knowledge.query.setFocus()
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert ws.queue.search.hasFocus()

    gone = queue_seed.member_ids[0]
    assert ws.queue.model.row_of_member(gone) is not None
    with db.session(write=True) as s:
        for task in s.query(FollowUpTask).filter(FollowUpTask.member_id == gone):
            task.status = "cancelled"
    press(qtbot, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: ws.queue.model.row_of_member(gone) is None)

    for start in (ws.queue.table, ws.member.purchases):  # a table of the left panel, a page of the member's
        tabs = ws.left if start is ws.queue.table else ws.member.tabs
        tabs.setCurrentIndex(0)
        start.setFocus()
        qtbot.waitUntil(start.hasFocus)
        press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        assert tabs.currentIndex() == 1, start.objectName()
        press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert tabs.currentIndex() == 0, start.objectName()


def test_the_focus_is_always_drawn(qtbot, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    next_call(qtbot, ws)
    for widget in (ws.form.notes, ws.form.complaint_text, ws.form.adherence, ws.queue.search):
        ws.knowledge.query.setFocus()
        qtbot.waitUntil(ws.knowledge.query.hasFocus)
        plain = widget.grab().toImage().pixelColor(0, widget.height() // 2)
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        focused = widget.grab().toImage().pixelColor(0, widget.height() // 2)
        assert (focused.red(), focused.green(), focused.blue()) == (0x1a, 0x73, 0xe8), widget.objectName()
        assert plain != focused


def test_quitting_mid_call_asks_and_no_keeps_everything(qtbot, db, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = next_call(qtbot, ws)
    ws.form.notes.setFocus()
    qtbot.keyClicks(ws.form.notes, "wants the large pack")
    asked: list[str] = []
    ws.calls.confirm = lambda text: asked.append(text) or False
    window.close()
    assert window.isVisible() and ws.call is call
    assert ws.form.notes.toPlainText() == "wants the large pack"
    assert asked and call.item.member_name in asked[0]
    ws.calls.confirm = lambda text: True
    window.close()
    assert not window.isVisible()


def test_switching_member_mid_call_asks_first(qtbot, db, queue_seed, make_ctx):
    from app.data.tables import FollowUpTask

    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = next_call(qtbot, ws)
    ws.form.notes.setFocus()
    qtbot.keyClicks(ws.form.notes, "typed")
    qtbot.waitUntil(lambda: ws.queue.model.rowCount() >= 2)
    other = next(r for r in ws.queue.model.rows() if r.item.member_id != call.item.member_id)
    asked: list[str] = []
    ws.calls.confirm = lambda text: asked.append(text) or False
    ws.queue.activated.emit(other)
    assert asked and ws.call is call and ws.form.notes.toPlainText() == "typed"
    ws.calls.confirm = lambda text: True
    ws.queue.activated.emit(other)
    qtbot.waitUntil(lambda: ws.call is not None and ws.call.item.member_id == other.item.member_id)
    with db.session() as s:
        assert s.get(FollowUpTask, call.task_id).status == "open"  # the first member went back


def test_releasing_a_call_with_something_typed_asks_first(qtbot, db, queue_seed, make_ctx):
    from app.data.tables import FollowUpTask

    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    asked: list[str] = []
    ws.calls.confirm = lambda text: asked.append(text) or False
    call = next_call(qtbot, ws)
    ws.form.notes.setFocus()
    qtbot.keyClicks(ws.form.notes, "call back about the large pack")
    press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not ws._ctx.runner.busy)
    assert asked and ws.call is call and ws.form.notes.toPlainText() == "call back about the large pack"
    with db.session() as s:
        assert s.get(FollowUpTask, call.task_id).claimed_by_id == queue_seed.agent.id
    ws.form.notes.clear()  # nothing typed any more: Release goes without a question
    asked.clear()
    press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ws.call is None)
    assert asked == []


def test_no_text_is_cut_in_english_at_1366x768(qtbot, queue_seed, make_ctx):
    from PySide6.QtWidgets import QAbstractButton, QLabel, QStyle, QStyleOptionComboBox

    from ui.elided_label import ElidedLabel

    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    window.resize(1366, 768)
    next_call(qtbot, ws)
    _choose(qtbot, ws, "callback")
    qtbot.waitUntil(lambda: ws.member.programme_bar.rewards.count() > 0)  # the rewards' names are in
    qtbot.wait(50)
    problems = []
    for widget in ws.findChildren(QWidget):
        if not widget.isVisible() or isinstance(widget, ElidedLabel):
            continue  # the banner ends in "..." by design; its tooltip and the header hold it all
        if isinstance(widget, QLabel) and widget.text() and widget.textFormat() != Qt.TextFormat.RichText \
                and "<" not in widget.text():
            metrics = widget.fontMetrics()
            room = widget.contentsRect().width() - 2 * widget.margin()
            text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")  # mnemonics
            if widget.wordWrap():
                words = [w for w in text.split() if metrics.horizontalAdvance(w) > room]
                if words:
                    problems.append(f"{widget.objectName() or widget.text()!r}: {words} split")
            elif metrics.horizontalAdvance(text) > room + 1:
                problems.append(f"label {text!r} cut ({room}px < {metrics.horizontalAdvance(text)})")
        elif isinstance(widget, QAbstractButton) and widget.text() and isinstance(widget.parent(), QWidget):
            if widget.sizeHint().width() > widget.width() + 1:
                problems.append(f"button {widget.text()!r} cut ({widget.width()} < {widget.sizeHint().width()})")
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            # whichever item is chosen shows whole in the closed box
            option = QStyleOptionComboBox()
            widget.initStyleOption(option)
            room = widget.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                                 QStyle.SubControl.SC_ComboBoxEditField, widget).width()
            for item in (widget.itemText(i) for i in range(widget.count())):
                if widget.fontMetrics().horizontalAdvance(item) > room + 1:
                    problems.append(f"choice {item!r} of {widget.objectName()} cut ({room}px)")
    assert problems == [], "\n".join(problems)
