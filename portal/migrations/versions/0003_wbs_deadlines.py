"""wbs deadlines: WbsReport.verify_due and resolve_due (working-day deadlines)

Existing reports keep NULL (no deadline); new reports get verify_due at intake and resolve_due when
the team verifies them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 08:50:45.436273

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('wbs_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verify_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('resolve_due', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('wbs_reports', schema=None) as batch_op:
        batch_op.drop_column('resolve_due')
        batch_op.drop_column('verify_due')
