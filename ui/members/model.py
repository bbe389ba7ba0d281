"""The table of the agent's own members: plain frozen rows on the table kit
(ui.tables.rows_model); cells out, no database."""

from enum import IntEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from app.domain.codes import LifecycleStage, Tier
from app.services.members import OwnedMemberRow
from ui.i18n import label
from ui.tables.rows_model import SORT_ROLE, Col, RowsModel

__all__ = ["Column", "MEMBER_ID_ROLE", "MembersModel", "SORT_ROLE"]

_CTX = "MembersModel"
MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 3  # the member's id, for "open" and "care report"


class Column(IntEnum):
    NAME = 0
    PHONE = 1
    TIER = 2
    POINTS = 3
    LAST_ORDER = 4
    LIFECYCLE = 5


def _tier_rank(row: OwnedMemberRow) -> int:
    return list(Tier).index(Tier(row.tier)) if row.tier in Tier._value2member_map_ else -1


def _last_order(row: OwnedMemberRow) -> str:
    return row.last_order_on.isoformat() if row.last_order_on else ""


_COLUMNS: list[Col[OwnedMemberRow]] = [
    Col(_CTX, QT_TRANSLATE_NOOP("MembersModel", "Name"), lambda r: r.name),
    Col(_CTX, QT_TRANSLATE_NOOP("MembersModel", "Phone"), lambda r: r.phone_masked),
    Col(_CTX, QT_TRANSLATE_NOOP("MembersModel", "Tier"), lambda r: label(Tier, r.tier), sort=_tier_rank),
    Col(_CTX, QT_TRANSLATE_NOOP("MembersModel", "Points"), lambda r: f"{r.points:,}", sort=lambda r: r.points,
        numeric=True),
    Col(_CTX, QT_TRANSLATE_NOOP("MembersModel", "Last order"), _last_order),
    Col(_CTX, QT_TRANSLATE_NOOP("MembersModel", "Lifecycle"), lambda r: label(LifecycleStage, r.lifecycle_stage)),
]


class MembersModel(RowsModel[OwnedMemberRow]):
    def __init__(self, parent=None) -> None:
        super().__init__(_COLUMNS, parent, roles={MEMBER_ID_ROLE: lambda r: r.member_id})
