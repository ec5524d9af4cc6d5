"""auth hardening: separate TOTP failure counter, lockout for unknown log-in names, pending role grants

- users.totp_failures: wrong TOTP codes, reset only by a correct code (issue 10 C1).
- login_failures: wrong-password counter and lock for addresses that are not accounts, keyed by an HMAC
  of the normalised e-mail (issue 10 C3).
- role_grants: a request for the `wbs`/`admin` role, effective after a second admin approves (issue 10 C4).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10 09:00:00

"""
import sqlalchemy as sa
from alembic import op

from portal.core.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_failures', sa.Integer(), server_default='0', nullable=False))

    op.create_table(
        'login_failures',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('failed_logins', sa.Integer(), nullable=False),
        sa.Column('locked_until', UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_login_failures')),
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failures_locked_until'), ['locked_until'], unique=False)

    op.create_table(
        'role_grants',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('requested_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_role_grants_user_id_users')),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'],
                                name=op.f('fk_role_grants_requested_by_id_users')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_role_grants_decided_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grants')),
    )
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grants_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grants_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_grants_user_id'))
        batch_op.drop_index(batch_op.f('ix_role_grants_status'))
    op.drop_table('role_grants')
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failures_locked_until'))
    op.drop_table('login_failures')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('totp_failures')
