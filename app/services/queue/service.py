"""The queue as agents see it: the daily build, the one-member re-plan, and the ranked list.

Each public function is one unit of work (db, actor, clock) behind Permission.WORK_QUEUE;
claims live in claims.py.
"""

from sqlalchemy.orm import Session

from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.queue_settings import DEFAULT_SETTINGS, QueueSettings
from app.services.audit import announce
from app.services.users import Actor, Permission, require
from app.services.queue.build import BuildSummary, build_all
from app.services.queue.build import rebuild_member as _rebuild_member
from app.services.queue.rank import QueueItem, rank

ANALYZED = ("follow_up_tasks", "members", "calls", "tickets")  # what ranking a queue reads
SQLITE_ANALYSIS_ROWS = 2000  # rows sampled per index: enough to tell a member from a status



def build_queue(db: Database, actor: Actor, clock: Clock, *, settings: QueueSettings = DEFAULT_SETTINGS,
                progress=None) -> BuildSummary:
    """The daily build (idempotent: running it twice the same day changes nothing more)."""
    require(actor, Permission.SUPERVISE)  # centre-wide: every agent's queue
    with db.session(write=True) as session:
        summary = build_all(session, clock, settings, progress=progress)
        announce(session, actor, clock, topic="queue")
    _refresh_statistics(db)
    return summary


def _refresh_statistics(db: Database) -> None:
    """A build can add a million tasks; without statistics SQLite reads a member's tasks
    through (status, due_at) instead of the member index and show/claim slow 100x. They go
    in a committed transaction of their own (engine.begin) so every other process sees them;
    SQLite samples (analysis_limit) so this stays well under a second at a million tasks."""
    with db.engine.begin() as conn:
        if db.is_embedded:
            conn.exec_driver_sql(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_ROWS}")
        for table in ANALYZED:
            conn.exec_driver_sql(f"ANALYZE {table}")


def rebuild_member(session: Session, clock: Clock, member_id: int,
                   settings: QueueSettings = DEFAULT_SETTINGS) -> BuildSummary:
    """Re-plan one member inside the caller's transaction (after an order, ticket, consent change)."""
    return _rebuild_member(session, clock, member_id, settings)


def show_queue(db: Database, actor: Actor, clock: Clock, *, agent: Actor | None = None, limit: int = 50,
               settings: QueueSettings = DEFAULT_SETTINGS, lang: str = "zh") -> list[QueueItem]:
    """`agent`'s queue (the actor's own by default), best first."""
    require(actor, Permission.WORK_QUEUE)
    if agent is not None and agent.id != actor.id:
        require(actor, Permission.SUPERVISE)  # another agent's queue
    who = agent or actor
    with db.session() as session:
        return rank(session, clock, settings, agent_id=who.id, limit=limit, lang=lang)


