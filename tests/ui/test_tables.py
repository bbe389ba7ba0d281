"""One table kit: the queue, members and console tables are all RowsModel over frozen rows."""

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ui.members.model import MEMBER_ID_ROLE, MembersModel
from ui.queue.model import QueueModel
from ui.tables.rows_model import ROW_ROLE, Col, RowsModel


@dataclass(frozen=True)
class _Row:
    id: int
    name: str
    late: bool


def test_every_table_model_is_built_on_the_kit(qtbot, clock):
    from ui.supervisor import console, tickets_panel

    assert issubclass(QueueModel, RowsModel) and issubclass(MembersModel, RowsModel)
    assert console.RowsModel is RowsModel and tickets_panel.RowsModel is RowsModel


def test_the_kit_passes_the_model_tester_with_row_looks_and_extra_roles(qtmodeltester):
    red = QBrush(QColor("#b00020"))
    model = RowsModel([Col("T", "Name", lambda r: r.name), Col("T", "Id", lambda r: str(r.id), sort=lambda r: r.id,
                                                              numeric=True)],
                      foreground=lambda r: red if r.late else None, roles={MEMBER_ID_ROLE: lambda r: r.id})
    model.set_rows([_Row(1, "王秀英", True), _Row(2, "李娜", False)])
    qtmodeltester.check(model)
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == red
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1, 1).data(MEMBER_ID_ROLE) == 2 and model.index(1, 1).data(ROW_ROLE).name == "李娜"
