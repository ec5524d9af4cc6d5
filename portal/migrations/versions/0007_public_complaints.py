"""public complaints: the citizen's consent at filing, staff's public summary and publication
(/pengaduan/daftar and Open311, issue 12 §2)

Existing complaints get public_consent false (nobody was asked) and an empty summary: none is published.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 15:00:00

"""
import sqlalchemy as sa
from alembic import op

import portal.core.models.base

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_consent', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('public_summary', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('published_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('public_updated_at', portal.core.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_complaints_published_at'), ['published_at'], unique=False)


def downgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_published_at'))
        batch_op.drop_column('public_updated_at')
        batch_op.drop_column('published_at')
        batch_op.drop_column('public_summary')
        batch_op.drop_column('public_consent')
