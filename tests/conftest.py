"""Role fixtures named for the people of the domain, on institutions like the demo data's."""

import os

import pytest

from networks.models import Institution, LegalDomain, Role
from tests.factories import CaseFactory, InstitutionFactory, make_user

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# in a thread with a running loop unless told that this is deliberate (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def sozialamt(db) -> Institution:
    return InstitutionFactory(
        name="Sozialamt der Stadt Rheine",
        short_name="Sozialamt",
        kind=Institution.Kind.SOCIAL_WELFARE_OFFICE,
        registers_persons=True,
        legal_domain=LegalDomain.ASYLBLG,
    )


@pytest.fixture
def jobcenter(db) -> Institution:
    return InstitutionFactory(
        name="Jobcenter Kreis Steinfurt, Standort Rheine",
        short_name="Jobcenter",
        kind=Institution.Kind.JOBCENTER,
        registers_persons=True,
        legal_domain=LegalDomain.SGB_II,
    )


@pytest.fixture
def integrationsagentur(db) -> Institution:
    return InstitutionFactory(
        name="Integrationsagentur Rheine",
        short_name="IA",
        kind=Institution.Kind.INTEGRATION_AGENCY,
        legal_domain=LegalDomain.NONE,
    )


@pytest.fixture
def fachstelle(db) -> Institution:
    return InstitutionFactory(
        name="Fachstelle Migration und Integration der Stadt Rheine",
        short_name="Fachstelle",
        kind=Institution.Kind.MUNICIPAL_OFFICE,
        registers_persons=True,
        legal_domain=LegalDomain.ASYLBLG,
    )


@pytest.fixture
def sozialamt_case_manager(sozialamt):
    return make_user("sozialamt.fm", sozialamt, first_name="Sabine", last_name="Sommer")


@pytest.fixture
def sozialamt_colleague(sozialamt):
    return make_user("sozialamt.fm2", sozialamt, first_name="Stefan", last_name="Sander")


@pytest.fixture
def jobcenter_case_manager(jobcenter):
    return make_user("jobcenter.fm", jobcenter, first_name="Jana", last_name="Jansen")


@pytest.fixture
def unconsented_outsider(integrationsagentur):
    """A case manager of an institution the person never consented to share with."""
    return make_user("ia.fm", integrationsagentur, first_name="Ole", last_name="Otten")


@pytest.fixture
def coordinator(fachstelle):
    return make_user(
        "koordination", fachstelle, roles=[Role.COORDINATOR], first_name="Carla", last_name="Conrad"
    )


@pytest.fixture
def steering_member(jobcenter):
    return make_user(
        "lenkung", jobcenter, roles=[Role.STEERING_MEMBER], first_name="Lars", last_name="Lenz"
    )


@pytest.fixture
def working_group_member(integrationsagentur):
    return make_user("arbeitskreis", integrationsagentur, roles=[Role.WORKING_GROUP_MEMBER])


@pytest.fixture
def committee_reader(fachstelle):
    return make_user("ausschuss", fachstelle, roles=[Role.COMMITTEE_READER])


@pytest.fixture
def administrator(fachstelle):
    user = make_user("admin", fachstelle, roles=[Role.ADMINISTRATOR], is_staff=True)
    return user


@pytest.fixture
def sozialamt_case(sozialamt, sozialamt_case_manager):
    """An open case led by the Sozialamt, with no consent to anyone."""
    return CaseFactory(lead_institution=sozialamt, case_manager=sozialamt_case_manager)


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """Two-factor login stays on in tests (settings.OTP_REQUIRED). A session opened with
    ``client.force_login(user)`` counts as verified: the user gets a confirmed TOTP device and
    the session holds it as django-otp's login does. Tests of the enforcement itself log in with
    ``tests.otp.force_login_without_second_factor``."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.otp import confirmed_device

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def audit_log_truncatable(transactional_db):
    """A transactional test ends with a flush (TRUNCATE of every table), which the audit log's
    append-only trigger refuses. For that one flush the test session skips triggers
    (replication role); the post_migrate signal the flush sends restores them at once."""
    from django.db import connection
    from django.db.models.signals import post_migrate

    yield
    uid = "tests-restore-triggers"

    def restore(**kwargs):
        post_migrate.disconnect(dispatch_uid=uid)
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    post_migrate.connect(restore, weak=False, dispatch_uid=uid)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads go to a temporary folder, never into the project."""
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        }
    }
