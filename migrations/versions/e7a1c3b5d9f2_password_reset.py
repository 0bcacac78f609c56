"""password reset: one-time passwords set by a teacher or admin, and their record

Revision ID: e7a1c3b5d9f2
Revises: e5f7a9b1c3d6
Create Date: 2026-12-01 21:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7a1c3b5d9f2'
down_revision = 'e5f7a9b1c3d6'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        'user',
        sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_table(
        'password_reset',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('reset_by_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['reset_by_id'], ['user.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('password_reset') as batch_op:
        batch_op.create_index(batch_op.f('ix_password_reset_reset_by_id'), ['reset_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_reset_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('password_reset')
    with op.batch_alter_table('user') as batch_op:
        batch_op.drop_column('must_change_password')
