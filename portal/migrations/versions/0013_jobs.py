"""failed jobs and export files: background jobs that failed after every retry, kept for the admin, and
large exports built by a job (issue 15)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 22:30:00

"""
import sqlalchemy as sa
from alembic import op

import portal.core.models.base

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
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
    op.create_table(
        'export_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=120), nullable=False),
        sa.Column('created_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('finished_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('body', sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_export_files')),
        sa.UniqueConstraint('token', name=op.f('uq_export_files_token')),
    )
    op.create_index(op.f('ix_export_files_user_id'), 'export_files', ['user_id'], unique=False)
    op.create_index(op.f('ix_export_files_created_at'), 'export_files', ['created_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_export_files_created_at'), table_name='export_files')
    op.drop_index(op.f('ix_export_files_user_id'), table_name='export_files')
    op.drop_table('export_files')
    op.drop_index(op.f('ix_failed_jobs_failed_at'), table_name='failed_jobs')
    op.drop_index(op.f('ix_failed_jobs_name'), table_name='failed_jobs')
    op.drop_table('failed_jobs')
