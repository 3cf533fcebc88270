"""What a page that answers 200 shows: the permission matrix (test_url_matrix) reads only the
answer; here every page a role may open is read for the world's markers. A role sees exactly
what its access covers, and the markers it must see are there (a page that shows nothing would
pass a test of absence alone)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Note, Scope
from tests.factories import give_consent
from tests.security.conftest import SECRETS
from tests.security.test_url_matrix import EXPECTED, FIXTURES, ROLES, _resolve_args, all_url_names

pytestmark = pytest.mark.django_db

NAMES = {"Gebremariam", "Tesfay"}
# Everything of the world each role may see somewhere; all other markers never.
MAY_SEE = {
    "lead": set(SECRETS),
    "jobcenter": NAMES | {"0151 2345678"},  # a consent for the basics only
}
# Pages that must show these markers to the role (beyond the name on every case page).
MUST_SEE = {
    ("lead", "cases:detail"): set(SECRETS),
    ("lead", "cases:assessment_detail"): {"MARKER-ZIEL", "MARKER-GESUNDHEIT"},
    ("lead", "cases:plan_detail"): {"MARKER-PLAN"},
    ("lead", "cases:history"): {"MARKER-PLAN", "MARKER-VERMERK", "MARKER-ZEUGNIS"},
    ("lead", "cases:follow_ups"): {"MARKER-WV"},
    ("lead", "home"): {"MARKER-WV"},
    ("lead", "cases:eligibility_decide"): {"MARKER-BEHOERDE"},
    ("lead", "cases:recognition_compensation"): {"MARKER-QUALI"},
    ("lead", "cases:list"): NAMES,
    ("jobcenter", "cases:detail"): NAMES | {"0151 2345678"},
    ("jobcenter", "cases:list"): NAMES,
    ("jobcenter", "cases:handover_answer"): NAMES,
}


def read(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def pages_answering_200(role, world):
    for name in all_url_names():
        if name not in EXPECTED or name == "logout":
            continue
        method, spec, outcomes = EXPECTED[name]
        if outcomes[ROLES.index(role)] == 200:
            yield name, method, spec, reverse(name, kwargs=_resolve_args(spec, world))


@pytest.mark.parametrize("role", ROLES[1:])
def test_each_page_a_role_opens_shows_what_its_access_covers_and_nothing_more(
    client, request, role, world
):
    client.force_login(request.getfixturevalue(FIXTURES[role]))
    hidden = set(SECRETS) - MAY_SEE.get(role, set())
    wrong, opened = [], set()
    for name, method, spec, url in pages_answering_200(role, world):
        response = getattr(client, method)(url)
        assert response.status_code == 200, name
        page, opened = read(response), opened | {name}
        leaked = sorted(s for s in hidden if s in page)
        must = MUST_SEE.get((role, name), set())
        html_page = response["Content-Type"].startswith("text/html")
        if spec.get("pk") == "case" and role in MAY_SEE and html_page:
            must = must | NAMES  # the case heading names the person
        absent = sorted(s for s in must if s not in page)
        if leaked or absent:
            wrong.append(f"{name} {url}: shown {leaked}, missing {absent}")
    assert wrong == []
    assert {n for r, n in MUST_SEE if r == role} <= opened, "a MUST_SEE row was not opened"


@pytest.fixture
def notes_of_two_institutions(world, sozialamt_case_manager, jobcenter, jobcenter_case_manager):
    """The Jobcenter now reads the notes too; each side writes a confidential note."""
    case = world["case"]
    give_consent(case, jobcenter, [Scope.BASIC, Scope.NOTES])
    for by, text, confidential in [
        (sozialamt_case_manager, "MARKER-VERTRAULICH-SOZIALAMT", True),
        (jobcenter_case_manager, "MARKER-JOBCENTER-VERMERK", False),
        (jobcenter_case_manager, "MARKER-VERTRAULICH-JOBCENTER", True),
    ]:
        services.add_note(
            case=case,
            by=by,
            note=Note(occurred_on=timezone.localdate(), text=text, confidential=confidential),
        )
    return case


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (
            "lead",
            {"MARKER-VERMERK", "MARKER-JOBCENTER-VERMERK", "MARKER-VERTRAULICH-SOZIALAMT"},
            {"MARKER-VERTRAULICH-JOBCENTER"},
        ),
        (
            "jobcenter",
            {"MARKER-VERMERK", "MARKER-JOBCENTER-VERMERK", "MARKER-VERTRAULICH-JOBCENTER"},
            {"MARKER-VERTRAULICH-SOZIALAMT", "MARKER-GESUNDHEIT", "MARKER-ZIEL"},
        ),
    ],
)
def test_a_confidential_note_stays_with_its_institution_on_every_page(
    client, request, notes_of_two_institutions, world, role, shown, hidden
):
    client.force_login(request.getfixturevalue(FIXTURES[role]))
    detail = read(client.get(reverse("cases:detail", args=[notes_of_two_institutions.pk])))
    assert sorted(s for s in shown if s not in detail) == []
    for name, method, _spec, url in pages_answering_200(role, world):
        page = read(getattr(client, method)(url))
        assert sorted(s for s in hidden if s in page) == [], name
