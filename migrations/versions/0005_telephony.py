"""telephony: phone calls and agent states

Revision ID: 0005_telephony
Revises: 0004_security
Create Date: 2026-12-01 22:00:28.950942
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.data.base

APP = "caredesk_agent, caredesk_supervisor, caredesk_admin"


revision: str = '0005_telephony'
down_revision: str | None = '0004_security'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('agent_state_periods',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=12), nullable=True),
    sa.Column('call_ref', sa.String(length=36), nullable=True),
    sa.Column('started_at', app.data.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', app.data.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_agent_state_periods_agent_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agent_state_periods'))
    )
    with op.batch_alter_table('agent_state_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agent_state_periods_agent_id_started_at'), ['agent_id', 'started_at'], unique=False)
        batch_op.create_index('uq_agent_state_periods_current', ['agent_id'], unique=True, sqlite_where=sa.text('ended_at IS NULL'), postgresql_where=sa.text('ended_at IS NULL'))

    op.create_table('phone_calls',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('call_ref', sa.String(length=36), nullable=False),
    sa.Column('task_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('adapter', sa.String(length=16), nullable=False),
    sa.Column('dialled_at', app.data.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', app.data.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ringing_seconds', sa.Float(), nullable=True),
    sa.Column('talk_seconds', sa.Float(), nullable=True),
    sa.Column('wrap_seconds', sa.Float(), nullable=True),
    sa.Column('answered', sa.Boolean(), nullable=True),
    sa.Column('sip_status', sa.Integer(), nullable=True),
    sa.Column('hung_up_by', sa.String(length=12), nullable=True),
    sa.Column('proposed_disposition', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_phone_calls_agent_id_users')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_phone_calls_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['follow_up_tasks.id'], name=op.f('fk_phone_calls_task_id_follow_up_tasks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_calls')),
    sa.UniqueConstraint('call_ref', name=op.f('uq_phone_calls_call_ref'))
    )
    with op.batch_alter_table('phone_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_calls_agent_id_dialled_at'), ['agent_id', 'dialled_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_calls_member_id_dialled_at'), ['member_id', 'dialled_at'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        # Team mode (0004_security): the application roles record their own dials and states.
        op.execute(f"GRANT SELECT, INSERT, UPDATE ON phone_calls, agent_state_periods TO {APP}")
        op.execute(f"GRANT USAGE ON SEQUENCE phone_calls_id_seq, agent_state_periods_id_seq TO {APP}")


def downgrade() -> None:
    with op.batch_alter_table('phone_calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_calls_member_id_dialled_at'))
        batch_op.drop_index(batch_op.f('ix_phone_calls_agent_id_dialled_at'))

    op.drop_table('phone_calls')
    with op.batch_alter_table('agent_state_periods', schema=None) as batch_op:
        batch_op.drop_index('uq_agent_state_periods_current', sqlite_where=sa.text('ended_at IS NULL'), postgresql_where=sa.text('ended_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_agent_state_periods_agent_id_started_at'))

    op.drop_table('agent_state_periods')
