"""course in other languages: each question, choice, myth, lesson and quiz keeps its
translated text beside the English on the same row; an answer records the language it
was given in, and the item tally is kept per language (item analysis by language)

Revision ID: c6e8a0b2d4f7
Revises: b4d6f8a0c2e5
Create Date: 2026-12-02 17:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6e8a0b2d4f7'
down_revision = 'b4d6f8a0c2e5'
branch_labels = None
depends_on = None

TRANSLATED = ('myth', 'lesson', 'quiz', 'question', 'choice')


def _item_tally(*language):
    op.create_table(
        'item_tally',
        sa.Column('question_id', sa.String(length=64), nullable=False),
        sa.Column('choice_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        *language,
        sa.Column('answers', sa.Integer(), nullable=False),
        sa.Column('rest_sum', sa.Integer(), nullable=False),
        sa.Column('rest_squares', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['choice_id'], ['choice.id'], name=op.f('fk_item_tally_choice_id_choice')
        ),
        sa.ForeignKeyConstraint(
            ['question_id'], ['question.id'], name=op.f('fk_item_tally_question_id_question')
        ),
        sa.PrimaryKeyConstraint(
            'question_id',
            'choice_id',
            'day',
            *(column.name for column in language),
            name=op.f('pk_item_tally'),
        ),
    )


def upgrade():
    from quizapp.reports import tallies

    for table in TRANSLATED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column('translations', sa.JSON(), server_default='{}', nullable=False)
            )
    with op.batch_alter_table('answer') as batch_op:
        batch_op.add_column(
            sa.Column('language', sa.String(length=8), server_default='en', nullable=False)
        )
    op.drop_table('item_tally')
    _item_tally(sa.Column('language', sa.String(length=8), server_default='en', nullable=False))
    tallies.rebuild(op.get_bind())


def downgrade():
    """The tally's languages are summed back into one row per question, choice and day."""
    counts = ('answers', 'rest_sum', 'rest_squares')
    keys = ('question_id', 'choice_id', 'day')
    summed = op.get_bind().execute(
        sa.text(
            f"SELECT {', '.join(keys)}, "
            + ", ".join(f"SUM({name}) AS {name}" for name in counts)
            + f" FROM item_tally GROUP BY {', '.join(keys)}"
        )
    )
    rows = [dict(row) for row in summed.mappings()]
    op.drop_table('item_tally')
    _item_tally()
    if rows:
        op.bulk_insert(sa.table('item_tally', *(sa.column(n) for n in keys + counts)), rows)
    with op.batch_alter_table('answer') as batch_op:
        batch_op.drop_column('language')
    for table in TRANSLATED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('translations')
