"""The budget table from the paper's revenue and expenditure, to the cent: every derived figure
against a value worked out by hand here."""

from decimal import Decimal

import pytest
from django.urls import reverse

from steering.budget import budget_for
from steering.models import BudgetChange
from steering.paper_budget import create_paper_budget

pytestmark = pytest.mark.django_db


def test_every_derived_figure_of_the_paper_budget_to_the_cent():
    budget = budget_for(create_paper_budget())
    y2017, y2018, y2019, total = budget.planned
    # Own share = expenditure - revenue.
    assert y2017.own_share == Decimal("10511.99")  # 105.119,94 - 94.607,95
    assert y2018.own_share == Decimal("14417.45")  # 144.174,52 - 129.757,07
    assert y2019.own_share == Decimal("3651.69")  # 36.516,88 - 32.865,19
    assert total.revenue == Decimal("257230.21")  # 94.607,95 + 129.757,07 + 32.865,19
    assert total.expenditure == Decimal("285811.34")  # 105.119,94 + 144.174,52 + 36.516,88
    assert total.own_share == Decimal("28581.13")
    # Funding rate achieved = revenue / expenditure: 257.230,21 / 285.811,34 = 0,899999... → 90,00 %
    assert total.funding_rate == Decimal("90.00")
    assert y2018.funding_rate == Decimal("90.00")  # 129.757,07 / 144.174,52 = 0,9000000...
    # The paper prints 14.417,46 € for 2018: a cent more than its own figures give.
    assert y2018.disagreements() == [("own_share", Decimal("14417.46"), Decimal("14417.45"))]
    assert y2017.disagreements() == [] and total.disagreements() == []
    assert budget.posts == Decimal("1.8")  # 0,5 + 0,8 coordination, 0,5 administration


def test_the_page_shows_both_figures_and_flags_the_disagreement(client, steering_member):
    create_paper_budget()
    client.force_login(steering_member)
    page = client.get(reverse("steering:budget")).content.decode()
    assert "14.417,45 €" in page
    assert "Abweichung: laut Quelle 14.417,46 €" in page
    assert "28.581,13 €" in page and "90,00 %" in page
    assert "bearbeiten" not in page  # steering members read only


def test_a_coordinators_change_is_recorded_and_recomputes(client, coordinator):
    year = create_paper_budget().years.get(year=2019)
    client.force_login(coordinator)
    response = client.post(
        reverse("steering:budget_year_edit", args=[year.pk]),
        {
            "planned_revenue": "32865,19",
            "planned_expenditure": "36516,88",
            "actual_revenue": "30000,00",
            "actual_expenditure": "33000,50",
            "source_own_share": "3651,69",
        },
    )
    assert response.status_code == 302
    change = BudgetChange.objects.get(field="actual_expenditure")
    assert (change.by, change.before, change.after) == (coordinator, "", "33000.50")
    page = client.get(reverse("steering:budget")).content.decode()
    assert "3.000,50 €" in page  # actual own share 33.000,50 - 30.000,00


def test_bad_input_gets_a_german_message_and_keeps_the_other_fields(client, coordinator):
    year = create_paper_budget().years.get(year=2019)
    client.force_login(coordinator)
    response = client.post(
        reverse("steering:budget_year_edit", args=[year.pk]),
        {"planned_revenue": "viel", "planned_expenditure": "36516,88"},
    )
    assert response.status_code == 200
    assert "Bitte eine Zahl eingeben" in response.content.decode()
    assert "36516,88" in response.content.decode()
    year.refresh_from_db()
    assert year.planned_revenue == Decimal("32865.19")
