"""ppid: the Daftar Informasi Publik and the list of exempted information, with their revision history
(issue 13, first slice)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 16:30:00

"""
import sqlalchemy as sa
from alembic import op

import portal.core.models.base

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'ppid_dip_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('title', sa.String(length=255), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('holder', sa.String(length=255), nullable=False),
        sa.Column('responsible', sa.String(length=255), nullable=False),
        sa.Column('origin', sa.String(length=255), nullable=False),
        sa.Column('formats', sa.String(length=255), nullable=False),
        sa.Column('retention', sa.String(length=255), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('updated_on', sa.Date(), nullable=False),
        sa.Column('link_url', sa.String(length=500), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('changed_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ppid_dip_entries')),
    )
    with op.batch_alter_table('ppid_dip_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ppid_dip_entries_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_ppid_dip_entries_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_ppid_dip_entries_year'), ['year'], unique=False)

    op.create_table(
        'ppid_exemptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=255), nullable=False),
        sa.Column('ground', sa.String(length=1), nullable=False),
        sa.Column('legal_basis', sa.String(length=255), nullable=False),
        sa.Column('consequence', sa.Text(), nullable=False),
        sa.Column('period', sa.String(length=120), nullable=False),
        sa.Column('decided_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('changed_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ppid_exemptions')),
    )
    with op.batch_alter_table('ppid_exemptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ppid_exemptions_ground'), ['ground'], unique=False)
        batch_op.create_index(batch_op.f('ix_ppid_exemptions_status'), ['status'], unique=False)

    op.create_table(
        'ppid_dip_revisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('values', sa.JSON(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('created_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_ppid_dip_revisions_author_id_users')),
        sa.ForeignKeyConstraint(['entry_id'], ['ppid_dip_entries.id'],
                                name=op.f('fk_ppid_dip_revisions_entry_id_ppid_dip_entries'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ppid_dip_revisions')),
        sa.UniqueConstraint('entry_id', 'version', name='uq_ppid_dip_revisions_entry_version'),
    )
    with op.batch_alter_table('ppid_dip_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ppid_dip_revisions_entry_id'), ['entry_id'], unique=False)

    op.create_table(
        'ppid_dip_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('original_name', sa.String(length=255), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('uploaded_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('removed_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['entry_id'], ['ppid_dip_entries.id'],
                                name=op.f('fk_ppid_dip_documents_entry_id_ppid_dip_entries'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ppid_dip_documents')),
    )
    with op.batch_alter_table('ppid_dip_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ppid_dip_documents_entry_id'), ['entry_id'], unique=False)

    op.create_table(
        'ppid_exemption_revisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('exemption_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('values', sa.JSON(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('created_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'],
                                name=op.f('fk_ppid_exemption_revisions_author_id_users')),
        sa.ForeignKeyConstraint(['exemption_id'], ['ppid_exemptions.id'],
                                name=op.f('fk_ppid_exemption_revisions_exemption_id_ppid_exemptions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ppid_exemption_revisions')),
        sa.UniqueConstraint('exemption_id', 'version', name='uq_ppid_exemption_revisions_exemption_version'),
    )
    with op.batch_alter_table('ppid_exemption_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ppid_exemption_revisions_exemption_id'), ['exemption_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('ppid_exemption_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ppid_exemption_revisions_exemption_id'))
    op.drop_table('ppid_exemption_revisions')
    with op.batch_alter_table('ppid_dip_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ppid_dip_documents_entry_id'))
    op.drop_table('ppid_dip_documents')
    with op.batch_alter_table('ppid_dip_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ppid_dip_revisions_entry_id'))
    op.drop_table('ppid_dip_revisions')
    with op.batch_alter_table('ppid_exemptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ppid_exemptions_status'))
        batch_op.drop_index(batch_op.f('ix_ppid_exemptions_ground'))
    op.drop_table('ppid_exemptions')
    with op.batch_alter_table('ppid_dip_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ppid_dip_entries_year'))
        batch_op.drop_index(batch_op.f('ix_ppid_dip_entries_status'))
        batch_op.drop_index(batch_op.f('ix_ppid_dip_entries_category'))
    op.drop_table('ppid_dip_entries')
