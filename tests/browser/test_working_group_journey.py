"""A working-group afternoon in a real headless Chromium: the network picture, a possible
trajectory with a break point, side by side with the ideal one, a strategy for the break point,
submitted by the chair."""

import pytest
from playwright.sync_api import Page, expect

from networks import services
from networks.models import Role, Station, Trajectory, WorkingGroup
from tests.browser.test_case_journey import log_in, log_out
from tests.factories import CaseFactory, HandoverFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_draws_compares_and_drafts_and_the_chair_submits(
    page: Page, live_server, sozialamt, jobcenter
):
    member = make_user("ak.mitglied", sozialamt, roles=[Role.WORKING_GROUP_MEMBER])
    chair = make_user("ak.vorsitz", jobcenter, roles=[Role.WORKING_GROUP_MEMBER])
    group = WorkingGroup.objects.create(name="Ausbildung und Arbeit", field_of_action=["work"])
    services.set_members(group=group, members=[member], chair=chair, deputy=None)
    ideal = services.create_trajectory(
        trajectory=Trajectory(title="Idealer Weg", kind="ideal", working_group=group), by=chair
    )
    for step, wait in (("Kompetenzfeststellung", 2), ("Integrationskurs", 2)):
        services.add_station(
            trajectory=ideal,
            station=Station(step=step, wait_weeks=wait, duration_weeks=4),
            by=chair,
        )
    for _ in range(5):
        HandoverFactory(
            case=CaseFactory(lead_institution=sozialamt),
            to_institution=jobcenter,
            status="accepted",
        )

    log_in(page, live_server, "ak.mitglied")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Arbeitskreise"
    ).click()
    page.get_by_role("link", name="Netzwerkbild").click()
    network = page.locator("#network")
    expect(network.locator("canvas").first).to_be_visible()
    # Cytoscape keeps the container's page offset and renews it on the scroll event, which
    # comes a frame after scrolling; and the layout may place the node outside the visible
    # part. So: scroll, wait for the frames, centre the drawing on the node (as a user pans),
    # then click where it is drawn.
    network.scroll_into_view_if_needed()
    spot = page.evaluate(
        f"""async () => {{
            const frame = () => new Promise((done) => requestAnimationFrame(done));
            await frame();
            await frame();
            const cy = document.getElementById('network').cy;
            const node = cy.getElementById('i{jobcenter.pk}');
            cy.center(node);
            await frame();
            return node.renderedPosition();
        }}"""
    )
    box = network.bounding_box()
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    details = page.locator("#network-details")
    expect(details).to_contain_text(jobcenter.name)
    expect(details).to_contain_text("Übergaben erhalten5")

    # a possible trajectory with a break point
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Arbeitskreise"
    ).click()
    page.get_by_role("link", name="Ausbildung und Arbeit").click()
    page.get_by_role("link", name="Fallverlauf anlegen").click()
    page.get_by_label("Titel", exact=True).fill("Heutiger Weg")
    page.get_by_label("Art").select_option(label="möglicher Verlauf (heute)")
    page.get_by_role("button", name="Speichern").click()
    for step, wait, note in (
        ("Kompetenzfeststellung", "2", ""),
        ("Integrationskurs", "12", "Qualifizierung vor Alphabetisierung"),
    ):
        page.get_by_role("link", name="Station hinzufügen").click()
        page.get_by_label("Was geschieht", exact=True).fill(step)
        page.get_by_label("Wartezeit davor (Wochen)").fill(wait)
        page.get_by_label("übliche Dauer (Wochen)").fill("4")
        if note:
            page.get_by_role("checkbox", name="Bruchstelle").check()
            page.get_by_label("Bruchstelle: was geschieht").fill(note)
        page.get_by_role("button", name="Speichern").click()
    expect(page.locator("table")).to_contain_text("Qualifizierung vor Alphabetisierung")

    # side by side with the ideal one
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Arbeitskreise"
    ).click()
    page.get_by_role("link", name="Fallverläufe", exact=True).click()
    page.get_by_label("Fallverlauf links").select_option(label="Heutiger Weg")
    page.get_by_label("Fallverlauf rechts").select_option(label="Idealer Weg")
    page.get_by_role("button", name="Nebeneinander zeigen").click()
    differences = page.locator("#differences")
    expect(differences).to_contain_text("Andere Wartezeit vor Integrationskurs: 12,0 gegenüber 2,0")
    expect(differences).to_contain_text("Bruchstelle nur auf einer Seite: Integrationskurs")

    # a strategy for the break point
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Arbeitskreise"
    ).click()
    page.get_by_role("link", name="Ausbildung und Arbeit").click()
    page.get_by_role("link", name="Lösungsstrategie entwerfen").click()
    page.get_by_label("Titel", exact=True).fill("Alphabetisierung zuerst")
    page.get_by_role("combobox", name="Fallverlauf").select_option(label="Heutiger Weg")
    page.get_by_label(
        "Heutiger Weg: Integrationskurs – Qualifizierung vor Alphabetisierung"
    ).check()
    page.get_by_label("Problem").fill("Der Integrationskurs kommt vor der Alphabetisierung.")
    page.get_by_label("Vorschlag").fill("Die Voraussetzungen werden bei der Planung geprüft.")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("#strategy-state")).to_have_text("Entwurf")
    expect(page.get_by_role("button", name="An die Lenkungsgruppe übergeben")).to_have_count(0)
    log_out(page)

    # the chair submits it
    log_in(page, live_server, "ak.vorsitz")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Arbeitskreise"
    ).click()
    page.get_by_role("link", name="Ausbildung und Arbeit").click()
    page.get_by_role("link", name="Alphabetisierung zuerst").click()
    page.get_by_role("button", name="An die Lenkungsgruppe übergeben").click()
    expect(page.locator("#strategy-state")).to_have_text("an die Lenkungsgruppe übergeben")
    expect(page.locator("#strategy-history")).to_contain_text(f"{chair}: geändert: Stand")
