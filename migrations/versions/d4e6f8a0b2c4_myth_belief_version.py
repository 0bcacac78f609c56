"""myth belief version: an answer writes a belief only if it is the version it read

Revision ID: d4e6f8a0b2c4
Revises: c3d5e7f9a1b2
Create Date: 2026-11-25 03:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e6f8a0b2c4'
down_revision = 'c3d5e7f9a1b2'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        'myth_belief',
        sa.Column('version', sa.Integer(), server_default='0', nullable=False),
    )


def downgrade():
    with op.batch_alter_table('myth_belief') as batch_op:
        batch_op.drop_column('version')
