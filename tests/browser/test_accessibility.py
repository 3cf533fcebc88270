"""axe-core over every page of every role, in the states that matter (BITV 2.0: WCAG 2.1 AA).

One logged-in browser context per role, its pages visited in one test. Each visited page is
checked and recorded; the last test fails when a URL pattern of the app has no checked page,
so a new page cannot ship unchecked. Run alone: ``make test PYTEST_ARGS="-m a11y"``.
"""

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cases import residence_services
from cases.models import Case, Person, ResidenceRecord
from tests.browser.a11y import CHECKED, ERROR_STATE, AccessibilityCheck
from tests.browser.otp import pass_second_factor
from tests.factories import PASSWORD, CaseFactory
from tests.otp import confirmed_device
from tests.security.conftest import world  # noqa: F401  (the fixture, with every kind of content)
from tests.security.test_url_matrix import all_url_names

pytestmark = [pytest.mark.browser, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

# URL patterns that answer with no page of their own: a POST that redirects to a checked page,
# a download, or data for machines.
NOT_PAGES = {
    "health": "JSON for the load balancer",
    "logout": "POST, redirects to the login page",
    "cases:duplicate_inquiry": "POST, redirects to the case list",
    "cases:follow_up_done": "POST, redirects to the follow-up list",
    "cases:inquiry_done": "POST, redirects to the inbox",
    "cases:notification_read": "POST, redirects to the notification's page",
    "cases:notifications_read_all": "POST, redirects to the notifications",
    "cases:audit_export": "CSV download",
    "cases:document_download": "file download",
    "session_extend": "POST from the timeout warning, answers JSON",
    "cases:account_change_undo": "POST, redirects to the account changes",
    "cases:booking_accept": "POST, redirects to the measure's courses",
    "cases:booking_cancel": "POST, redirects to the measure's courses",
    "networks:meeting_invite": "POST, redirects to the meeting",
    "networks:minutes_approve": "POST, redirects to the meeting",
    "networks:station_move": "POST, redirects to the trajectory",
    "networks:station_remove": "POST, redirects to the trajectory",
    "networks:strategy_comment": "POST, redirects to the strategy",
    "networks:strategy_submit": "POST, redirects to the strategy",
    "networks:observed_refresh": "POST, redirects to the observed network",
    "steering:refresh": "POST, redirects to the dashboard",
    "networks:invitation_pdf": "PDF download (PDF/UA, checked in the PDF tests)",
    "networks:invitation_ics": "calendar file download",
    "networks:minutes_pdf": "PDF download (PDF/UA, checked in the PDF tests)",
    "networks:network_json": "JSON for the network diagram",
    "networks:network_svg": "SVG image of the network, shown inside the checked network page",
    "steering:chart_download": "chart data download (XLSX/CSV)",
}

# Pages merged before their axe check, to be visited in a role test above. Empty: every page is
# checked. A URL added later and listed nowhere fails the coverage test.
NOT_YET_CHECKED: frozenset[str] = frozenset()


@pytest.fixture
def context_page(browser: Browser, live_server):
    """A page in a fresh browser context (own cookies), one per role."""
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(base_url=live_server.url, locale="de-DE")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def log_in(page: Page, axe: AccessibilityCheck, username: str) -> None:
    page.goto("/konto/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    if "/konto/zwei-faktor/" in page.url:
        axe.check("zweiter Faktor")
    pass_second_factor(page, username)
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_visible()
    axe.check("Startseite")


def visit(page: Page, axe: AccessibilityCheck, url: str, state: str = "") -> None:
    page.goto(url)
    axe.check(state)


def submit_empty(page: Page, axe: AccessibilityCheck, url: str):
    """The form sent as it comes: its required fields answer with errors."""
    visit(page, axe, url, "leer")
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()
    axe.check("mit Fehlern")


def test_anonymous_pages(context_page):
    page = context_page()
    axe = AccessibilityCheck(page)
    visit(page, axe, reverse("login"))
    page.get_by_label("Benutzername").fill("niemand")
    page.get_by_label("Passwort").fill("falsch-falsch-falsch")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe.check("mit Fehlern")
    visit(page, axe, reverse("accessibility"))
    submit_empty(page, axe, reverse("password_reset"))
    visit(page, axe, reverse("password_reset_done"))
    visit(
        page,
        axe,
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "x"}),
        "ungültiger Link",
    )
    visit(page, axe, reverse("password_reset_complete"))
    axe.assert_no_violations()


def test_case_manager_pages(context_page, world, sozialamt_case_manager):  # noqa: F811
    case = world["case"]
    closed = CaseFactory(
        lead_institution=case.lead_institution,
        case_manager=sozialamt_case_manager,
        phase=Case.Phase.CLOSED,
        closed_on=timezone.localdate(),
    )
    page = context_page()
    axe = AccessibilityCheck(page)
    log_in(page, axe, sozialamt_case_manager.username)

    visit(page, axe, reverse("cases:list"), "volle Liste")
    page.get_by_label("Name oder Schreibweise").fill("Niemand-Sonst")
    page.get_by_role("button", name="Filtern").click()
    expect(page.get_by_text("Keine Fälle gefunden.")).to_be_visible()
    axe.check("leere Liste")
    submit_empty(page, axe, reverse("cases:register"))

    pk = {"pk": case.pk}
    visit(page, axe, reverse("cases:detail", kwargs=pk))
    visit(page, axe, reverse("cases:history", kwargs=pk))
    for name, model in (("cases:person_edit", Person), ("cases:edit", Case)):
        # Conflict: someone else saves the record while this form is open.
        visit(page, axe, reverse(name, kwargs=pk))
        record_pk = case.person_id if model is Person else case.pk
        model.objects.filter(pk=record_pk).update(version=F("version") + 1)
        page.locator("main form").get_by_role("button", name="Speichern").click()
        expect(page.get_by_text("Bearbeitungskonflikt")).to_be_visible()
        axe.check("Konflikt")
    visit(page, axe, reverse("cases:reopen", kwargs={"pk": closed.pk}))
    submit_empty(page, axe, reverse("cases:consent_add", kwargs=pk))
    visit(
        page,
        axe,
        reverse("cases:consent_withdraw", kwargs={**pk, "consent_pk": world["consent"].pk}),
    )
    visit(page, axe, reverse("cases:assessment_add", kwargs=pk))
    visit(
        page,
        axe,
        reverse("cases:assessment_detail", kwargs={**pk, "version": world["assessment"].version}),
    )
    submit_empty(page, axe, reverse("cases:plan_add", kwargs=pk))
    visit(page, axe, reverse("cases:plan_detail", kwargs={**pk, "version": world["plan"].version}))
    submit_empty(page, axe, reverse("cases:measure_add", kwargs=pk))
    visit(
        page, axe, reverse("cases:measure_edit", kwargs={**pk, "measure_pk": world["measure"].pk})
    )
    submit_empty(page, axe, reverse("cases:note_add", kwargs=pk))
    submit_empty(page, axe, reverse("cases:follow_up_add", kwargs=pk))
    visit(page, axe, reverse("cases:follow_ups"), "volle Liste")
    submit_empty(page, axe, reverse("cases:handover_propose", kwargs=pk))
    visit(page, axe, reverse("cases:inbox"), "volle Liste")
    submit_empty(page, axe, reverse("cases:document_upload", kwargs=pk))
    visit(page, axe, reverse("cases:notifications"), "volle Liste")
    visit(page, axe, reverse("cases:notification_preferences"))
    submit_empty(page, axe, reverse("password_change"))
    visit(page, axe, reverse("password_change_done"))
    visit(page, axe, reverse("otp_verify"))
    visit(page, axe, reverse("accessibility"), "angemeldet")
    submit_empty(page, axe, reverse("cases:residence_add", kwargs=pk))
    visit(
        page,
        axe,
        reverse("cases:eligibility_decide", kwargs={**pk, "review_pk": world["review"].pk}),
    )
    submit_empty(page, axe, reverse("cases:recognition_add", kwargs=pk))
    procedure = {**pk, "procedure_pk": world["recognition"].pk}
    visit(page, axe, reverse("cases:recognition_edit", kwargs=procedure))
    submit_empty(page, axe, reverse("cases:recognition_compensation", kwargs=procedure))
    visit(page, axe, reverse("cases:sent_handovers"), "volle Liste")
    # The recognition moves the person to SGB II: the case page offers the prepared handover.
    residence_services.record_status(
        person=case.person,
        record=ResidenceRecord(
            status="humanitarian",
            legal_basis="25_2",
            valid_from=timezone.localdate(),
            decided_on=timezone.localdate(),
            authority="Ausländerbehörde Kreis Steinfurt",
        ),
        by=sozialamt_case_manager,
    )
    visit(page, axe, reverse("cases:handover_prepare", kwargs=pk))
    # Last: the close form, sent empty, may close the case (its date defaults to today).
    submit_empty(page, axe, reverse("cases:close", kwargs=pk))
    visit(page, axe, reverse("cases:audit"), f"{ERROR_STATE} 403")
    visit(page, axe, reverse("cases:detail", kwargs={"pk": 999999}), f"{ERROR_STATE} 404")
    axe.assert_no_violations()


def test_receiving_case_manager_pages(context_page, world, jobcenter_case_manager):  # noqa: F811
    confirmed_device(jobcenter_case_manager)
    page = context_page()
    axe = AccessibilityCheck(page)
    log_in(page, axe, jobcenter_case_manager.username)
    visit(page, axe, reverse("cases:follow_ups"), "leere Liste")
    visit(page, axe, reverse("cases:handover_answer", kwargs={"pk": world["handover"].pk}))
    axe.assert_no_violations()


def test_coordinator_pages(context_page, world, coordinator):  # noqa: F811
    page = context_page()
    axe = AccessibilityCheck(page)
    log_in(page, axe, coordinator.username)
    visit(page, axe, reverse("cases:audit"), "volle Liste")
    visit(page, axe, reverse("cases:retention"))
    visit(page, axe, reverse("cases:account_changes"), "volle Liste")
    visit(page, axe, reverse("cases:measure_types"), "volle Liste")
    submit_empty(page, axe, reverse("cases:measure_type_add"))
    visit(page, axe, reverse("cases:measure_type_edit", kwargs={"pk": world["measure_type"].pk}))
    visit(page, axe, reverse("networks:working_groups"))
    visit(page, axe, reverse("steering:index"))
    visit(page, axe, reverse("steering:reports"))
    visit(page, axe, reverse("cases:notifications"), "leere Liste")
    axe.assert_no_violations()


@pytest.mark.parametrize(
    ("role", "pages"),
    [
        ("steering_member", ["steering:index", "steering:reports"]),
        ("working_group_member", ["networks:working_groups", "cases:list"]),
        ("committee_reader", ["steering:reports"]),
        ("administrator", ["cases:notification_preferences", "admin:index"]),
    ],
)
def test_network_role_pages(context_page, request, role, pages):
    user = request.getfixturevalue(role)
    page = context_page()
    axe = AccessibilityCheck(page)
    log_in(page, axe, user.username)
    for name in pages:
        visit(page, axe, reverse(name))
    axe.assert_no_violations()


def test_working_group_member_pages(context_page, world, working_group_member):  # noqa: F811
    page = context_page()
    axe = AccessibilityCheck(page)
    log_in(page, axe, working_group_member.username)
    visit(page, axe, reverse("networks:institutions"), "volle Liste")
    visit(page, axe, reverse("networks:institution_detail", kwargs={"pk": world["institution"].pk}))
    group = {"pk": world["working_group"].pk}
    visit(page, axe, reverse("networks:group_detail", kwargs=group))
    submit_empty(page, axe, reverse("networks:meeting_create", kwargs=group))
    submit_empty(page, axe, reverse("networks:trajectory_create", kwargs=group))
    submit_empty(page, axe, reverse("networks:strategy_create", kwargs=group))
    meeting = {"pk": world["meeting"].pk}
    item = {**meeting, "item_pk": world["agenda_item"].pk}
    visit(page, axe, reverse("networks:meeting_detail", kwargs=meeting))
    submit_empty(page, axe, reverse("networks:agenda_item_add", kwargs=meeting))
    visit(page, axe, reverse("networks:meeting_attendance", kwargs=meeting))
    visit(page, axe, reverse("networks:minutes_edit", kwargs=item))
    submit_empty(page, axe, reverse("networks:action_item_add", kwargs=item))
    visit(page, axe, reverse("networks:network"))
    visit(page, axe, reverse("networks:observed"))
    visit(page, axe, reverse("networks:trajectories"), "volle Liste")
    visit(page, axe, reverse("networks:trajectory_compare"))
    trajectory = {"pk": world["trajectory"].pk}
    visit(page, axe, reverse("networks:trajectory_detail", kwargs=trajectory))
    visit(
        page,
        axe,
        reverse(
            "networks:trajectory_version",
            kwargs={**trajectory, "version": world["version"].number},
        ),
    )
    submit_empty(page, axe, reverse("networks:station_add", kwargs=trajectory))
    visit(
        page,
        axe,
        reverse(
            "networks:station_edit",
            kwargs={**trajectory, "position": world["station"].position},
        ),
    )
    strategy = {"pk": world["strategy"].pk}
    visit(page, axe, reverse("networks:strategies"), "volle Liste")
    visit(page, axe, reverse("networks:strategy_detail", kwargs=strategy))
    visit(page, axe, reverse("networks:strategy_edit", kwargs=strategy))
    submit_empty(page, axe, reverse("networks:strategy_affected_add", kwargs=strategy))
    axe.assert_no_violations()


def test_coordinator_network_and_steering_pages(context_page, world, coordinator):  # noqa: F811
    page = context_page()
    axe = AccessibilityCheck(page)
    log_in(page, axe, coordinator.username)
    submit_empty(page, axe, reverse("networks:group_create"))
    visit(page, axe, reverse("networks:group_members", kwargs={"pk": world["working_group"].pk}))
    visit(page, axe, reverse("steering:dashboard"))
    submit_empty(page, axe, reverse("steering:goal_add"))
    visit(page, axe, reverse("steering:budget"))
    visit(page, axe, reverse("steering:budget_year_edit", kwargs={"pk": world["budget_year"].pk}))
    axe.assert_no_violations()


def test_course_pages(context_page, world, sozialamt_case_manager):  # noqa: F811
    page = context_page()
    axe = AccessibilityCheck(page)
    log_in(page, axe, sozialamt_case_manager.username)
    measure = {"measure_pk": world["measure"].pk}
    visit(page, axe, reverse("cases:measure_courses", kwargs=measure), "volle Liste")
    visit(
        page,
        axe,
        reverse("cases:seat_request", kwargs={**measure, "offer_pk": world["course_offer"].pk}),
    )
    axe.assert_no_violations()

    provider = context_page()
    axe = AccessibilityCheck(provider)
    log_in(provider, axe, world["vhs_staff"].username)
    offer = {"pk": world["course_offer"].pk}
    visit(provider, axe, reverse("cases:course_offers"), "volle Liste")
    submit_empty(provider, axe, reverse("cases:course_offer_add"))
    visit(provider, axe, reverse("cases:course_offer_edit", kwargs=offer))
    visit(provider, axe, reverse("cases:course_participants", kwargs=offer), "volle Liste")
    visit(provider, axe, reverse("cases:booking_answer", kwargs={"pk": world["seat_booking"].pk}))
    axe.assert_no_violations()


def test_every_url_pattern_has_a_checked_page(capsys):
    """Runs after the role tests above (file order); run with them, e.g. ``-m a11y``."""
    checked = {name for name, _, state in CHECKED if not state.startswith(ERROR_STATE)}
    with capsys.disabled():
        print(f"\naxe-core checked {len(CHECKED)} pages:")
        for name, path, state in CHECKED:
            print(f"  {name:36} {path} {state}")
    pages = [n for n in all_url_names() if not n.startswith("admin:")] + ["admin:index"]
    missing = [
        name
        for name in pages
        if name not in checked and name not in NOT_PAGES and name not in NOT_YET_CHECKED
    ]
    assert missing == [], "visit these pages in a role test above"
    print(f"not yet checked by axe: {len(NOT_YET_CHECKED)} URL patterns (NOT_YET_CHECKED)")
    assert set(NOT_PAGES) | NOT_YET_CHECKED <= set(all_url_names()), "names of URLs that are gone"
