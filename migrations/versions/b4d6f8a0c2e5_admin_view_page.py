"""admin view page: which teacher page the admin opened (a student's answers, or the
class progress grid or its CSV, which name every student of the class)

Revision ID: b4d6f8a0c2e5
Revises: a3c5e7f9b1d4
Create Date: 2026-12-02 14:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4d6f8a0c2e5'
down_revision = 'a3c5e7f9b1d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('admin_view') as batch_op:
        batch_op.add_column(
            sa.Column('page', sa.String(length=20), server_default='answers', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('admin_view') as batch_op:
        batch_op.drop_column('page')
