"""Every URL pattern of the project, for every kind of user: the expected answer is written
here, not derived from the code, so a removed check fails a row. A new URL without a row in
EXPECTED fails ``test_every_url_pattern_has_a_row``.

Outcomes: a status code as text, "login" (redirect to the login page), "redirect" (elsewhere).
The case belongs to the Sozialamt (``lead``); ``outsider`` is a case manager of an institution
without consent; ``jobcenter`` holds a consent for the basics only.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "lead",
    "outsider",
    "jobcenter",
    "coordinator",
    "steering",
    "working_group",
    "committee",
    "administrator",
]
FIXTURES = {
    "lead": "sozialamt_case_manager",
    "outsider": "unconsented_outsider",
    "jobcenter": "jobcenter_case_manager",
    "coordinator": "coordinator",
    "steering": "steering_member",
    "working_group": "working_group_member",
    "committee": "committee_reader",
    "administrator": "administrator",
}

# URL name -> (method, kwargs from the world, outcome per role in the order of ROLES)
L = "login"
R = "redirect"
EXPECTED = {
    # name: (method, args, [anonymous, lead, outsider, jobcenter, coordinator, steering, wg, committee, admin])
    "home": ("get", {}, [L, 200, 200, 200, 200, 200, 200, 200, 200]),
    "health": ("get", {}, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "accessibility": ("get", {}, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "session_extend": ("post", {}, [L, 200, 200, 200, 200, 200, 200, 200, 200]),
    "login": ("get", {}, [200, R, R, R, R, R, R, R, R]),
    "logout": ("post", {}, [L, L, L, L, L, L, L, L, L]),
    "otp_setup": ("get", {}, [L, R, R, R, R, R, R, R, R]),
    "otp_verify": ("get", {}, [L, 200, 200, 200, 200, 200, 200, 200, 200]),
    "password_reset": ("get", {}, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "password_reset_done": ("get", {}, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "password_reset_confirm": (
        "get",
        {"uidb64": "MQ", "token": "invalid-token"},
        [200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    "password_reset_complete": ("get", {}, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "password_change": ("get", {}, [L, 200, 200, 200, 200, 200, 200, 200, 200]),
    "password_change_done": ("get", {}, [L, 200, 200, 200, 200, 200, 200, 200, 200]),
    # Roles without case access: no list, and no filter naming case managers.
    "cases:list": ("get", {}, [L, 200, 200, 200, 403, 403, 403, 403, 403]),
    "cases:register": ("get", {}, [L, 200, 200, 200, 404, 404, 404, 404, 404]),
    "cases:duplicate_inquiry": ("post", {}, [L, R, R, R, 404, 404, 404, 404, 404]),
    "cases:detail": ("get", {"pk": "case"}, [L, 200, 404, 200, 404, 404, 404, 404, 404]),
    "cases:history": ("get", {"pk": "case"}, [L, 200, 404, 200, 404, 404, 404, 404, 404]),
    "cases:person_edit": ("get", {"pk": "case"}, [L, 200, 404, 404, 404, 404, 404, 404, 404]),
    "cases:edit": ("get", {"pk": "case"}, [L, 200, 404, 404, 404, 404, 404, 404, 404]),
    "cases:close": ("get", {"pk": "case"}, [L, 200, 404, 404, 404, 404, 404, 404, 404]),
    "cases:reopen": ("get", {"pk": "case"}, [L, 404, 404, 404, 404, 404, 404, 404, 404]),
    "cases:consent_add": ("get", {"pk": "case"}, [L, 200, 404, 404, 404, 404, 404, 404, 404]),
    "cases:consent_withdraw": (
        "get",
        {"pk": "case", "consent_pk": "consent"},
        [L, 200, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:assessment_add": ("get", {"pk": "case"}, [L, 200, 404, 404, 404, 404, 404, 404, 404]),
    "cases:assessment_detail": (
        "get",
        {"pk": "case", "version": "assessment.version"},
        [L, 200, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:plan_add": ("get", {"pk": "case"}, [L, 200, 404, 404, 404, 404, 404, 404, 404]),
    "cases:plan_detail": (
        "get",
        {"pk": "case", "version": "plan.version"},
        [L, 200, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:measure_add": ("get", {"pk": "case"}, [L, 200, 404, 404, 404, 404, 404, 404, 404]),
    "cases:measure_edit": (
        "get",
        {"pk": "case", "measure_pk": "measure"},
        [L, 200, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:residence_add": ("get", {"pk": "case"}, [L, 200, 404, 404, 404, 404, 404, 404, 404]),
    "cases:eligibility_decide": (
        "get",
        {"pk": "case", "review_pk": "review"},
        [L, 200, 404, 404, 404, 404, 404, 404, 404],
    ),
    # The case's person is still under AsylbLG like its lead: no handover is due (404).
    "cases:handover_prepare": ("get", {"pk": "case"}, [L, 404, 404, 404, 404, 404, 404, 404, 404]),
    "cases:recognition_add": ("get", {"pk": "case"}, [L, 200, 404, 404, 404, 404, 404, 404, 404]),
    "cases:recognition_edit": (
        "get",
        {"pk": "case", "procedure_pk": "recognition"},
        [L, 200, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:recognition_compensation": (
        "get",
        {"pk": "case", "procedure_pk": "recognition"},
        [L, 200, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:note_add": ("get", {"pk": "case"}, [L, 200, 404, 404, 404, 404, 404, 404, 404]),
    "cases:follow_up_add": ("get", {"pk": "case"}, [L, 200, 404, 200, 404, 404, 404, 404, 404]),
    "cases:follow_ups": ("get", {}, [L, 200, 200, 200, 404, 404, 404, 404, 404]),
    "cases:follow_up_done": (
        "post",
        {"pk": "follow_up"},
        [L, R, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:handover_propose": ("get", {"pk": "case"}, [L, 200, 404, 404, 404, 404, 404, 404, 404]),
    "cases:inbox": ("get", {}, [L, 200, 200, 200, 404, 404, 404, 404, 404]),
    "cases:sent_handovers": ("get", {}, [L, 200, 200, 200, 404, 404, 404, 404, 404]),
    "cases:handover_answer": (
        "get",
        {"pk": "handover"},
        [L, 404, 404, 200, 404, 404, 404, 404, 404],
    ),
    "cases:inquiry_done": ("post", {"pk": "inquiry"}, [L, R, 404, 404, 404, 404, 404, 404, 404]),
    "cases:document_upload": ("get", {"pk": "case"}, [L, 200, 404, 404, 404, 404, 404, 404, 404]),
    "cases:document_download": (
        "get",
        {"pk": "case", "document_pk": "document"},
        [L, 200, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:audit": ("get", {}, [L, 403, 403, 403, 200, 403, 403, 403, 403]),
    # Coordinators: the admin's changes to accounts of their institution, and their undo (the
    # world's change is the Sozialamt's; the coordinator is the Fachstelle's).
    "cases:account_changes": ("get", {}, [L, 403, 403, 403, 200, 403, 403, 403, 403]),
    "cases:account_change_undo": (
        "post",
        {"pk": "account_change"},
        [L, 404, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:audit_export": ("get", {}, [L, 403, 403, 403, 400, 403, 403, 403, 403]),
    "cases:retention": ("get", {}, [L, 403, 403, 403, 200, 403, 403, 403, 403]),
    "cases:measure_types": ("get", {}, [L, 403, 403, 403, 200, 403, 403, 403, 403]),
    "cases:measure_type_add": ("get", {}, [L, 403, 403, 403, 200, 403, 403, 403, 403]),
    "cases:measure_type_edit": (
        "get",
        {"pk": "measure_type"},
        [L, 403, 403, 403, 200, 403, 403, 403, 403],
    ),
    # Courses (issue 22): the case manager's pages follow the case's edit right; the
    # provider's pages are for course provider staff only (tests/cases/test_course_pages.py
    # has the provider's own rows and the sweep across providers).
    "cases:measure_courses": (
        "get",
        {"measure_pk": "measure"},
        [L, 200, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:seat_request": (
        "get",
        {"measure_pk": "measure", "offer_pk": "course_offer"},
        [L, 200, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:booking_accept": (
        "post",
        {"pk": "seat_booking"},
        [L, R, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:booking_cancel": (
        "post",
        {"pk": "other_seat_booking"},
        [L, R, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:course_offers": ("get", {}, [L, 403, 403, 403, 403, 403, 403, 403, 403]),
    "cases:course_offer_add": ("get", {}, [L, 403, 403, 403, 403, 403, 403, 403, 403]),
    "cases:course_offer_edit": (
        "get",
        {"pk": "course_offer"},
        [L, 404, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:course_participants": (
        "get",
        {"pk": "course_offer"},
        [L, 404, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:booking_answer": (
        "get",
        {"pk": "seat_booking"},
        [L, 404, 404, 404, 404, 404, 404, 404, 404],
    ),
    "cases:notifications": ("get", {}, [L, 200, 200, 200, 200, 200, 200, 200, 200]),
    "cases:notification_read": (
        "post",
        {"pk": "notification"},
        [L, R, R, R, R, R, R, R, R],  # only the own notifications are marked (IDOR sweep)
    ),
    "cases:notifications_read_all": ("post", {}, [L, R, R, R, R, R, R, R, R]),
    "cases:notification_preferences": ("get", {}, [L, 200, 200, 200, 200, 200, 200, 200, 200]),
    "networks:working_groups": ("get", {}, [L, 403, 403, 403, 200, 403, 200, 403, 403]),
    # Working groups (issue 20): members see their own group's pages; no case content.
    "networks:institutions": ("get", {}, [L, 200, 200, 200, 200, 200, 200, 200, 200]),
    "networks:institution_detail": (
        "get",
        {"pk": "institution"},
        [L, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    "networks:group_create": ("get", {}, [L, 403, 403, 403, 200, 403, 403, 403, 403]),
    "networks:group_detail": (
        "get",
        {"pk": "working_group"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:group_members": (
        "get",
        {"pk": "working_group"},
        [L, 404, 404, 404, 200, 404, 403, 404, 404],
    ),
    "networks:meeting_create": (
        "get",
        {"pk": "working_group"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:trajectory_create": (
        "get",
        {"pk": "working_group"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:strategy_create": (
        "get",
        {"pk": "working_group"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:meeting_detail": (
        "get",
        {"pk": "meeting"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:agenda_item_add": (
        "get",
        {"pk": "meeting"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:meeting_invite": ("post", {"pk": "meeting"}, [L, 404, 404, 404, R, 404, R, 404, 404]),
    "networks:meeting_attendance": (
        "get",
        {"pk": "meeting"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:minutes_edit": (
        "get",
        {"pk": "meeting", "item_pk": "agenda_item"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:action_item_add": (
        "get",
        {"pk": "meeting", "item_pk": "agenda_item"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:minutes_approve": (
        "post",
        {"pk": "meeting"},
        [L, 404, 404, 404, R, 404, R, 404, 404],
    ),
    "networks:invitation_pdf": (
        "get",
        {"pk": "meeting"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:invitation_ics": (
        "get",
        {"pk": "meeting"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:minutes_pdf": ("get", {"pk": "meeting"}, [L, 404, 404, 404, 200, 404, 200, 404, 404]),
    "networks:network": ("get", {}, [L, 403, 403, 403, 200, 403, 200, 403, 403]),
    "networks:network_json": ("get", {}, [L, 403, 403, 403, 200, 403, 200, 403, 403]),
    "networks:network_svg": ("get", {}, [L, 403, 403, 403, 200, 403, 200, 403, 403]),
    "networks:observed": ("get", {}, [L, 403, 403, 403, 200, 403, 200, 403, 403]),
    "networks:observed_refresh": ("post", {}, [L, 403, 403, 403, 400, 403, 403, 403, 403]),
    "networks:trajectories": ("get", {}, [L, 404, 404, 404, 200, 404, 200, 404, 404]),
    "networks:trajectory_compare": ("get", {}, [L, 404, 404, 404, 200, 404, 200, 404, 404]),
    "networks:trajectory_detail": (
        "get",
        {"pk": "trajectory"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:trajectory_version": (
        "get",
        {"pk": "trajectory", "version": "version.number"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:station_add": (
        "get",
        {"pk": "trajectory"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:station_edit": (
        "get",
        {"pk": "trajectory", "position": "station.position"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:station_move": (
        "post",
        {"pk": "trajectory", "position": "station.position"},
        [L, 404, 404, 404, R, 404, R, 404, 404],
    ),
    "networks:station_remove": (
        "post",
        {"pk": "trajectory", "position": "station.position"},
        [L, 404, 404, 404, R, 404, R, 404, 404],
    ),
    "networks:strategies": ("get", {}, [L, 404, 404, 404, 200, 404, 200, 404, 404]),
    "networks:strategy_detail": (
        "get",
        {"pk": "strategy"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:strategy_edit": (
        "get",
        {"pk": "strategy"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:strategy_affected_add": (
        "get",
        {"pk": "strategy"},
        [L, 404, 404, 404, 200, 404, 200, 404, 404],
    ),
    "networks:strategy_comment": (
        "post",
        {"pk": "strategy"},
        [L, 404, 404, 404, R, 404, R, 404, 404],
    ),
    "networks:strategy_submit": (
        "post",
        {"pk": "strategy"},
        [L, 404, 404, 404, R, 404, R, 404, 404],
    ),
    "steering:index": ("get", {}, [L, 403, 403, 403, 200, 200, 403, 403, 403]),
    "steering:reports": ("get", {}, [L, 403, 403, 403, 200, 200, 403, 200, 403]),
    # Aggregates only: steering members and coordinators; committee readers get the report.
    "steering:dashboard": ("get", {}, [L, 403, 403, 403, 200, 200, 403, 403, 403]),
    "steering:chart_download": (
        "get",
        {"indicator": "case_flow", "fmt": "xlsx"},
        [L, 403, 403, 403, 200, 200, 403, 403, 403],
    ),
    "steering:refresh": ("post", {}, [L, 403, 403, 403, R, 403, 403, 403, 403]),
    "steering:goal_add": ("get", {}, [L, 403, 403, 403, 200, 403, 403, 403, 403]),
    # Case managers and working groups do not see the budget; coordinators edit it.
    "steering:budget": ("get", {}, [L, 403, 403, 403, 200, 200, 403, 403, 403]),
    "steering:budget_year_edit": (
        "get",
        {"pk": "budget_year"},
        [L, 403, 403, 403, 200, 403, 403, 403, 403],
    ),
}
# The Django admin ("Verwaltung"): only staff accounts; others are sent to its login.
ADMIN_INDEX = ("get", {}, [R, R, R, R, R, R, R, R, 200])


def all_url_names() -> list[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                yield namespace + (pattern.name or f"<unnamed {pattern.pattern}>")

    return sorted(set(walk(get_resolver().url_patterns)))


def test_every_url_pattern_has_a_row():
    missing = [
        name for name in all_url_names() if name not in EXPECTED and not name.startswith("admin:")
    ]
    assert missing == [], "add these URLs to EXPECTED with the outcome for every role"
    assert set(EXPECTED) <= set(all_url_names()), "EXPECTED names URLs that no longer exist"


def _resolve_args(spec: dict, world) -> dict:
    kwargs = {}
    for key, source in spec.items():
        if source in ("uidb64", "token") or key in ("uidb64", "token", "indicator", "fmt"):
            kwargs[key] = source
            continue
        obj, _, attr = source.partition(".")
        value = world[obj]
        kwargs[key] = getattr(value, attr) if attr else value.pk
    return kwargs


def outcome(response) -> str | int:
    if response.status_code in (301, 302):
        return L if response["Location"].startswith("/konto/anmelden/") else R
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_each_url_answers_each_role_as_the_table_says(client, request, role, world):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(FIXTURES[role]))
    wrong = []
    rows = {name: EXPECTED[name] for name in all_url_names() if name in EXPECTED}
    rows["admin:index"] = ADMIN_INDEX
    for name, (method, spec, outcomes) in rows.items():
        url = reverse(name, kwargs=_resolve_args(spec, world))
        response = getattr(client, method)(url)
        expected = outcomes[ROLES.index(role)]
        if outcome(response) != expected:
            wrong.append(
                f"{name} {method.upper()} {url}: expected {expected}, got {outcome(response)}"
            )
        if name == "logout" and role != "anonymous":
            client.force_login(request.getfixturevalue(FIXTURES[role]))
    assert wrong == []


def test_admin_pages_of_every_registered_model_refuse_non_staff(
    client, sozialamt_case_manager, world
):
    client.force_login(sozialamt_case_manager)
    refused = []
    for name in all_url_names():
        if not name.startswith("admin:") or not name.endswith("_changelist"):
            continue
        response = client.get(reverse(name))
        if outcome(response) != R or "/verwaltung/login/" not in response["Location"]:
            refused.append(name)
    assert refused == []
