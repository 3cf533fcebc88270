"""Reflow (WCAG 1.4.10): at 320 CSS pixels, 400 % zoom of a 1280 px screen, the pages of the
case journey need no horizontal scrolling. Wide data tables scroll inside their own box."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.otp import pass_second_factor
from tests.factories import PASSWORD
from tests.security.conftest import world  # noqa: F401  (the fixture: a case with everything)

pytestmark = [pytest.mark.browser, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

WIDTH = 320

_OVERFLOW = """() => {
    const root = document.scrollingElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    const wide = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
        .slice(-3).map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
            + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""));
    return `${root.scrollWidth} > ${root.clientWidth}: ${wide.join(", ")}`;
}"""


def narrow_page(browser, live_server) -> Page:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": WIDTH, "height": 640}, locale="de-DE"
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def log_in(page: Page, username: str) -> None:
    page.goto("/konto/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    pass_second_factor(page, username)
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_visible()


def overflow_of(page: Page, wide: list[str]) -> None:
    problem = page.evaluate(_OVERFLOW)
    if problem:
        wide.append(f"{page.url}: {problem}")


def test_case_journey_pages_reflow_at_320_pixels(
    browser,
    live_server,
    world,  # noqa: F811
    sozialamt_case_manager,
    jobcenter_case_manager,
):
    case = world["case"]
    pk = {"pk": case.pk}
    wide: list[str] = []
    page = narrow_page(browser, live_server)
    page.goto("/konto/anmelden/")
    overflow_of(page, wide)
    log_in(page, sozialamt_case_manager.username)
    pages = [
        reverse("home"),
        reverse("cases:list"),
        reverse("cases:register"),
        reverse("cases:detail", kwargs=pk),
        reverse("cases:history", kwargs=pk),
        reverse("cases:consent_add", kwargs=pk),
        reverse("cases:assessment_add", kwargs=pk),
        reverse("cases:plan_add", kwargs=pk),
        reverse("cases:measure_add", kwargs=pk),
        reverse("cases:note_add", kwargs=pk),
        reverse("cases:follow_up_add", kwargs=pk),
        reverse("cases:follow_ups"),
        reverse("cases:handover_propose", kwargs=pk),
        reverse("cases:inbox"),
        reverse("accessibility"),
    ]
    for url in pages:
        page.goto(url)
        overflow_of(page, wide)
    # A form with errors: the messages and the summary reflow too.
    page.goto(reverse("cases:note_add", kwargs=pk))
    page.get_by_label("Text", exact=True).fill("")
    page.locator("main form [type=submit]").first.click()
    expect(page.locator(".app-error-summary")).to_be_visible()
    overflow_of(page, wide)
    page.context.close()

    page = narrow_page(browser, live_server)
    log_in(page, jobcenter_case_manager.username)
    page.goto(reverse("cases:handover_answer", kwargs={"pk": world["handover"].pk}))
    overflow_of(page, wide)
    page.context.close()
    assert wide == [], "\n".join(wide)
