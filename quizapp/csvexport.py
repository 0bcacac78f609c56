"""CSV downloads that are safe to open in a spreadsheet.

A cell starting with = + - @ (or a tab or carriage return) would run as a
formula in Excel or LibreOffice, so text cells like that get a leading quote.
Numbers are written as they are.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """The value, with a leading ' when it is text a spreadsheet would read as a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def slug(text: str, fallback: str) -> str:
    """`Health, Period 3 (Ms. Díaz)` -> `health-period-3-ms-diaz`: letters, digits and
    hyphens only, at most 60 characters, so it is safe in a file name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:60].rstrip("-") or fallback


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]):
    """A download of the rows as UTF-8 CSV (with a BOM so Excel reads the accents)."""
    return Response(
        "\ufeff" + csv_text(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
