"""Retention: persons whose cases are all closed for longer than RETENTION_YEARS_AFTER_CLOSING
are anonymised (Art. 5(1)(e), Art. 17 GDPR; §84 SGB X). What identifies the person or tells
their story goes; what the steering figures count stays (phase, dates, measure types and
statuses, German levels, literacy, nationality, residence status, legal domain, birth year).

One path for every caller: the coordinators' page "Löschfristen", ``manage.py
anonymise_expired`` and the nightly Celery task all call ``anonymise_expired``.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone

from cases.models import (
    Assessment,
    Case,
    CaseInquiry,
    Document,
    FollowUp,
    Handover,
    IntegrationPlan,
    Measure,
    Note,
    Person,
    SubGoal,
)
from rheine_integration.base import audit
from rheine_integration.base.workdays import years_before

ANONYMISED = "anonymisiert"


@dataclass(frozen=True)
class DueCase:
    """What the dry-run list shows: references and dates, no names."""

    person_id: int
    references: list[str]
    closed_on: datetime.date


def cutoff(today: datetime.date) -> datetime.date:
    """Cases closed on or before this day have passed their retention period."""
    return years_before(today, settings.RETENTION_YEARS_AFTER_CLOSING)


def persons_due(today: datetime.date | None = None) -> QuerySet[Person]:
    """Not yet anonymised persons whose cases are all closed, the last one before the cutoff."""
    today = today or timezone.localdate()
    open_case = Case.objects.filter(person=OuterRef("pk"), closed_on__isnull=True)
    return (
        Person.objects.filter(anonymised_at__isnull=True, cases__isnull=False)
        .annotate(last_closed=Max("cases__closed_on"), has_open=Exists(open_case))
        .filter(has_open=False, last_closed__lte=cutoff(today))
        .order_by("last_closed", "pk")
    )


def due_list(today: datetime.date | None = None) -> list[DueCase]:
    persons = list(persons_due(today).values_list("pk", "last_closed"))
    references: dict[int, list[str]] = {pk: [] for pk, _closed in persons}
    for case in Case.objects.filter(person_id__in=references).order_by("pk").only("pk", "person"):
        references[case.person_id].append(case.reference)
    return [DueCase(pk, references[pk], closed) for pk, closed in persons]


@transaction.atomic
def anonymise_person(person: Person, *, by=None) -> None:
    """Remove what identifies the person from the person and all their cases. Idempotent."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at is not None:
        return
    cases = Case.objects.filter(person=person)
    documents = list(Document.objects.filter(case__in=cases))
    files = [document.file.name for document in documents if document.file]

    person.given_names = person.family_name = ANONYMISED
    person.name_variants = []
    person.birth_day = person.birth_month = None  # the birth year stays for the statistics
    person.phone = person.email = person.street = person.postal_code = person.city = ""
    person.residence_expires_on = None
    person.anonymised_at = timezone.now()
    person.version += 1
    person.save()

    cases.update(closing_note="")
    Note.objects.filter(case__in=cases).update(text="")
    Assessment.objects.filter(case__in=cases).update(
        work_experience="", own_goals="", other_constraints="", health_constraints=""
    )
    IntegrationPlan.objects.filter(case__in=cases).update(goal="")
    SubGoal.objects.filter(plan__case__in=cases).update(description="")
    Measure.objects.filter(case__in=cases).update(abort_reason="", justification="")
    FollowUp.objects.filter(case__in=cases).update(description="")
    Handover.objects.filter(case__in=cases).update(summary="", decline_reason="")
    CaseInquiry.objects.filter(case__in=cases).update(typed_name="", message="")
    Document.objects.filter(pk__in=[d.pk for d in documents]).delete()

    for case in cases:
        audit.record(by, audit.Action.DELETE, person, case=case, detail="anonymised (retention)")

    def delete_files():
        storage = Document._meta.get_field("file").storage
        for name in files:
            storage.delete(name)

    # Files go only once the database change is committed (a rollback keeps them).
    transaction.on_commit(delete_files)


def anonymise_expired(
    *, today: datetime.date | None = None, by=None, dry_run: bool = False
) -> list[DueCase]:
    """Anonymise every person due; returns what was (or, dry run, would be) anonymised.
    Safe to run twice: anonymised persons are no longer due."""
    due = due_list(today)
    if not dry_run:
        for entry in due:
            anonymise_person(Person(pk=entry.person_id), by=by)
    return due
