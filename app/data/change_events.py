"""The change feed's one writer: a change_events row in the caller's transaction and, on
PostgreSQL once NOTIFY is on, its NOTIFY in the same statement (sent at commit, dropped on
rollback, like the row). One round trip, no ORM object: every claim and save writes one."""

from datetime import datetime
from functools import lru_cache

from sqlalchemy import BigInteger, Integer, String, bindparam, func, insert, select, text
from sqlalchemy.orm import Session

from app.data.base import UTCDateTime
from app.data.tables import ChangeEvent

CHANNEL = "caredesk_changes"
_notify = {"on": False}


def notify_on_write() -> None:
    """From now on every row written here also NOTIFYs CHANNEL (PostgreSQL; idempotent)."""
    _notify["on"] = True


def write_change(session: Session, *, at: datetime, topic: str, entity_id: int | None, user_id: int | None) -> None:
    dialect = session.get_bind().dialect.name
    session.execute(_statement(dialect == "postgresql" and _notify["on"]),
                    {"at": at, "topic": topic, "entity_id": entity_id, "user_id": user_id})


def notifying() -> bool:
    return _notify["on"]


def written_when(condition, *, notify: bool):
    """The change row as part of a bigger PostgreSQL statement (its parameters: at, topic,
    entity_id, user_id), written only if `condition` holds: a scalar column, how many rows
    were written (each with its NOTIFY when `notify`)."""
    written = (insert(ChangeEvent).from_select(list(_VALUES), select(*_VALUES.values()).where(condition))
               .returning(ChangeEvent.topic).cte("written"))
    counted = func.pg_notify(CHANNEL, written.c.topic) if notify else written.c.topic
    return select(func.count(counted)).scalar_subquery()


_VALUES = {"at": bindparam("at", type_=UTCDateTime()), "topic": bindparam("topic", type_=String()),
           "entity_id": bindparam("entity_id", type_=BigInteger()), "user_id": bindparam("user_id", type_=Integer())}


@lru_cache(maxsize=2)
def _statement(notify: bool):
    row = insert(ChangeEvent).values(**_VALUES)
    if not notify:
        return row
    written = row.returning(ChangeEvent.topic).cte("written")
    return select(text(f"pg_notify('{CHANNEL}', written.topic)")).select_from(written)


__all__ = ["CHANNEL", "notify_on_write", "notifying", "write_change", "written_when"]
