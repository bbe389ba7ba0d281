"""Fixtures for the desktop tests: a seeded database, a real task runner, a context to pass down."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from app.data.uow import Database
from app.domain.clock import Clock
from app.services.users import Actor
from tests.support.factories import make_member, make_order, make_product, make_user
from ui.context import AppContext
from ui.settings import Settings
from ui.tasks import TaskRunner


@dataclass
class Seeded:
    agent: Actor
    other_agent: Actor
    supervisor: Actor
    own_member_names: list[str] = field(default_factory=list)
    other_member_names: list[str] = field(default_factory=list)


@pytest.fixture
def seeded(db: Database, clock: Clock) -> Seeded:
    """Two agents, a supervisor, and members owned by each agent with a purchase or two."""
    now = clock.now()
    with db.session(write=True) as s:
        agent = make_user(s, "agent1", at=now)
        other = make_user(s, "agent2", at=now)
        supervisor = make_user(s, "super1", role="supervisor", at=now)
        oil = make_product(s, "FO-500")
        seed = Seeded(agent=agent, other_agent=other, supervisor=supervisor)
        for i, (name, initials) in enumerate([("王秀英", "wxy"), ("李娜", "ln"), ("张伟", "zw")]):
            member = make_member(s, at=now, name=name, name_initials=initials, owner_id=agent.id,
                                 phone=f"+86138{i:04d}5678", tier=["gold", "silver", "standard"][i])
            make_order(s, member, oil, ordered_at=now - timedelta(days=20 + i))
            seed.own_member_names.append(name)
        member = make_member(s, at=now, name="赵敏", name_initials="zm", owner_id=other.id, phone="+8613987654321")
        seed.other_member_names.append(member.name)
    return seed


@pytest.fixture
def runner(qtbot) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def make_ctx(db: Database, clock: Clock, runner: TaskRunner, db_url: str) -> Callable[[Actor], AppContext]:
    from app.config import Config

    def build(actor: Actor, *, language: str = "en") -> AppContext:
        return AppContext(config=Config(database_url=db_url), db=db, clock=clock, runner=runner,
                          settings=Settings(), actor=actor, language=language)

    return build


@dataclass
class QueueSeed:
    agent: Actor
    other_agent: Actor
    member_ids: list[int]


@pytest.fixture
def queue_seed(db: Database, clock: Clock) -> QueueSeed:
    """Four members whose 30-day fish oil runs out in 1-4 days: four refill calls due now."""
    from app.services.users import SYSTEM
    from app.services.queue import build_queue

    now = clock.now()
    with db.session(write=True) as s:
        agent = make_user(s, "agent1", at=now)
        other = make_user(s, "agent2", at=now)
        oil = make_product(s, "FO-500")
        ids = []
        for i, (name, initials) in enumerate([("王秀英", "wxy"), ("李娜", "ln"), ("张伟", "zw"), ("刘洋", "ly")]):
            member = make_member(s, at=now, name=name, name_initials=initials, phone=f"+86138{i:04d}5678",
                                 tier=["gold", "silver", "standard", "diamond"][i])
            make_order(s, member, oil, ordered_at=now - timedelta(days=26 + i))
            ids.append(member.id)
    build_queue(db, SYSTEM, clock)
    return QueueSeed(agent=agent, other_agent=other, member_ids=ids)


def activate(qtbot, window) -> None:
    """Show and activate a window so window shortcuts reach it (offscreen needs the wait)."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


@pytest.fixture(autouse=True)
def main_thread_collector(qapp) -> Iterator[None]:
    """As in the app (ui/main.py): Python's collector runs on the GUI thread only."""
    from ui.collector import MainThreadCollector

    collector = MainThreadCollector(qapp)
    yield
    collector.stop()
    collector.deleteLater()


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch) -> list[str]:
    """A modal question would block an offscreen test forever: record it and answer yes.

    Tests of the asking itself replace `Workstation.calls.confirm` and check what was asked.
    """
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked
