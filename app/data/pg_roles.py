"""Team mode on PostgreSQL: group roles, one login role per CareDesk user, who is connected.

The group roles and their privileges are created by migration 0004_security (run by the
database owner); this module creates, changes and inspects the login roles of users.
"""

import base64
import hashlib
import hmac
import os
import unicodedata
from collections.abc import Callable, Mapping

from sqlalchemy import Connection, Result, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

AGENT = "caredesk_agent"
SUPERVISOR = "caredesk_supervisor"
ADMIN = "caredesk_admin"
HEALTH = "caredesk_health"
GROUPS = (AGENT, SUPERVISOR, ADMIN, HEALTH)
# A CareDesk role is its group plus the groups below it (a supervisor may do what an agent may).
# Administrators see health data in the services too, so their login always has the grant.
GROUPS_OF_ROLE = {"agent": (AGENT,), "supervisor": (AGENT, SUPERVISOR), "admin": (AGENT, SUPERVISOR, ADMIN, HEALTH)}
SCRAM_ITERATIONS = 4096  # PostgreSQL's own default (scram_iterations)


def scram_verifier(password: str) -> str:
    """The SCRAM-SHA-256 secret PostgreSQL stores, made here so no plain password reaches the server (or its log)."""
    salt = os.urandom(16)
    # SASLprep is close to NFKC for what people type; PostgreSQL applies it on its side too.
    salted = hashlib.pbkdf2_hmac("sha256", unicodedata.normalize("NFKC", password).encode(), salt, SCRAM_ITERATIONS)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    return f"SCRAM-SHA-256${SCRAM_ITERATIONS}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def _quote_ident(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def connected_user(conn: Connection) -> str | None:
    """The CareDesk user this connection signed in as, or None for the owner / a superuser."""
    if conn.dialect.name != "postgresql":
        return None
    row = conn.execute(text(
        "SELECT current_user, EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = current_user AND g.rolname = ANY(:groups))"
    ), {"groups": list(GROUPS)}).one()
    return row[0] if row[1] else None


def groups_exist(conn: Connection) -> bool:
    return conn.execute(text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:g)"), {"g": list(GROUPS)}).scalar() == len(GROUPS)


def create_login(conn: Connection, username: str, password: str, *, role: str, health: bool) -> None:
    name = _quote_ident(conn, username)
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": username}).scalar()
    verb = "ALTER" if exists else "CREATE"
    conn.exec_driver_sql(f"{verb} ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                         f"PASSWORD {_literal(scram_verifier(password))}")
    # The safe views (masked phones, no password hashes) shadow the tables for this login.
    conn.exec_driver_sql(f"ALTER ROLE {name} SET search_path = caredesk_safe, public")
    set_groups(conn, username, role=role, health=health)


def set_groups(conn: Connection, username: str, *, role: str, health: bool) -> None:
    name = _quote_ident(conn, username)
    wanted = set(GROUPS_OF_ROLE[role]) | ({HEALTH} if health else set())
    for group in GROUPS:
        verb = f"GRANT {group} TO {name}" if group in wanted else f"REVOKE {group} FROM {name}"
        conn.exec_driver_sql(verb)


def set_login(conn: Connection, username: str, *, enabled: bool) -> None:
    conn.exec_driver_sql(f"ALTER ROLE {_quote_ident(conn, username)} {'LOGIN' if enabled else 'NOLOGIN'}")


def set_password(conn: Connection, username: str, password: str) -> None:
    conn.exec_driver_sql(f"ALTER ROLE {_quote_ident(conn, username)} "
                         f"PASSWORD {_literal(scram_verifier(password))}")


def has_login(conn: Connection, username: str) -> bool:
    return bool(conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": username}).scalar())


def lacks_privilege(session: Session, check: str) -> bool:
    """True for a PostgreSQL login without the privilege `check` tests (a has_*_privilege
    call): such a login writes through the server's SECURITY DEFINER functions instead.
    SQLite and the owner have every privilege. Asked once per session and check."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    known = session.info.setdefault("lacks_privilege", {})
    if check not in known:
        known[check] = not session.scalar(text(f"SELECT {check}"))
    return known[check]


def server_function(session: Session, statement: str, params: dict,
                    refusals: Mapping[str, Callable[[str], Exception]]) -> Result:
    """Run one of the server's checked functions; a refusal's SQLSTATE (42501, 23514...)
    becomes the caller's own error, made from the server's message."""
    try:
        return session.execute(text(statement), params)
    except DBAPIError as exc:
        make = refusals.get(getattr(exc.orig, "sqlstate", None))
        if make is None:
            raise
        raise make(str(exc.orig.diag.message_primary)) from None
