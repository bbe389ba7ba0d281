"""security settings as the "security" section of app_settings; security_settings dropped

Revision ID: 0009_security_settings_section
Revises: 0012_remedies (the lead re-chains)

The lockout and retention values were rows of their own table beside the centre-wide
settings; they are now one section of app_settings (app.domain.security_settings), written
by admins only like every section (0004_security grants INSERT, UPDATE on app_settings to
caredesk_admin and SELECT to the application roles; dropping the table drops its grants).
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import app.data.base

revision: str = "0009_security_settings_section"
down_revision: str | None = "0011_refill_attribution"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP = "caredesk_agent, caredesk_supervisor, caredesk_admin"
SECTION = "security"
# security_settings keys -> settings of the section (values stored as the section stores them)
KEYS = {"call_notes_retention_days": int}

_settings = sa.table("app_settings", sa.column("section", sa.String), sa.column("values", sa.JSON),
                     sa.column("updated_at", app.data.base.UTCDateTime()), sa.column("updated_by_id", sa.Integer),
                     sa.column("version", sa.Integer))
_old = sa.table("security_settings", sa.column("key", sa.String), sa.column("value", sa.String))


def upgrade() -> None:
    bind = op.get_bind()
    moved: dict[str, object] = {}
    for key, value in bind.execute(sa.select(_old.c.key, _old.c.value)):
        if key in KEYS:
            try:
                moved[key] = KEYS[key](value)
            except ValueError:
                continue  # a value that never parsed was never applied either
    if moved:
        row = bind.execute(sa.select(_settings.c["values"]).where(_settings.c.section == SECTION)).first()
        if row is None:
            bind.execute(_settings.insert().values(section=SECTION, values=moved, updated_at=datetime.now(UTC),
                                                   updated_by_id=None, version=1))
        else:
            bind.execute(_settings.update().where(_settings.c.section == SECTION)
                         .values(values={**(row[0] or {}), **moved}))
    op.drop_table("security_settings")


def downgrade() -> None:
    op.create_table(
        "security_settings",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_security_settings")),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":  # as 0004_security granted them
        op.execute(f"GRANT SELECT ON security_settings TO {APP}")
        op.execute("GRANT INSERT, UPDATE, DELETE ON security_settings TO caredesk_admin")
    row = bind.execute(sa.select(_settings.c["values"]).where(_settings.c.section == SECTION)).first()
    if row is None:
        return
    values = dict(row[0] or {})
    for key in KEYS:
        if key in values:
            bind.execute(_old.insert().values(key=key, value=str(values.pop(key))))
    bind.execute(_settings.update().where(_settings.c.section == SECTION).values(values=values))
