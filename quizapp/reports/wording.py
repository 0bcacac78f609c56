"""Course text in the reader's language, inside the reports' SQL.

Questions, choices, myths, lessons and quizzes keep their translations beside
the English on the same row (`Translated.translations`), so a report counts one
row whatever language it was answered in and only picks the words it shows.
"""

import sqlalchemy as sa

from ..content import SOURCE_LANGUAGE


def in_language(column, language: str):
    """A text column of a translated model (or an alias of one) as written in `language`.

    Every row the content files hold has its translation (the loader refuses a
    course without it); a row retired before it was translated keeps its English."""
    if language == SOURCE_LANGUAGE:
        return column
    entity = column.parent.entity
    translated = entity.translations[(language, column.key)].as_string()
    return sa.func.coalesce(translated, column)
