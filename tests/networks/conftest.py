import pytest

from networks.models import Role
from tests.factories import make_user, networks_world


@pytest.fixture
def group_world(working_group_member, fachstelle):
    """The Sprachförderung group chaired by ``working_group_member`` (tests/factories.py)."""
    return networks_world(by=working_group_member, institution=fachstelle)


@pytest.fixture
def other_group_member(jobcenter):
    return make_user(
        "ak.arbeit",
        jobcenter,
        roles=[Role.WORKING_GROUP_MEMBER],
        first_name="Olga",
        last_name="Ost",
    )
