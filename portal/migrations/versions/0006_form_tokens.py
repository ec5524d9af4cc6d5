"""form tokens: one-time tokens of public forms (a re-sent POST files nothing new) and the short-lived
stash of files kept across a validation error (issue 10 F1, F3)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'form_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('form', sa.String(length=20), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('result', sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_form_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_form_tokens_token_hash')),
    )
    op.create_index(op.f('ix_form_tokens_day'), 'form_tokens', ['day'], unique=False)
    op.create_table(
        'form_stash_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('payload', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_form_stash_files')),
    )
    op.create_index(op.f('ix_form_stash_files_day'), 'form_stash_files', ['day'], unique=False)
    op.create_index(op.f('ix_form_stash_files_token_hash'), 'form_stash_files', ['token_hash'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_form_stash_files_token_hash'), table_name='form_stash_files')
    op.drop_index(op.f('ix_form_stash_files_day'), table_name='form_stash_files')
    op.drop_table('form_stash_files')
    op.drop_index(op.f('ix_form_tokens_day'), table_name='form_tokens')
    op.drop_table('form_tokens')
