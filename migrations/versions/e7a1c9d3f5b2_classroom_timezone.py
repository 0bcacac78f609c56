"""classroom time zone: a class may show dates in its own zone, not the school's

Revision ID: e7a1c9d3f5b2
Revises: e7a1c3b5d9f2
Create Date: 2026-12-01 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7a1c9d3f5b2'
down_revision = 'e7a1c3b5d9f2'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('classroom', sa.Column('timezone', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('classroom') as batch_op:
        batch_op.drop_column('timezone')
