"""A unit of work: one session per user action, committed or rolled back as a whole."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.config import Config
from app.data.engine import make_claims_engine, make_engine
from app.data.pg_roles import connected_user


class Database:
    """The engine and a session factory; services open one unit of work per action."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def from_config(cls, config: Config) -> "Database":
        return cls(make_engine(config.database_url))

    @classmethod
    def from_url(cls, url: str) -> "Database":
        return cls(make_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_embedded(self) -> bool:
        return self.dialect == "sqlite"

    @cached_property
    def claims_engine(self) -> Engine:
        """claim_next's engine: on PostgreSQL its own connections (make_claims_engine)."""
        if self.is_embedded:
            return self.engine
        return make_claims_engine(self.engine.url.render_as_string(hide_password=False))

    @cached_property
    def _claim_sessions(self) -> sessionmaker:
        return self._sessions if self.is_embedded else sessionmaker(self.claims_engine, expire_on_commit=False)

    @cached_property
    def login_user(self) -> str | None:
        """The CareDesk user whose own login this is (team mode), or None (owner, embedded)."""
        if self.is_embedded:
            return None
        with self.engine.connect() as conn:
            return connected_user(conn)

    @contextmanager
    def session(self, *, write: bool = False, claiming: bool = False) -> Iterator[Session]:
        """Commit on success, roll back on any error; the session never outlives the block.

        `write=True` takes SQLite's write lock at the start (a single-writer transaction),
        which claims and saves need; on PostgreSQL it changes nothing. `claiming`: claim_next's
        reads and its take, on PostgreSQL on connections of their own (autocommit, planned
        once: app.data.engine.make_claims_engine); on SQLite a session like any other.
        """
        session = (self._claim_sessions if claiming else self._sessions)()
        if write and self.is_embedded:
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        if "claims_engine" in self.__dict__:
            self.claims_engine.dispose()
        self.engine.dispose()
