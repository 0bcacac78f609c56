"""admin view: each time an admin opens a named student's answers

Revision ID: f2b4d6e8a0c1
Revises: e7a1c9d3f5b2
Create Date: 2026-12-01 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b4d6e8a0c1'
down_revision = 'e7a1c9d3f5b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'admin_view',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('admin_id', sa.Integer(), nullable=True),
        sa.Column('classroom_id', sa.Integer(), nullable=True),
        sa.Column('viewed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user.id'], name=op.f('fk_admin_view_user_id_user'), ondelete='CASCADE'
        ),
        sa.ForeignKeyConstraint(
            ['admin_id'], ['user.id'], name=op.f('fk_admin_view_admin_id_user'), ondelete='SET NULL'
        ),
        sa.ForeignKeyConstraint(
            ['classroom_id'], ['classroom.id'],
            name=op.f('fk_admin_view_classroom_id_classroom'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_view')),
    )
    op.create_index(op.f('ix_admin_view_user_id'), 'admin_view', ['user_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_admin_view_user_id'), table_name='admin_view')
    op.drop_table('admin_view')
