"""Strategies: drafted by members, submitted by the chair, every change recorded."""

import pytest
from django.urls import reverse

from networks.models import Strategy

pytestmark = pytest.mark.django_db


def test_the_chair_submits_and_the_draft_is_then_fixed(client, working_group_member, group_world):
    strategy = group_world["strategy"]
    client.force_login(working_group_member)
    client.post(
        reverse("networks:strategy_edit", args=[strategy.pk]),
        {
            "title": "Warme Übergabe an das Jobcenter",
            "trajectory": group_world["trajectory"].pk,
            "break_points": [group_world["station"].pk],
            "problem": "Doppelte Kompetenzfeststellung",
            "proposal": "Übergabe mit Einschätzung",
        },
    )
    client.post(reverse("networks:strategy_submit", args=[strategy.pk]))
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.SUBMITTED
    assert strategy.submitted_by == working_group_member
    page = client.get(reverse("networks:strategy_detail", args=[strategy.pk])).content.decode()
    assert "an die Lenkungsgruppe übergeben" in page
    assert "geändert: Titel" in page  # the history names who changed which field
    assert client.get(reverse("networks:strategy_edit", args=[strategy.pk])).status_code == 403
    history = list(strategy.history.order_by("history_date"))
    assert history[-1].state == "submitted"
    assert {h.state for h in history[:-1]} == {"draft"}
    assert {h.history_user for h in history} == {working_group_member}


def test_a_member_who_is_not_chair_cannot_submit(
    client, working_group_member, other_group_member, group_world
):
    group, strategy = group_world["working_group"], group_world["strategy"]
    group.members.add(other_group_member)
    client.force_login(other_group_member)
    page = client.get(reverse("networks:strategy_detail", args=[strategy.pk])).content.decode()
    assert "An die Lenkungsgruppe übergeben" not in page
    assert client.post(reverse("networks:strategy_submit", args=[strategy.pk])).status_code == 403
    assert Strategy.objects.get(pk=strategy.pk).state == Strategy.State.DRAFT


def test_the_transition_table_refuses_a_second_submission(working_group_member, group_world):
    from django.core.exceptions import ValidationError

    from networks import services

    strategy = group_world["strategy"]
    services.move_strategy(strategy=strategy, to="submitted", by=working_group_member)
    with pytest.raises(ValidationError):
        services.move_strategy(strategy=strategy, to="submitted", by=working_group_member)
