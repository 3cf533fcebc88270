"""Each institution's auth group (which django-guardian grants case permissions to) follows
institutions and memberships, including the admin's bulk delete."""

from django.contrib.auth.models import Group

from networks.models import Membership
from tests.factories import InstitutionFactory, make_user


def institution_groups_of(user):
    return set(user.groups.filter(institution__isnull=False).values_list("name", flat=True))


def test_creating_an_institution_creates_its_group(db):
    institution = InstitutionFactory(short_name="KHS")
    institution.refresh_from_db()
    assert institution.group.name == "Institution: KHS"


def test_renaming_the_short_name_renames_the_group(db):
    institution = InstitutionFactory(short_name="KHS")
    institution.short_name = "Kreishandwerkerschaft"
    institution.save()
    assert Group.objects.filter(name="Institution: Kreishandwerkerschaft").exists()
    assert not Group.objects.filter(name="Institution: KHS").exists()


def test_a_membership_puts_the_user_into_the_institution_group(sozialamt):
    user = make_user("fm.neu", sozialamt)
    assert institution_groups_of(user) == {"Institution: Sozialamt"}


def test_moving_the_membership_moves_the_user_to_the_other_group(sozialamt, jobcenter):
    user = make_user("fm.wechsel", sozialamt)
    membership = user.membership
    membership.institution = jobcenter
    membership.save()
    assert institution_groups_of(user) == {"Institution: Jobcenter"}


def test_deleting_the_membership_removes_the_user_from_the_group(sozialamt):
    user = make_user("fm.geht", sozialamt)
    user.membership.delete()
    assert institution_groups_of(user) == set()


def test_bulk_deleting_memberships_as_the_admin_does_removes_users_from_their_groups(
    sozialamt, jobcenter
):
    first, second = make_user("fm.eins", sozialamt), make_user("fm.zwei", jobcenter)
    Membership.objects.filter(user__in=[first, second]).delete()
    assert institution_groups_of(first) == set()
    assert institution_groups_of(second) == set()
