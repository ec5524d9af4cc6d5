"""failed jobs: background jobs that failed after every retry, kept for the admin (issue 15)

Revision ID: 0013
Revises: 0009
Create Date: 2026-12-01 22:30:00

"""
import sqlalchemy as sa
from alembic import op

import portal.core.models.base

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'failed_jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('arguments', sa.Text(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('error', sa.String(length=300), nullable=False),
        sa.Column('first_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('failed_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_failed_jobs')),
    )
    op.create_index(op.f('ix_failed_jobs_name'), 'failed_jobs', ['name'], unique=False)
    op.create_index(op.f('ix_failed_jobs_failed_at'), 'failed_jobs', ['failed_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_failed_jobs_failed_at'), table_name='failed_jobs')
    op.drop_index(op.f('ix_failed_jobs_name'), table_name='failed_jobs')
    op.drop_table('failed_jobs')
