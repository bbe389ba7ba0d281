"""The touched members' rows, gathered over the steps of an import (order facts, points,
tier upgrades, lifecycle) and written once: each step used to rewrite the same rows, three
times per import, each time into the members' eight indexes.

A step sets columns (`set`) or adds points (`add_points`); `write` reads the stored values
of the gathered members once, overlays what was gathered and writes only the members whose
row changes, in one bulk statement per shape of row (app.data.bulk). The version moves
(and updated_at) only when the order facts change, as when each step wrote its own part."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.data.bulk import among, update_rows
from app.data.tables import Member

CHUNK = 5000
FACTS = ("first_order_at", "last_order_at", "total_spent_fen")  # a change here is a member edit: version + 1
TIER = ("tier", "tier_review_on", "tier_grace_until")
LIFECYCLE = ("lifecycle_stage", "segment_tags", "lifecycle_next_on")
_READ = (*FACTS, *LIFECYCLE, "updated_at")


class MemberRows:
    def __init__(self) -> None:
        self.values: dict[int, dict[str, Any]] = defaultdict(dict)
        self.points: dict[int, int] = defaultdict(int)

    def __bool__(self) -> bool:
        return bool(self.values or self.points)

    def set(self, member_id: int, **values: Any) -> None:
        self.values[member_id].update(values)

    def add_points(self, member_id: int, delta: int) -> None:
        self.points[member_id] += delta

    def write(self, session: Session, now: datetime, only: Iterable[int] | None = None) -> int:
        """Everything gathered (for the members in `only`, if given), one statement per row
        shape; then nothing of theirs is pending. The members written."""
        conn = session.connection()
        ids = set(self.values) | set(self.points)
        ids = sorted(ids if only is None else ids.intersection(only))
        m = Member.__table__
        rows: list[dict[str, Any]] = []
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            query = select(m.c.id, *(m.c[c] for c in _READ)).where(among(conn, m.c.id, chunk))
            for stored in conn.execute(query).all():
                mid, old = stored[0], dict(zip(_READ, stored[1:]))
                new = self.values.get(mid, {})
                row = self._row(mid, old, new, now)
                if row is not None:
                    rows.append(row)
        update_rows(conn, m, rows, add=("points_balance", "version"))
        written = {r["_id"] for r in rows}
        for obj in list(session.identity_map.values()):  # the bulk statement bypassed the session
            if isinstance(obj, Member) and obj.id in written:
                session.expire(obj)
        if only is None:
            self.values.clear()
            self.points.clear()
        else:
            for mid in ids:
                self.values.pop(mid, None)
                self.points.pop(mid, None)
        return len(rows)

    def _row(self, mid: int, old: dict[str, Any], new: dict[str, Any], now: datetime) -> dict[str, Any] | None:
        points = self.points.get(mid, 0)
        edited = any(c in new and new[c] != old[c] for c in FACTS)
        changed = edited or points or any(c in new and new[c] != old.get(c) for c in (*LIFECYCLE, *TIER))
        if not changed:
            return None
        # Every row of the import has the same columns (one statement), a tier upgrade adds its three.
        row = {"_id": mid, **{c: new.get(c, old[c]) for c in (*FACTS, *LIFECYCLE)}, "points_balance": points,
               "version": int(edited), "updated_at": now if edited else old["updated_at"]}
        row.update({c: new[c] for c in TIER if c in new})
        return row


__all__ = ["MemberRows"]
