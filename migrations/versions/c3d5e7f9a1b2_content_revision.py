"""content revision: tells every process when the content was reloaded

Revision ID: c3d5e7f9a1b2
Revises: a54619671ffe
Create Date: 2026-11-25 00:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d5e7f9a1b2'
down_revision = 'a54619671ffe'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'content_revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_revision')),
    )


def downgrade():
    op.drop_table('content_revision')
