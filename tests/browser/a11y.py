"""axe-core in the browser tests: every checked page is recorded, and its serious or critical
violations of WCAG 2.1 A/AA fail the test.

axe-core comes from npm and is served by our own static files (STATICFILES_DIRS), so it loads
under the page's CSP (script-src 'self') like any script of the app.
"""

import re
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

# What axe leaves to people, checked on every page too: the title names the page (and the case
# on a case's pages), the language is German, every table has a caption and header cells.
_PAGE_FACTS = """() => ({
    title: document.title,
    lang: document.documentElement.lang,
    tables: [...document.querySelectorAll("table")]
        .filter((t) => !t.caption || !t.caption.textContent.trim() || !t.querySelector("th"))
        .map((t) => t.id || t.className),
})"""
TITLE = re.compile(r"^\S.* (–|\|) Rheine Integration( – Verwaltung)?$")  # the admin's own order
CASE_TITLE = re.compile(r"Fall F-\d+")

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


def is_case_page(url: str) -> bool:
    try:
        return resolve(urlparse(url).path).route.startswith("faelle/<int:pk>/")
    except Resolver404:
        return False


def page_fact_problems(page: Page, *, error_page: bool) -> list[str]:
    facts = page.evaluate(_PAGE_FACTS)
    problems = []
    if not TITLE.match(facts["title"]):
        problems.append(f"title does not name the page: {facts['title']!r}")
    elif is_case_page(page.url) and not error_page and not CASE_TITLE.search(facts["title"]):
        problems.append(f"title does not name the case: {facts['title']!r}")
    if facts["lang"] != "de":
        problems.append(f"lang is {facts['lang']!r}")
    problems += [f"table without caption or header cells: {t}" for t in facts["tables"]]
    return problems


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
        error_page = state.startswith(ERROR_STATE)
        for line in axe_violations(self.page) + page_fact_problems(
            self.page, error_page=error_page
        ):
            self.problems.append(f"{name} [{state}] {self.page.url}: {line}")

    def assert_no_violations(self) -> None:
        assert self.problems == [], "\n".join(self.problems)
