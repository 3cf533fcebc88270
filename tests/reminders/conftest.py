import datetime

# Fronleichnam (Corpus Christi) 2026 is a public holiday in North Rhine-Westphalia.
MONDAY = datetime.date(2026, 6, 1)
WEDNESDAY = datetime.date(2026, 6, 3)
CORPUS_CHRISTI = datetime.date(2026, 6, 4)
FRIDAY = datetime.date(2026, 6, 5)
SATURDAY = datetime.date(2026, 6, 6)


def days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)
