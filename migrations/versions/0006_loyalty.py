"""the member programme: ledger kinds, sources, client keys and freezes; refunds on
orders; tier review dates; referrals, fraud flags and member changes (issue 17)

Revision ID: 0006_loyalty
Revises: 0003_member_search
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.data.base


revision: str = '0006_loyalty'
down_revision: str | None = '0003_member_search'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_OLD_REASONS = (
    ("purchase", "earned", "order"), ("repurchase", "bonus", "order"), ("survey", "bonus", "call"),
    ("redeem", "redeemed", "call"), ("expire", "expired", "system"),
)


def upgrade() -> None:
    op.create_table('fraud_flags',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('flagged_at', app.data.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', app.data.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_fraud_flags_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_fraud_flags_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fraud_flags')),
    sa.UniqueConstraint('kind', 'subject', name=op.f('uq_fraud_flags_kind_subject'))
    )
    with op.batch_alter_table('fraud_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fraud_flags_status_flagged_at'), ['status', 'flagged_at'], unique=False)

    op.create_table('member_changes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', app.data.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('field', sa.String(length=12), nullable=False),
    sa.Column('old', sa.String(length=16), nullable=False),
    sa.Column('new', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_changes_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_changes'))
    )
    with op.batch_alter_table('member_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_changes_field_at'), ['field', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_member_changes_member_id_at'), ['member_id', 'at'], unique=False)

    op.create_table('referrals',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('referrer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('referee_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('call_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.data.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('first_order_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('rewarded_at', app.data.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_referrals_call_id_calls'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_referrals_created_by_id_users')),
    sa.ForeignKeyConstraint(['first_order_id'], ['orders.id'], name=op.f('fk_referrals_first_order_id_orders'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['referee_id'], ['members.id'], name=op.f('fk_referrals_referee_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referrer_id'], ['members.id'], name=op.f('fk_referrals_referrer_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    sa.UniqueConstraint('referee_id', name=op.f('uq_referrals_referee_id'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_referrer_id'), ['referrer_id'], unique=False)

    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tier_review_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('tier_grace_until', sa.Date(), nullable=True))

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refunded_fen', sa.BigInteger(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('refunded_at', app.data.base.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('points_ledger', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('source', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('client_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('frozen', sa.Boolean(), server_default=sa.text('false'), nullable=False))
        batch_op.add_column(sa.Column('ref_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.alter_column('reason',
               existing_type=sa.VARCHAR(length=32),
               type_=sa.String(length=120),
               existing_nullable=False)
        batch_op.create_index(batch_op.f('ix_points_ledger_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_points_ledger_kind_created_at'), ['kind', 'created_at'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_points_ledger_member_id_client_key'), ['member_id', 'client_key'])
        batch_op.create_foreign_key(batch_op.f('fk_points_ledger_ref_entry_id_points_ledger'), 'points_ledger', ['ref_entry_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_points_ledger_user_id_users'), 'users', ['user_id'], ['id'])

    # Existing entries said what they were in `reason` only.
    for reason, kind, source in _OLD_REASONS:
        op.execute(sa.text("UPDATE points_ledger SET kind = :k, source = :s WHERE reason = :r")
                   .bindparams(k=kind, s=source, r=reason))
    op.execute(sa.text("UPDATE points_ledger SET kind = CASE WHEN delta < 0 THEN 'adjusted' ELSE 'earned' END, "
                       "source = 'system' WHERE kind IS NULL"))
    with op.batch_alter_table('points_ledger', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=12), nullable=False)
        batch_op.alter_column('source', existing_type=sa.String(length=12), nullable=False)



def downgrade() -> None:
    with op.batch_alter_table('points_ledger', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_points_ledger_user_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_points_ledger_ref_entry_id_points_ledger'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_points_ledger_member_id_client_key'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_points_ledger_kind_created_at'))
        batch_op.drop_index(batch_op.f('ix_points_ledger_expires_at'))
        batch_op.alter_column('reason',
               existing_type=sa.String(length=120),
               type_=sa.VARCHAR(length=32),
               existing_nullable=False)
        batch_op.drop_column('user_id')
        batch_op.drop_column('ref_entry_id')
        batch_op.drop_column('frozen')
        batch_op.drop_column('client_key')
        batch_op.drop_column('source')
        batch_op.drop_column('kind')

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('refunded_at')
        batch_op.drop_column('refunded_fen')

    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_column('tier_grace_until')
        batch_op.drop_column('tier_review_on')
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's batch mode rebuilt the table and cannot carry expression indexes across:
        # put back the phone-tail indexes of 0003_member_search.
        for name, column in (("ix_members_phone_last4", "phone_e164"), ("ix_members_phone_alt_last4", "phone_alt_e164")):
            op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON members (substr({column}, length({column}) - 3))")

    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_referrer_id'))

    op.drop_table('referrals')
    with op.batch_alter_table('member_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_changes_member_id_at'))
        batch_op.drop_index(batch_op.f('ix_member_changes_field_at'))

    op.drop_table('member_changes')
    with op.batch_alter_table('fraud_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fraud_flags_status_flagged_at'))

    op.drop_table('fraud_flags')
