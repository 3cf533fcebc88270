"""The network picture: handovers counted from the cases, never a number under 5."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Handover
from tests.factories import CaseFactory, HandoverFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def handovers(sozialamt, jobcenter, integrationsagentur):
    now = timezone.now()
    for days in (1, 2, 3, 4, 5):
        handover = HandoverFactory(
            case=CaseFactory(lead_institution=sozialamt),
            to_institution=jobcenter,
            status="accepted",
        )
        Handover.objects.filter(pk=handover.pk).update(
            requested_at=now - datetime.timedelta(days=10),
            answered_at=now - datetime.timedelta(days=10 - days),
        )
    for _ in range(2):
        HandoverFactory(
            case=CaseFactory(lead_institution=sozialamt), to_institution=integrationsagentur
        )


def test_edges_carry_counts_of_five_or_more_and_small_ones_no_number(
    client, working_group_member, handovers, sozialamt, jobcenter, integrationsagentur
):
    client.force_login(working_group_member)
    elements = client.get(reverse("networks:network_json")).json()["elements"]
    edges = {e["data"]["id"]: e["data"] for e in elements if "source" in e["data"]}
    assert edges[f"h{sozialamt.pk}-{jobcenter.pk}"]["count"] == 5
    small = edges[f"h{sozialamt.pk}-{integrationsagentur.pk}"]
    assert (small["count"], small["label"]) == (None, "")
    nodes = {e["data"]["id"]: e["data"] for e in elements if "source" not in e["data"]}
    assert nodes[f"i{jobcenter.pk}"]["handovers_in"] == 5
    assert nodes[f"i{jobcenter.pk}"]["median_days_to_accept"] == 3.0
    assert nodes[f"i{integrationsagentur.pk}"]["handovers_in"] is None
    assert nodes[f"i{sozialamt.pk}"]["handovers_out"] == 7
    assert nodes[f"i{sozialamt.pk}"]["partners"] == 2


def test_the_page_passes_the_graph_as_json_and_the_svg_is_laid_out_by_graphviz(
    client, working_group_member, handovers
):
    client.force_login(working_group_member)
    page = client.get(reverse("networks:network")).content.decode()
    assert '<script id="network-data" type="application/json">' in page
    assert "<script>" not in page  # no inline script under the CSP
    assert "weniger als 5" in page
    svg = client.get(reverse("networks:network_svg")).content.decode()
    assert svg.startswith("<svg") and "Jobcenter" in svg and ">5<" in svg


def test_a_period_filter_leaves_out_older_handovers(client, working_group_member, handovers):
    client.force_login(working_group_member)
    today = timezone.localdate()
    elements = client.get(
        reverse("networks:network_json"),
        {"start": today - datetime.timedelta(days=5), "end": today},
    ).json()["elements"]
    assert not [e for e in elements if e.get("classes") == "handover" and e["data"]["count"]]
