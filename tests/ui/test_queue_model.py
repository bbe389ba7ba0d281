"""The queue model is a well-behaved Qt model; the filter finds by reason, name, phone tail, initials."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from app.services.queue import QueueItem
from ui.queue.model import Column, QueueModel, QueueRow
from ui.queue.panel import QueueFilter

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _item(task_id: int, name: str, phone: str, reasons: tuple[str, ...], *, window_open: bool = True,
          callback_due: bool = False) -> QueueItem:
    return QueueItem(
        task_id=task_id, task_ids=(task_id,), member_id=task_id, member_external_id=f"M{task_id}",
        member_name=name, phone_masked=phone, reasons=reasons, score=100 - task_id, why="鱼油还剩 4 天用完",
        due_at=datetime(2026, 6, 14, 16, 0, tzinfo=UTC), attempts=0,
        member_local_time=datetime(2026, 6, 15, 10, 0, tzinfo=SHANGHAI), window_open=window_open,
        tier="gold", claimed_by=None, callback_due=callback_due,
    )


def _rows() -> list[QueueRow]:
    return [
        QueueRow(_item(1, "王秀英", "138****5678", ("refill",)), "wxy"),
        QueueRow(_item(2, "李娜", "139****1234", ("churn_risk", "refill"), window_open=False), "ln"),
        QueueRow(_item(3, "张伟", "137****0001", ("callback",), callback_due=True), "zw"),
    ]


def test_queue_model_passes_qt_model_tester(qtmodeltester, clock):
    model = QueueModel(clock)
    model.set_rows(_rows())
    qtmodeltester.check(model)


def test_cells_show_labels_and_local_times(qtbot, clock):
    model = QueueModel(clock)
    model.set_rows(_rows())
    assert model.index(1, Column.REASONS).data() == "Churn risk, Refill"
    assert model.index(0, Column.DUE).data() == "06-15 00:00"  # workstation time, not UTC
    assert model.index(0, Column.LOCAL_TIME).data() == "10:00"
    assert model.index(1, Column.WINDOW).data() == "closed"


def test_the_whole_why_is_the_tooltip_of_the_columns_that_cut_it(qtbot, clock):
    """A long why does not fit its column at 1366x768; hovering shows all of it (issue 12)."""
    from PySide6.QtCore import Qt

    model = QueueModel(clock)
    model.set_rows(_rows())
    for column in (Column.WHY, Column.REASONS):
        assert model.index(1, column).data(Qt.ItemDataRole.ToolTipRole) == "鱼油还剩 4 天用完"


def test_filter_by_reason_name_phone_tail_and_initials(qtbot, clock):
    model = QueueModel(clock)
    model.set_rows(_rows())
    proxy = QueueFilter()
    proxy.setSourceModel(model)

    def names() -> list[str]:
        return [proxy.index(r, Column.MEMBER).data() for r in range(proxy.rowCount())]

    proxy.set_reason("refill")
    assert names() == ["王秀英", "李娜"]
    proxy.set_reason(None)
    proxy.set_text("1234")
    assert names() == ["李娜"]
    proxy.set_text("zw")
    assert names() == ["张伟"]
    proxy.set_text("秀")
    assert names() == ["王秀英"]
    proxy.set_text("")
    assert len(names()) == 3
