"""exact scores in quiz_tally: measure score_parts (n_items * 1000 + n_correct)
instead of score (a percentage rounded per attempt), so means and medians are exact

Revision ID: e17b3c5d7f90
Revises: f2b4d6e8a0c1
Create Date: 2026-12-01 21:25:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e17b3c5d7f90'
down_revision = 'f2b4d6e8a0c1'
branch_labels = None
depends_on = None

FULL_DONE = "finished_at IS NOT NULL AND mode = 'full' AND n_items > 0"


def refill(measure: str, value: str) -> str:
    """Attempts already made, counted as quizapp.reports.tallies.attempt_counts counts them."""
    return (
        "INSERT INTO quiz_tally (quiz_id, day, measure, value, attempts) "
        f"SELECT quiz_id, date(started_at), '{measure}', {value}, count(*) FROM attempt"
        f" WHERE {FULL_DONE} GROUP BY quiz_id, date(started_at), {value}"
    )


def upgrade():
    op.execute("DELETE FROM quiz_tally WHERE measure = 'score'")
    op.execute(refill("score_parts", "n_items * 1000 + n_correct"))


def downgrade():
    op.execute("DELETE FROM quiz_tally WHERE measure = 'score_parts'")
    op.execute(refill("score", "CAST(ROUND(100.0 * n_correct / n_items) AS INTEGER)"))
