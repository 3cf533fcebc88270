"""axe-core in the browser tests: every checked page is recorded, and its serious or critical
violations of WCAG 2.1 A/AA fail the test.

axe-core comes from npm and is served by our own static files (STATICFILES_DIRS), so it loads
under the page's CSP (script-src 'self') like any script of the app.
"""

from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.templatetags.static import static
from django.urls import Resolver404, resolve
from playwright.sync_api import Page

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
ERROR_STATE = "Fehlerseite"

# (URL name, path, state) of every page checked in this test session, for the coverage test.
CHECKED: list[tuple[str, str, str]] = []

_RUN_AXE = """(tags) => axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
})"""


def url_name(url: str) -> str:
    path = urlparse(url).path
    try:
        return resolve(path).view_name
    except Resolver404:
        return f"<no pattern> {path}"


def axe_violations(page: Page) -> list[str]:
    """The serious and critical violations on the page as it is now, one line each."""
    page.wait_for_load_state()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=static("vendor/axe-core/axe.min.js"))
    result = page.evaluate(_RUN_AXE, AXE_TAGS)
    lines = []
    for violation in result["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} – {targets}")
    return lines


@dataclass
class AccessibilityCheck:
    """Checks page after page; the test asserts once at the end, so one run names every gap."""

    page: Page
    problems: list[str] = field(default_factory=list)

    def check(self, state: str = "") -> None:
        name = url_name(self.page.url)
        CHECKED.append((name, urlparse(self.page.url).path, state))
        for line in axe_violations(self.page):
            self.problems.append(f"{name} [{state}] {self.page.url}: {line}")

    def assert_no_violations(self) -> None:
        assert self.problems == [], "\n".join(self.problems)
