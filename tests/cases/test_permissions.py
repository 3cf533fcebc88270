"""The permission matrix: every case view and action, for every kind of user.

Expected outcomes come from this table, not from cases.permissions, so removing any check
in a view or in the permissions module makes a row fail.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import permissions, services
from cases.models import Scope
from networks.models import Role
from tests.factories import CaseFactory, InstitutionFactory, give_consent, make_user

ALL_LEAD = {
    "view",
    "edit",
    "view_assessment",
    "view_plan",
    "view_notes",
    "view_health",
    "add_note",
    "add_follow_up",
    "upload_document",
    "manage_consent",
    "propose_handover",
}
# What each kind of user may do with a Sozialamt case.
ACTOR_ABILITIES = {
    "lead": ALL_LEAD,
    "lead_colleague": ALL_LEAD,
    "consented_basic": {"view", "add_follow_up"},
    "consented_assessment": {"view", "view_assessment", "add_follow_up"},
    "consented_plan": {"view", "view_plan", "add_follow_up"},
    "consented_notes": {"view", "view_notes", "add_note", "add_follow_up"},
    "consented_everything": {
        "view",
        "view_assessment",
        "view_plan",
        "view_notes",
        "add_note",
        "add_follow_up",
    },
    "unconsented_outsider": set(),
    "coordinator": set(),
    "steering_member": set(),
    "working_group_member": set(),
    "committee_reader": set(),
    "administrator": set(),
    "lead_institution_steering_member": set(),  # same institution, but no case-manager role
}

# (url name, extra kwargs builder, ability the page needs)
CASE_PAGES = [
    ("cases:detail", lambda c: {}, "view"),
    ("cases:person_edit", lambda c: {}, "edit"),
    ("cases:edit", lambda c: {}, "edit"),
    ("cases:close", lambda c: {}, "edit"),
    ("cases:consent_add", lambda c: {}, "manage_consent"),
    (
        "cases:consent_withdraw",
        lambda c: {"consent_pk": c.person.consents.first().pk},
        "manage_consent",
    ),
    ("cases:assessment_add", lambda c: {}, "edit"),
    ("cases:assessment_detail", lambda c: {"version": 1}, "view_assessment"),
    ("cases:plan_add", lambda c: {}, "edit"),
    ("cases:plan_detail", lambda c: {"version": 1}, "view_plan"),
    ("cases:measure_add", lambda c: {}, "edit"),
    ("cases:measure_edit", lambda c: {"measure_pk": c.measures.first().pk}, "edit"),
    ("cases:note_add", lambda c: {}, "add_note"),
    ("cases:follow_up_add", lambda c: {}, "add_follow_up"),
    ("cases:handover_propose", lambda c: {}, "propose_handover"),
    ("cases:document_upload", lambda c: {}, "upload_document"),
    (
        "cases:document_download",
        lambda c: {"document_pk": c.documents.get(kind="certificate").pk},
        "view_assessment",
    ),
]

SCOPES_OF = {
    "consented_basic": [Scope.BASIC],
    "consented_assessment": [Scope.ASSESSMENT],
    "consented_plan": [Scope.PLAN],
    "consented_notes": [Scope.NOTES],
    "consented_everything": [Scope.BASIC, Scope.ASSESSMENT, Scope.PLAN, Scope.NOTES],
}


@pytest.fixture
def actor(request, full_case, sozialamt, jobcenter, sozialamt_case_manager, yesterday):
    """The user of the given kind. The person consents to share with the Jobcenter (with the
    kind's scopes) or, for the other kinds, with the Ausländerbehörde, so a consent always exists."""
    kind = request.param
    recipient = (
        jobcenter
        if kind in SCOPES_OF
        else InstitutionFactory(name="Ausländerbehörde", short_name="ABH")
    )
    services.record_consent(
        case=full_case,
        signed_on=yesterday,
        valid_until=None,
        by=sozialamt_case_manager,
        grants={recipient.pk: SCOPES_OF.get(kind, [Scope.BASIC])},
    )
    if kind == "lead":
        return sozialamt_case_manager
    if kind == "lead_colleague":
        return make_user("sozialamt.kollegin", sozialamt)
    if kind in SCOPES_OF:
        return make_user("jobcenter.fm", jobcenter)
    if kind == "lead_institution_steering_member":
        return make_user(
            "sozialamt.lenkung", sozialamt, roles=[Role.STEERING_MEMBER, Role.COORDINATOR]
        )
    return request.getfixturevalue(kind)


@pytest.mark.parametrize("actor", list(ACTOR_ABILITIES), indirect=True)
@pytest.mark.parametrize(
    ("url_name", "kwargs", "needs"), CASE_PAGES, ids=[p[0] for p in CASE_PAGES]
)
def test_case_pages_answer_each_user_as_the_table_says(
    client, actor, full_case, request, url_name, kwargs, needs
):
    kind = request.node.callspec.params["actor"]
    client.force_login(actor)
    response = client.get(reverse(url_name, kwargs={"pk": full_case.pk, **kwargs(full_case)}))
    expected = 200 if needs in ACTOR_ABILITIES[kind] else 404
    assert response.status_code == expected, f"{kind} on {url_name}"


MARKERS = {
    "MARKER-ZIEL": "view_assessment",
    "MARKER-GESUNDHEIT": "view_health",
    "MARKER-PLAN": "view_plan",
    "MARKER-VERMERK": "view_notes",
    "MARKER-ZEUGNIS": "view_assessment",
    "MARKER-VERTRAULICH": "lead only",
}


@pytest.mark.parametrize(
    "actor", [k for k in ACTOR_ABILITIES if "view" in ACTOR_ABILITIES[k]], indirect=True
)
def test_case_page_shows_only_the_parts_the_consent_names(client, actor, full_case, request):
    kind = request.node.callspec.params["actor"]
    client.force_login(actor)
    page = client.get(reverse("cases:detail", args=[full_case.pk])).content.decode()
    for marker, needs in MARKERS.items():
        allowed = (
            kind in ("lead", "lead_colleague")
            if needs == "lead only"
            else needs in ACTOR_ABILITIES[kind]
        )
        assert (marker in page) == allowed, f"{kind} and {marker}"


@pytest.mark.parametrize("actor", list(ACTOR_ABILITIES), indirect=True)
def test_case_list_and_search_show_the_case_only_to_who_may_see_it(
    client, actor, full_case, request
):
    kind = request.node.callspec.params["actor"]
    client.force_login(actor)
    listed = client.get(reverse("cases:list"))
    searched = client.get(reverse("cases:list"), {"q": full_case.person.family_name})
    visible = "view" in ACTOR_ABILITIES[kind]
    # Roles without case access get no list at all (403), case managers their visible cases.
    status = 200 if permissions.can_list_cases(actor) else 403
    for response in (listed, searched):
        assert response.status_code == status
        assert (full_case.reference in response.content.decode()) == visible


def test_what_an_institution_sees_follows_a_withdrawal_at_once(
    sozialamt, jobcenter, jobcenter_case_manager
):
    """Each call decides anew by the access rows, also in a process that answered before."""
    colleague = make_user("jobcenter.fm2", jobcenter)
    case = CaseFactory(lead_institution=sozialamt)
    consent = give_consent(case, jobcenter, [Scope.BASIC])
    assert list(permissions.visible_cases(jobcenter_case_manager)) == [case]
    services.withdraw_consent(
        consent, withdrawn_on=timezone.localdate(), case=case, by=case.case_manager
    )
    assert list(permissions.visible_cases(jobcenter_case_manager)) == []
    assert list(permissions.visible_cases(colleague)) == []
    assert list(permissions.visible_cases(case.case_manager)) == [case]
