"""live session: a class on one question at a time, and who joined it

Revision ID: a4c6e8f0b2d4
Revises: c7e9a1b3d5f8
Create Date: 2026-12-03 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4c6e8f0b2d4'
down_revision = 'c7e9a1b3d5f8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'live_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('classroom_id', sa.Integer(), nullable=False),
        sa.Column('teacher_id', sa.Integer(), nullable=True),
        sa.Column('quiz_id', sa.String(length=64), nullable=False),
        sa.Column('question_ids', sa.JSON(), nullable=False),
        sa.Column('join_code', sa.String(length=12), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('resume_state', sa.String(length=10), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('timer_seconds', sa.Integer(), nullable=True),
        sa.Column('class_goal', sa.Boolean(), nullable=False),
        sa.Column('nicknames', sa.Boolean(), nullable=False),
        sa.Column('question_started_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['classroom_id'], ['classroom.id'],
            name=op.f('fk_live_session_classroom_id_classroom'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['teacher_id'], ['user.id'],
            name=op.f('fk_live_session_teacher_id_user'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['quiz_id'], ['quiz.id'], name=op.f('fk_live_session_quiz_id_quiz')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_live_session')),
        sa.UniqueConstraint('join_code', name=op.f('uq_live_session_join_code')),
    )
    op.create_index(
        op.f('ix_live_session_classroom_id'), 'live_session', ['classroom_id'], unique=False
    )
    op.create_table(
        'live_participant',
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('attempt_id', sa.Integer(), nullable=True),
        sa.Column('nickname', sa.String(length=24), nullable=True),
        sa.Column('joined_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['session_id'], ['live_session.id'],
            name=op.f('fk_live_participant_session_id_live_session'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user.id'],
            name=op.f('fk_live_participant_user_id_user'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['attempt_id'], ['attempt.id'],
            name=op.f('fk_live_participant_attempt_id_attempt'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('session_id', 'user_id', name=op.f('pk_live_participant')),
    )
    op.create_index(
        op.f('ix_live_participant_user_id'), 'live_participant', ['user_id'], unique=False
    )


def downgrade():
    op.drop_index(op.f('ix_live_participant_user_id'), table_name='live_participant')
    op.drop_table('live_participant')
    op.drop_index(op.f('ix_live_session_classroom_id'), table_name='live_session')
    op.drop_table('live_session')
