"""The queue as agents see it: the daily build (now, or as a job when due) and the ranked list.

Each public function is one unit of work (db, actor, clock) behind Permission.WORK_QUEUE;
claims live in claims.py.
"""

from sqlalchemy import select

from app.data.tables import AuditEntry
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.queue_settings import QueueSettings
from app.services.audit import announce, audit
from app.services.users import Actor, Permission, require
from app.services.settings import queue_settings
from app.services.queue.build import BuildSummary, build_all
from app.services.queue.rank import QueueItem, rank

BUILD_ENTITY = "queue_build"  # audit entity of a daily build; its entity_id is the day
# What ranking a queue reads. Without queue_rank's, SQLite took the rank for a large table
# next to a smaller members and scanned every member for each arm (show 56 ms instead of
# 7 ms at 100,000 members; at a million the guess happened to fit).
ANALYZED = ("follow_up_tasks", "queue_rank", "members", "calls", "tickets")
SQLITE_ANALYSIS_ROWS = 2000  # rows sampled per index: enough to tell a member from a status



def build_queue(db: Database, actor: Actor, clock: Clock, *, settings: QueueSettings | None = None,
                progress=None, every_member: bool = False) -> BuildSummary:
    """The daily build (idempotent: running it twice the same day changes nothing more).
    It plans the members whose day has come (events plan the others at once); every
    member with `every_member`, to the same tasks."""
    require(actor, Permission.SUPERVISE)  # centre-wide: every agent's queue
    with db.session(write=True) as session:
        summary = build_all(session, clock, settings or queue_settings(session), progress=progress,
                            every_member=every_member)
        # The audit entry doubles as the record that today's build ran (build_if_due).
        audit(session, actor, clock, action="queue.build", entity=BUILD_ENTITY, entity_id=summary.day.isoformat(),
              detail={"created": summary.created, "updated": summary.updated, "withdrawn": summary.withdrawn,
                      "expired": summary.expired, "seconds": summary.seconds})
        announce(session, actor, clock, topic="queue")
    _refresh_statistics(db)
    return summary


def build_if_due(db: Database, actor: Actor, clock: Clock, *, settings: QueueSettings | None = None,
                 progress=None) -> BuildSummary | None:
    """The daily build as a job: run it unless it already ran for today (None then). The
    workstation runs this in the background after its window is up, never before it; a
    server's build is its administrator's (`caredesk-admin queue build`, e.g. from cron)."""
    require(actor, Permission.WORK_QUEUE)
    with db.session() as session:
        done = session.scalar(select(AuditEntry.id).where(
            AuditEntry.entity == BUILD_ENTITY, AuditEntry.entity_id == clock.today().isoformat()).limit(1))
    if done is not None:
        return None
    return build_queue(db, actor, clock, settings=settings, progress=progress)


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


def show_queue(db: Database, actor: Actor, clock: Clock, *, agent: Actor | None = None, limit: int = 50,
               settings: QueueSettings | None = None, lang: str = "zh") -> list[QueueItem]:
    """`agent`'s queue (the actor's own by default), best first."""
    require(actor, Permission.WORK_QUEUE)
    if agent is not None and agent.id != actor.id:
        require(actor, Permission.SUPERVISE)  # another agent's queue
    who = agent or actor
    with db.session() as session:
        return rank(session, clock, settings or queue_settings(session), agent_id=who.id, limit=limit, lang=lang)


