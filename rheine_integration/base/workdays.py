"""Working days in Rheine: Monday to Friday except the public holidays of North Rhine-Westphalia.

The one place for calendar logic. Holidays come from the maintained ``holidays`` library
(Germany, subdivision NW: e.g. Fronleichnam and Allerheiligen are holidays here, not everywhere).
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _nrw_holidays(year: int) -> holidays.HolidayBase:
    return holidays.Germany(subdiv="NW", years=year)


def is_holiday(day: datetime.date) -> bool:
    return day in _nrw_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not an NRW public holiday."""
    return day.weekday() < 5 and not is_holiday(day)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``start`` (``start`` itself never counts)."""
    day = start
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def latest_start_with_deadline_before(today: datetime.date, count: int) -> datetime.date:
    """The latest start day whose ``count``-working-day deadline lies before ``today``.

    ``add_working_days`` never decreases when the start moves later, so every start on or
    before the returned day has passed its deadline: finders filter with one ``<=``.
    """
    day = today - datetime.timedelta(days=1)
    while add_working_days(day, count) >= today:
        day -= datetime.timedelta(days=1)
    return day


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` earlier (29 February falls back to 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
