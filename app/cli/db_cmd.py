"""caredesk-admin db upgrade|status: the schema through Alembic."""

from sqlalchemy.exc import OperationalError

from app.cli.context import CliContext, err
from app.data import migrate


def register(sub, common) -> None:
    db = sub.add_parser("db", help="database schema", parents=[common])
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_sub.add_parser("upgrade", help="create or upgrade the schema to this version", parents=[common])
    up.set_defaults(handler=_upgrade)
    status = db_sub.add_parser("status", help="show the schema version", parents=[common])
    status.set_defaults(handler=_status)


def _upgrade(ctx: CliContext, args) -> int:
    try:
        migrate.upgrade(ctx.db.engine)
    except OperationalError as exc:
        err(f"cannot reach the database: {exc.orig}")
        return 1
    print(f"schema at {migrate.head_revision()} ({ctx.db.engine.url.render_as_string(hide_password=True)})")
    return 0


def _status(ctx: CliContext, args) -> int:
    current = migrate.current_revision(ctx.db.engine)
    head = migrate.head_revision()
    print(f"current: {current or 'empty'}; this version expects: {head}")
    return 0 if current == head else 1
