"""user language: the language a person reads the app in, saved on the account

Revision ID: c7e9a1b3d5f8
Revises: c6e8a0b2d4f7
Create Date: 2026-12-02 17:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7e9a1b3d5f8'
down_revision = 'c6e8a0b2d4f7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user') as batch_op:
        batch_op.add_column(
            sa.Column('language', sa.String(length=8), server_default='en', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('user') as batch_op:
        batch_op.drop_column('language')
