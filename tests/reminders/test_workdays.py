import datetime

from rheine_integration.base import workdays
from tests.reminders.conftest import CORPUS_CHRISTI, FRIDAY, MONDAY, SATURDAY, WEDNESDAY


def test_corpus_christi_is_no_working_day_in_nrw():
    assert not workdays.is_working_day(CORPUS_CHRISTI)
    assert workdays.is_working_day(WEDNESDAY)
    assert workdays.is_working_day(FRIDAY)


def test_weekends_are_no_working_days():
    assert not workdays.is_working_day(SATURDAY)
    assert not workdays.is_working_day(SATURDAY + datetime.timedelta(days=1))


def test_a_five_working_day_deadline_skips_the_holiday_and_the_weekend():
    # Tue 2, Wed 3, (Thu 4 Fronleichnam), Fri 5, (weekend), Mon 8, Tue 9
    assert workdays.add_working_days(MONDAY, 5) == datetime.date(2026, 6, 9)
    # A week without a holiday: Mon 8 -> Mon 15
    assert workdays.add_working_days(datetime.date(2026, 6, 8), 5) == datetime.date(2026, 6, 15)


def test_the_latest_start_past_its_deadline_is_found_for_a_filter():
    # On Wed 10 June the handovers of Mon 1 June are past their deadline (Tue 9), those of Tue 2 not.
    assert workdays.latest_start_with_deadline_before(datetime.date(2026, 6, 10), 5) == MONDAY
    assert workdays.latest_start_with_deadline_before(datetime.date(2026, 6, 9), 5) < MONDAY


def test_retention_years_handle_leap_days():
    assert workdays.years_before(datetime.date(2028, 2, 29), 3) == datetime.date(2025, 2, 28)
    assert workdays.years_after(datetime.date(2024, 2, 29), 3) == datetime.date(2027, 2, 28)
