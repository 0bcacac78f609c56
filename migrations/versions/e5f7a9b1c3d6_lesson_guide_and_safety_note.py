"""lesson sources and discussion guide; a dangerous myth's own safety note

Revision ID: e5f7a9b1c3d6
Revises: d4e6f8a0b2c4
Create Date: 2026-12-01 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5f7a9b1c3d6'
down_revision = 'd4e6f8a0b2c4'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('myth', sa.Column('safety_note', sa.Text(), server_default='', nullable=False))
    for name in ('sources', 'discussion', 'standards'):
        op.add_column('lesson', sa.Column(name, sa.JSON(), server_default='[]', nullable=False))


def downgrade():
    with op.batch_alter_table('lesson') as batch_op:
        for name in ('standards', 'discussion', 'sources'):
            batch_op.drop_column(name)
    with op.batch_alter_table('myth') as batch_op:
        batch_op.drop_column('safety_note')
