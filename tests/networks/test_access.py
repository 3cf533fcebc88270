"""Another group's work: trajectories read-only, strategies invisible until submitted,
meetings invisible. Every networks URL with the other group's ids changes nothing."""

import itertools

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from networks.models import AgendaItem, Meeting, Strategy

pytestmark = pytest.mark.django_db


def test_a_member_of_another_group_cannot_edit_its_trajectory_or_strategy(
    client, other_group_member, group_world
):
    trajectory, strategy = group_world["trajectory"], group_world["strategy"]
    client.force_login(other_group_member)
    assert (
        client.get(reverse("networks:trajectory_detail", args=[trajectory.pk])).status_code == 200
    )
    assert client.get(reverse("networks:station_add", args=[trajectory.pk])).status_code == 403
    assert client.get(reverse("networks:strategy_detail", args=[strategy.pk])).status_code == 404
    strategy.state = Strategy.State.SUBMITTED
    strategy.save()
    assert client.get(reverse("networks:strategy_detail", args=[strategy.pk])).status_code == 200
    assert client.get(reverse("networks:strategy_edit", args=[strategy.pk])).status_code == 403


def _networks_id_urls():
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and namespace == "networks:":
                names = list(pattern.pattern.converters)
                if names and not pattern.name.startswith("institution"):
                    yield namespace + pattern.name, names

    return sorted(walk(get_resolver().url_patterns))


def test_no_networks_url_lets_an_outsider_change_another_groups_work(
    client, other_group_member, group_world
):
    ids = sorted({obj.pk for obj in group_world.values() if hasattr(obj, "pk")} | {1})
    client.force_login(other_group_member)
    allowed_reads = {"networks:trajectory_detail", "networks:trajectory_version"}
    wrong = []
    for name, kwargs in _networks_id_urls():
        for values in itertools.product(ids, repeat=len(kwargs)):
            try:
                url = reverse(name, kwargs=dict(zip(kwargs, values, strict=True)))
            except Exception:  # noqa: S112 - not every id fits every pattern
                continue
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                if status not in (403, 404, 405) and name not in allowed_reads:
                    wrong.append(f"{method} {url} -> {status}")
    assert wrong == []
    meeting = Meeting.objects.get(pk=group_world["meeting"].pk)
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.minutes_status == Meeting.MinutesStatus.DRAFT
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1
    assert group_world["trajectory"].current_version().stations.count() == 1
    assert Strategy.objects.get(pk=group_world["strategy"].pk).state == "draft"
