"""The activity chart's geometry: bars as numbers the SVG template writes as attributes.

It works on the per-day rows the database already grouped (a few hundred at
most), filling quiet days with zeros and switching to weeks for long ranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _

from ..reports.activity import DayActivity
from ..timezones import local_date

WIDTH, HEIGHT = 600, 160
WEEKLY_AFTER_DAYS = 60


@dataclass
class Bar:
    start: date
    days: int
    started: int
    finished: int
    x: float
    width: float
    started_y: float
    finished_y: float

    @property
    def label(self) -> str:
        if self.days == 1:
            return local_date(self.start)
        return _("Week of %(day)s", day=local_date(self.start))


@dataclass
class Chart:
    bars: list[Bar]
    unit: str
    peak: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def first(self) -> Bar | None:
        return self.bars[0] if self.bars else None

    @property
    def last(self) -> Bar | None:
        return self.bars[-1] if self.bars else None


def activity_chart(days: list[DayActivity], start: date | None, end: date | None) -> Chart:
    """Bars of quizzes started (and finished) per day, or per week over a long range."""
    if not days:
        return Chart([], "day", 0)
    first, last = start or days[0].day, end or days[-1].day
    step = 7 if (last - first).days > WEEKLY_AFTER_DAYS else 1
    if step == 7:
        first -= timedelta(days=first.weekday())
    buckets = {first + timedelta(days=n): [0, 0] for n in range(0, (last - first).days + 1, step)}
    for row in days:
        key = first + timedelta(days=(row.day - first).days // step * step)
        if key in buckets:
            buckets[key][0] += row.started
            buckets[key][1] += row.finished
    peak = max(started for started, _ in buckets.values())
    top = max(peak, 1)
    slot = WIDTH / len(buckets)
    bars = [
        Bar(
            day,
            step,
            started,
            finished,
            x=n * slot + slot * 0.1,
            width=slot * 0.8,
            started_y=HEIGHT * (1 - started / top),
            finished_y=HEIGHT * (1 - finished / top),
        )
        for n, (day, (started, finished)) in enumerate(buckets.items())
    ]
    return Chart(bars, "week" if step == 7 else "day", peak)
