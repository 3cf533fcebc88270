"""Separation of duties in the admin (/verwaltung/): a second factor for staff, no changes to
one's own roles, institution or password, and every case role or password given there audited."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from cases.models import AuditEntry
from networks.models import AccountChange, Membership, Role
from tests.factories import make_user
from tests.otp import force_login_without_second_factor

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Verwaltung-setzt-2026!"


@pytest.fixture
def administrator(administrator):
    """The account administrator with the demo data's permissions: networks' master data."""
    administrator.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="networks")
    )
    return administrator


def _change_url(user) -> str:
    return reverse("admin:networks_user_change", args=[user.pk])


def _account_form(user, *, roles, institution) -> dict:
    """What the account page posts: the account's fields and its one membership inline."""
    membership = Membership.objects.get(user=user)
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "membership-TOTAL_FORMS": "1",
        "membership-INITIAL_FORMS": "1",
        "membership-MIN_NUM_FORMS": "0",
        "membership-MAX_NUM_FORMS": "1",
        "membership-0-id": str(membership.pk),
        "membership-0-user": str(user.pk),
        "membership-0-institution": str(institution.pk),
        "membership-0-roles": roles,
        "membership-0-function": "",
        "_save": "Sichern",
    }


def test_the_admin_asks_staff_for_the_second_factor(client, administrator):
    force_login_without_second_factor(client, administrator)
    response = client.get("/verwaltung/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_setup"))
    assert client.get(_change_url(administrator)).status_code == 302


def test_an_administrator_cannot_give_itself_a_case_role_or_another_institution(
    client, administrator, sozialamt
):
    client.force_login(administrator)
    response = client.post(
        _change_url(administrator),
        _account_form(
            administrator, roles=[Role.ADMINISTRATOR, Role.CASE_MANAGER], institution=sozialamt
        ),
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=administrator)
    assert membership.roles == [Role.ADMINISTRATOR]
    assert membership.institution != sozialamt
    page = client.get(_change_url(administrator)).content.decode()
    assert 'name="membership-0-roles"' not in page  # shown, not editable


def test_an_administrator_cannot_set_its_own_password_in_the_admin(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:auth_user_password_change", args=[administrator.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 403
    administrator.refresh_from_db()
    assert not administrator.check_password(NEW_PASSWORD)


def test_a_case_role_given_in_the_admin_is_audited_and_shown_with_its_date(
    client, administrator, sozialamt
):
    clerk = make_user("sachbearbeitung", sozialamt, roles=[Role.WORKING_GROUP_MEMBER])
    client.force_login(administrator)
    response = client.post(
        _change_url(clerk),
        _account_form(
            clerk, roles=[Role.WORKING_GROUP_MEMBER, Role.CASE_MANAGER], institution=sozialamt
        ),
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=clerk).roles == [
        Role.WORKING_GROUP_MEMBER,
        Role.CASE_MANAGER,
    ]
    entry = AuditEntry.objects.get(object_type="account_role", object_id=str(clerk.pk))
    assert entry.action == AuditEntry.Action.GRANT
    assert entry.username == administrator.username
    assert "case_manager" in entry.detail and str(sozialamt.pk) in entry.detail
    listing = client.get(reverse("admin:networks_user_changelist")).content.decode()
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert f"Fallmanagement seit {today}" in listing


def test_a_password_set_by_an_administrator_is_audited(
    client, administrator, sozialamt_case_manager
):
    client.force_login(administrator)
    url = reverse("admin:auth_user_password_change", args=[sozialamt_case_manager.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    sozialamt_case_manager.refresh_from_db()
    assert sozialamt_case_manager.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(object_type="account_password")
    assert entry.object_id == str(sozialamt_case_manager.pk)
    assert entry.username == administrator.username


@pytest.fixture
def sozialamt_coordinator(sozialamt):
    return make_user("sozialamt.koordination", sozialamt, roles=[Role.COORDINATOR])


def test_the_coordinators_concerned_are_notified_and_undo_a_case_role_given_in_the_admin(
    client, administrator, sozialamt, sozialamt_coordinator, coordinator
):
    clerk = make_user("sachbearbeitung", sozialamt, roles=[Role.WORKING_GROUP_MEMBER])
    client.force_login(administrator)
    client.post(
        _change_url(clerk),
        _account_form(
            clerk, roles=[Role.WORKING_GROUP_MEMBER, Role.CASE_MANAGER], institution=sozialamt
        ),
    )
    assert Membership.objects.get(user=clerk).roles == [
        Role.WORKING_GROUP_MEMBER,
        Role.CASE_MANAGER,
    ]

    client.force_login(sozialamt_coordinator)
    inbox = client.get(reverse("cases:notifications")).content.decode()
    assert "Kontoänderung durch die Administration" in inbox
    changes = client.get(reverse("cases:account_changes")).content.decode()
    assert "sachbearbeitung" in changes and "Fallmanagement" in changes
    change = AccountChange.objects.get(account=clerk)
    response = client.post(reverse("cases:account_change_undo", args=[change.pk]), follow=True)
    assert "Die Änderung am Konto wurde rückgängig gemacht." in response.content.decode()
    assert Membership.objects.get(user=clerk).roles == [Role.WORKING_GROUP_MEMBER]
    assert AuditEntry.objects.filter(
        object_type="account_change_undone", username=sozialamt_coordinator.username
    ).exists()

    # The Fachstelle's coordinator was not told and cannot undo it.
    client.force_login(coordinator)
    assert "Kontoänderung" not in client.get(reverse("cases:notifications")).content.decode()
    assert client.post(reverse("cases:account_change_undo", args=[change.pk])).status_code == 404


def test_a_coordinator_undoes_a_password_set_by_the_admin(
    client, administrator, sozialamt_case_manager, sozialamt_coordinator
):
    client.force_login(administrator)
    url = reverse("admin:auth_user_password_change", args=[sozialamt_case_manager.pk])
    client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    change = AccountChange.objects.get(account=sozialamt_case_manager)
    client.force_login(sozialamt_coordinator)
    client.post(reverse("cases:account_change_undo", args=[change.pk]))
    sozialamt_case_manager.refresh_from_db()
    assert not sozialamt_case_manager.check_password(NEW_PASSWORD)
    assert not sozialamt_case_manager.has_usable_password()


def test_a_new_account_with_a_case_role_reaches_the_coordinators(
    client, administrator, sozialamt, sozialamt_coordinator
):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:networks_user_add"),
        {
            "username": "neu.fallmanagement",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "membership-TOTAL_FORMS": "1",
            "membership-INITIAL_FORMS": "0",
            "membership-MIN_NUM_FORMS": "0",
            "membership-MAX_NUM_FORMS": "1",
            "membership-0-institution": str(sozialamt.pk),
            "membership-0-roles": [Role.CASE_MANAGER],
            "membership-0-function": "",
            "_save": "Sichern",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    account = Membership.objects.get(user__username="neu.fallmanagement").user
    assert AuditEntry.objects.filter(
        object_type="account_role", object_id=str(account.pk), action="grant"
    ).exists()
    assert AuditEntry.objects.filter(
        object_type="account_password", object_id=str(account.pk)
    ).exists()
    change = AccountChange.objects.get(account=account)
    assert change.roles_after == [Role.CASE_MANAGER] and change.institution_before is None
    client.force_login(sozialamt_coordinator)
    client.post(reverse("cases:account_change_undo", args=[change.pk]))
    assert not Membership.objects.filter(user=account).exists()
