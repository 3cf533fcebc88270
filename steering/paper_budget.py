"""The budget of Vorlage 199/17 as the paper states it (demo data and tests enter it here).

Only revenue and expenditure per year are entered as planned figures; the paper's own-share
figures are kept as typed in from the source so the page compares them with the computed ones
(2018: the paper says 14.417,46 €, expenditure minus revenue is 14.417,45 €).
"""

import datetime
from decimal import Decimal

from steering.models import BudgetYear, FundingPeriod, StaffShare

SOURCE = "Vorlage 199/17, Finanzielle Auswirkungen"
YEARS = [
    # (year, revenue, expenditure, own share as printed)
    (2017, Decimal("94607.95"), Decimal("105119.94"), Decimal("10511.99")),
    (2018, Decimal("129757.07"), Decimal("144174.52"), Decimal("14417.46")),
    (2019, Decimal("32865.19"), Decimal("36516.88"), Decimal("3651.69")),
]
STAFF = [
    ("Projektsteuerung und Kommunikation (Koordination)", "Christa Heufes", Decimal("0.5")),
    ("Inhaltliche Ausgestaltung, Fallmanagement (Koordination)", "Martina Sendtko", Decimal("0.8")),
    ("Administration, Finanzen, Controlling, Öffentlichkeitsarbeit", "Birgit Gall", Decimal("0.5")),
]


def create_paper_budget() -> FundingPeriod:
    period, _created = FundingPeriod.objects.get_or_create(
        name="Einwanderung gestalten NRW",
        defaults={
            "starts_on": datetime.date(2017, 4, 1),
            "ends_on": datetime.date(2019, 3, 31),
            "funding_rate": Decimal("90.00"),
            "source_revenue": Decimal("257230.21"),
            "source_expenditure": Decimal("285811.34"),
            "source_own_share": Decimal("28581.13"),
            "source_document": SOURCE,
        },
    )
    for year, revenue, expenditure, own_share in YEARS:
        BudgetYear.objects.get_or_create(
            period=period,
            year=year,
            defaults={
                "planned_revenue": revenue,
                "planned_expenditure": expenditure,
                "source_own_share": own_share,
            },
        )
    if not period.staff.exists():
        StaffShare.objects.bulk_create(
            StaffShare(period=period, function=function, person=person, posts=posts)
            for function, person, posts in STAFF
        )
    return period
