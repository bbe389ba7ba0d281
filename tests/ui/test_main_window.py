"""The first frame: the main window opens on a seeded database and lists the agent's members."""

from PySide6.QtWidgets import QLabel, QTableView

from ui.mainwindow import MainWindow
from ui.members.model import Column


def test_main_window_lists_only_the_signed_in_agents_members(qtbot, seeded, make_ctx):
    window = MainWindow(make_ctx(seeded.agent))
    qtbot.addWidget(window)
    window.show()
    window.reload()

    table = window.findChild(QTableView, "members_table")
    qtbot.waitUntil(lambda: table.model().rowCount() == 3)
    names = {table.model().index(r, Column.NAME).data() for r in range(3)}
    assert names == set(seeded.own_member_names)
    assert not names & set(seeded.other_member_names)
    # The phone is masked in the table, never shown in full.
    phones = {table.model().index(r, Column.PHONE).data() for r in range(3)}
    assert all("****" in phone for phone in phones)


def test_status_bar_names_the_agent_and_the_database(qtbot, seeded, make_ctx, db):
    window = MainWindow(make_ctx(seeded.agent))
    qtbot.addWidget(window)
    agent = window.findChild(QLabel, "status_agent").text()
    database = window.findChild(QLabel, "status_database").text()
    assert "agent1" in agent
    assert ("embedded" if db.is_embedded else "server") in database


def test_agent_without_members_sees_a_message_not_an_empty_grid(qtbot, seeded, make_ctx):
    window = MainWindow(make_ctx(seeded.supervisor))
    qtbot.addWidget(window)
    window.reload()
    status = window.findChild(QLabel, "members_status")
    qtbot.waitUntil(lambda: "No members" in status.text())


def test_search_filters_the_table(qtbot, seeded, make_ctx):
    window = MainWindow(make_ctx(seeded.agent))
    qtbot.addWidget(window)
    window.reload()
    qtbot.waitUntil(lambda: window.members.model.rowCount() == 3)
    window.members.search.setText("李娜")  # typed through an input method in real life
    assert window.members.proxy.rowCount() == 1


def test_column_widths_persist_between_runs(qtbot, seeded, make_ctx):
    ctx = make_ctx(seeded.agent)
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.members.table.horizontalHeader().resizeSection(Column.NAME, 211)
    first.close()

    second = MainWindow(ctx)
    qtbot.addWidget(second)
    assert second.members.table.horizontalHeader().sectionSize(Column.NAME) == 211
