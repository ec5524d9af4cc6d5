"""wbs attachment blobs: WBS files kept encrypted in the database, original file names dropped

- wbs_attachments.data_enc (LargeBinary, NULL for legacy rows whose ciphertext is still a file under
  UPLOAD_FOLDER/wbs/; `flask wbs-files-to-db` moves those in);
- wbs_attachments.stored_name becomes nullable (legacy file name only);
- every old wbs_attachments.name_enc (the reporter's ORIGINAL file name, encrypted) is blanked: files are
  shown as lampiran-N.<ext>, computed (issue 10, A4/A5). The blanking is not undone by the downgrade.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('wbs_attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data_enc', sa.LargeBinary(), nullable=True))
        batch_op.alter_column('stored_name', existing_type=sa.String(length=80), nullable=True)
    op.execute("UPDATE wbs_attachments SET name_enc = ''")


def downgrade():
    # Files kept only in the database cannot go back to a NOT NULL file name: refuse rather than lose them.
    left = op.get_bind().execute(sa.text("SELECT count(*) FROM wbs_attachments WHERE stored_name IS NULL")).scalar()
    if left:
        raise RuntimeError(f"{left} lampiran WBS hanya tersimpan di basis data; downgrade akan menghapusnya.")
    with op.batch_alter_table('wbs_attachments', schema=None) as batch_op:
        batch_op.alter_column('stored_name', existing_type=sa.String(length=80), nullable=False)
        batch_op.drop_column('data_enc')
