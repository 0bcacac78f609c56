"""An LMS course is recorded at its first launch, a student's too; its class comes with
the first teacher's launch

Revision ID: b8d0f2a4c6e8
Revises: aa3e39e39ad7
Create Date: 2026-12-03 05:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8d0f2a4c6e8'
down_revision = 'aa3e39e39ad7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lti_course', schema=None) as batch_op:
        batch_op.alter_column('classroom_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    # Courses no teacher has opened yet have no class to keep them by.
    op.execute(
        "UPDATE lti_grade_link SET course_id = NULL WHERE course_id IN "
        "(SELECT id FROM lti_course WHERE classroom_id IS NULL)"
    )
    op.execute(
        "DELETE FROM lti_roster_entry WHERE course_id IN "
        "(SELECT id FROM lti_course WHERE classroom_id IS NULL)"
    )
    op.execute("DELETE FROM lti_course WHERE classroom_id IS NULL")
    with op.batch_alter_table('lti_course', schema=None) as batch_op:
        batch_op.alter_column('classroom_id', existing_type=sa.Integer(), nullable=False)
