"""The case page reads all its sections in one statement (cases.jsonrows); what it reads must be
exactly what the ORM reads, row for row and field for field, as far as the reader may see."""

import pytest

from cases import permissions, timeline
from cases.models import Scope
from tests.factories import FollowUpFactory, HandoverFactory, give_consent

pytestmark = pytest.mark.django_db


def _fields(obj, related):
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    for relation, names in related.items():
        other = getattr(obj, relation)
        values[relation] = other and {name: getattr(other, name) for name in names}
    return values


@pytest.mark.parametrize("reader", ["lead", "jobcenter"])
def test_one_statement_reads_what_the_orm_reads(
    reader, full_case, sozialamt_case_manager, jobcenter, jobcenter_case_manager
):
    give_consent(full_case, jobcenter, [Scope.BASIC, Scope.NOTES])
    HandoverFactory(case=full_case, to_institution=jobcenter)
    FollowUpFactory(case=full_case, description="Kursbeginn prüfen")
    user = sozialamt_case_manager if reader == "lead" else jobcenter_case_manager
    case = permissions.get_case_for(user, full_case.pk)

    sources = timeline.load_sources(user, case, case.granted)

    expected = {
        "handovers": case.handovers.all(),
        "consents": case.person.consents.all(),
        "documents": permissions.visible_documents(case, case.granted),
        "follow_ups": case.follow_ups.pending().filter(
            institution=permissions.acting_institution(user)
        ),
        "assessments": case.assessments.all() if case.granted["view_assessment"] else [],
        "plans": case.plans.all() if case.granted["view_plan"] else [],
        "measures": case.measures.all() if case.granted["view_plan"] else [],
        "notes": permissions.visible_notes(user, case, case.granted),
    }
    for name, rows in expected.items():
        related = timeline.SECTION_RELATED[name]
        assert [_fields(o, related) for o in sources[name]] == [
            _fields(o, related) for o in rows
        ], name
    notes = [note.text for note in sources["notes"]]
    assert "MARKER-VERMERK Termin vereinbart" in notes  # decrypted, like the ORM does
    assert ("MARKER-VERTRAULICH intern" in notes) == (reader == "lead")
    assert (sources["assessments"] != []) == (reader == "lead")
