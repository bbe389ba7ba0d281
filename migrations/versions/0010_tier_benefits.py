"""tier benefits: the tier and discount recorded on orders, product launch dates for the
diamond trial offers, and members' postal address for the fraud check (issue 17)

Revision ID: 0010_tier_benefits
Revises: 0005_telephony
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0010_tier_benefits"
down_revision: str | None = "0012_remedies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _security():
    """0004_security's column list and role names: the members view is rebuilt from them."""
    spec = importlib.util.spec_from_file_location("_caredesk_0004", Path(__file__).with_name("0004_security.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _members_view(columns: Sequence[str], *, address: bool, replace: bool) -> str:
    head = "CREATE OR REPLACE VIEW" if replace else "CREATE VIEW"
    return (f"{head} caredesk_safe.members WITH (security_barrier) AS SELECT {', '.join(columns)}, "
            "caredesk_masked_phone(phone_e164) AS phone_e164, caredesk_masked_phone(phone_alt_e164) AS phone_alt_e164"
            + (", address" if address else "") + " FROM public.members WHERE caredesk_works_member(id)")


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f("ix_members_address"), ["address"], unique=False)
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("member_tier", sa.String(length=12), nullable=True))
        # A plain string default: SQLite then adds the column in place instead of copying
        # every order into a new table (a SQL expression default makes batch mode rebuild it).
        batch_op.add_column(sa.Column("tier_discount_fen", sa.BigInteger(), server_default="0", nullable=False))
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("launched_on", sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        # The safe view has a fixed column list: the address joins it at the end (CREATE OR
        # REPLACE may only add columns there), editable like the other contact fields.
        sec = _security()
        op.execute(_members_view(sec.MEMBER_COLUMNS, address=True, replace=True))
        op.execute(f"GRANT UPDATE (address) ON caredesk_safe.members TO {sec.APP}")
        op.execute("GRANT INSERT (address) ON caredesk_safe.members TO caredesk_supervisor")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        sec = _security()
        op.execute("DROP VIEW caredesk_safe.members")
        op.execute(_members_view(sec.MEMBER_COLUMNS, address=False, replace=False))
        op.execute(f"GRANT SELECT ON caredesk_safe.members TO {sec.APP}")
        editable = [c for c in sec.MEMBER_COLUMNS if c not in ("id", "external_id", "created_at")]
        op.execute(f"GRANT UPDATE ({', '.join(editable)}) ON caredesk_safe.members TO {sec.APP}")
        op.execute(f"GRANT INSERT ({', '.join(sec.MEMBER_COLUMNS)}) ON caredesk_safe.members TO caredesk_supervisor")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("launched_on")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("tier_discount_fen")
        batch_op.drop_column("member_tier")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_address"))
        batch_op.drop_column("address")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's batch mode rebuilt the table and cannot carry expression indexes across:
        # put back the phone-tail indexes of 0003_member_search.
        for name, column in (("ix_members_phone_last4", "phone_e164"), ("ix_members_phone_alt_last4", "phone_alt_e164")):
            op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON members (substr({column}, length({column}) - 3))")
