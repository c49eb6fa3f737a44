"""draft upload keeps its parsed clause tree, so preview and confirm do not parse again

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-29 00:59:28.223886

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    # Nullable: uploads pending before this revision are parsed once more, when next shown.
    with op.batch_alter_table('draft_upload', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parsed', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('draft_upload', schema=None) as batch_op:
        batch_op.drop_column('parsed')
