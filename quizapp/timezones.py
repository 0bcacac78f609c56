"""Dates and times as the school sees them.

Times are stored as naive UTC. Pages show them in the class's time zone when a
teacher set one, else in the install's (`MYTHCHECK_TIMEZONE`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, current_app
from flask_babel import format_date, format_datetime, get_locale

from . import clock

# The zones offered on the class form; any other valid zone can be the install's.
COMMON_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
)


def valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def school_zone_name() -> str:
    return current_app.config["TIMEZONE"]


def zone(name: str | None = None) -> ZoneInfo:
    """The class's zone when given, else the school's."""
    return ZoneInfo(name or school_zone_name())


def local(moment: datetime, zone_name: str | None = None) -> datetime:
    """A stored (naive UTC) time in the given zone, or the school's."""
    return moment.replace(tzinfo=UTC).astimezone(zone(zone_name))


def today(zone_name: str | None = None) -> date:
    """The date it is now (the app clock's now) in the given zone, or the school's."""
    return local(clock.now(), zone_name).date()


def day_start(day: date, zone_name: str | None = None) -> datetime:
    """The stored (naive UTC) time at which `day` begins in the given zone, or the school's."""
    begins = datetime.combine(day, time.min, tzinfo=zone(zone_name))
    return begins.astimezone(UTC).replace(tzinfo=None)


def local_datetime(moment: datetime | str | None, zone_name: str | None = None) -> str:
    """`3 Dec 2026, 14:05 EST`: the day, the time and the zone's abbreviation. Takes a
    stored time or its ISO text (as the personal data export has it)."""
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    shown = local(moment, zone_name)
    when = format_datetime(shown, _pattern("datetime"), rebase=False)
    return f"{when} {shown.tzname()}"


# How a day is written on a page, per language (CLDR patterns, formatted by Babel);
# templates name a style, never a pattern. A language not listed here writes English's.
DAY_STYLES = {
    "en": {
        "date": "d MMM y",  # 3 Dec 2026
        "long": "d MMMM y",  # 3 December 2026
        "short": "d MMM",  # 3 Dec
        "weekday": "EEE d MMM",  # Thu 3 Dec
        "weekday_year": "EEE d MMM y",  # Thu 3 Dec 2026
        "spoken": "EEEE, MMMM d",  # Thursday, December 3
        "month_day": "MMMM d",  # December 3
        "datetime": "d MMM y, HH:mm",  # 3 Dec 2026, 14:05
    },
    "es": {
        "date": "d MMM y",  # 3 dic 2026
        "long": "d 'de' MMMM 'de' y",  # 3 de diciembre de 2026
        "short": "d MMM",  # 3 dic
        "weekday": "EEE d MMM",  # jue 3 dic
        "weekday_year": "EEE d MMM y",  # jue 3 dic 2026
        "spoken": "EEEE d 'de' MMMM",  # jueves 3 de diciembre
        "month_day": "d 'de' MMMM",  # 3 de diciembre
        "datetime": "d MMM y, HH:mm",  # 3 dic 2026, 14:05
    },
}


def _pattern(style: str) -> str:
    return DAY_STYLES.get(str(get_locale()), DAY_STYLES["en"])[style]


def local_date(moment: date | None, style: str = "date", zone_name: str | None = None) -> str:
    """The day in one of the DAY_STYLES: for a stored time, the day it was in the
    given zone or the school's; a calendar date (a due date) is that day everywhere."""
    if moment is None:
        return ""
    day = local(moment, zone_name).date() if isinstance(moment, datetime) else moment
    return format_date(day, _pattern(style))


def init_app(app: Flask) -> None:
    """Refuse an unknown install zone at start, and add the template filters."""
    if not valid_zone(app.config["TIMEZONE"]):
        raise RuntimeError(
            f"MYTHCHECK_TIMEZONE={app.config['TIMEZONE']!r} is not a time zone name "
            "(e.g. America/New_York)."
        )
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.filters["local_date"] = local_date
