"""The members table model is a well-behaved Qt model over plain rows."""

from datetime import date

from app.services.members import OwnedMemberRow
from ui.members.model import Column, MembersModel


def _rows() -> list[OwnedMemberRow]:
    return [
        OwnedMemberRow(1, "M1", "王秀英", "138****5678", "gold", "stable", 1200, date(2026, 6, 1)),
        OwnedMemberRow(2, "M2", "李娜", "139****0000", "standard", "churn_warning", 0, None),
    ]


def test_model_passes_qt_model_tester(qtmodeltester):
    model = MembersModel()
    model.set_rows(_rows())
    qtmodeltester.check(model)


def test_model_shows_translated_labels_not_codes(qtbot):
    model = MembersModel()
    model.set_rows(_rows())
    assert model.index(0, Column.TIER).data() == "Gold"
    assert model.index(1, Column.LIFECYCLE).data() == "Churn warning"
    assert model.index(1, Column.LAST_ORDER).data() == ""
    assert model.index(0, Column.POINTS).data() == "1,200"
