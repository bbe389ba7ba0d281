"""re-visit remedies: reship orders, compensation points and special-team tickets of a call

Revision ID: 0012_remedies
Revises: 0005_telephony
Create Date: 2026-12-02 00:18:05.080568
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.data.base

APP = "caredesk_agent, caredesk_supervisor, caredesk_admin"


revision: str = '0012_remedies'
down_revision: str | None = "0007_phone_rls"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('remedies',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('revisited_ticket_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('points', sa.Integer(), nullable=True),
    sa.Column('points_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('ticket_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.data.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_remedies_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_remedies_created_by_id_users')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_remedies_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['points_entry_id'], ['points_ledger.id'], name=op.f('fk_remedies_points_entry_id_points_ledger'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_remedies_product_id_products')),
    sa.ForeignKeyConstraint(['revisited_ticket_id'], ['tickets.id'], name=op.f('fk_remedies_revisited_ticket_id_tickets'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_remedies_ticket_id_tickets'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remedies')),
    sa.UniqueConstraint('call_id', 'kind', name=op.f('uq_remedies_call_id_kind'))
    )
    with op.batch_alter_table('remedies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remedies_kind_status'), ['kind', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_remedies_member_id_created_at'), ['member_id', 'created_at'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        # Team mode (0004_security): agents record remedies of their own calls, read those of
        # the members they work; supervisors see all.
        op.execute(f"GRANT SELECT, INSERT, UPDATE ON remedies TO {APP}")
        op.execute(f"GRANT USAGE ON SEQUENCE remedies_id_seq TO {APP}")
        op.execute("ALTER TABLE remedies ENABLE ROW LEVEL SECURITY")
        op.execute("CREATE POLICY remedies_read ON remedies FOR SELECT TO caredesk_agent "
                   "USING (caredesk_is_supervisor() OR caredesk_works_member(member_id))")
        op.execute("CREATE POLICY remedies_write ON remedies FOR INSERT TO caredesk_agent "
                   "WITH CHECK (caredesk_is_supervisor() OR created_by_id = caredesk_uid())")
        op.execute("CREATE POLICY remedies_update ON remedies FOR UPDATE TO caredesk_agent "
                   "USING (caredesk_is_supervisor()) WITH CHECK (caredesk_is_supervisor())")
        op.execute("CREATE POLICY outside_groups ON remedies TO PUBLIC "
                   "USING (NOT pg_has_role(session_user, 'caredesk_agent', 'MEMBER')) "
                   "WITH CHECK (NOT pg_has_role(session_user, 'caredesk_agent', 'MEMBER'))")


def downgrade() -> None:
    with op.batch_alter_table('remedies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_remedies_member_id_created_at'))
        batch_op.drop_index(batch_op.f('ix_remedies_kind_status'))

    op.drop_table('remedies')
