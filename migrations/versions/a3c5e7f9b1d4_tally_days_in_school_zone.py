"""tally days in the school's time zone: recount item_tally and quiz_tally, whose
days were UTC dates, so the admin date filter and charts use the school's days

Revision ID: a3c5e7f9b1d4
Revises: e17b3c5d7f90
Create Date: 2026-12-02 14:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a3c5e7f9b1d4'
down_revision = 'e17b3c5d7f90'
branch_labels = None
depends_on = None


def upgrade():
    """item_tally is recounted by c6e8a0b2d4f7, once it has its language column."""
    from quizapp.models import QuizTally
    from quizapp.reports import tallies

    tallies.rebuild(op.get_bind(), models=(QuizTally,))


def downgrade():
    """The days stay the school's: the code before this revision only reads them."""
