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
    "cases:notifications": ("get", {}, [L, 200, 200, 200, 200, 200, 200, 200, 200]),
    "cases:notification_read": (
        "post",
        {"pk": "notification"},
        [L, R, R, R, R, R, R, R, R],  # only the own notifications are marked (IDOR sweep)
    ),
    "cases:notifications_read_all": ("post", {}, [L, R, R, R, R, R, R, R, R]),
    "cases:notification_preferences": ("get", {}, [L, 200, 200, 200, 200, 200, 200, 200, 200]),
    "networks:working_groups": ("get", {}, [L, 403, 403, 403, 200, 403, 200, 403, 403]),
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
