"""Writes of the residence history and what follows from a new status: the derived status and
legal domain, the re-check of every ongoing measure, the decisions it asks for.

Separate from services.py because it is one story of its own (issue 19); it uses the same
rules: keyword-only arguments, one transaction, an audit entry per change."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import residence, services
from cases.models import (
    Case,
    EligibilityReview,
    LegalDomainChange,
    Measure,
    MeasureType,
    Notification,
    NotificationKind,
    Person,
    ResidenceRecord,
)
from cases.prerequisites import completed_type_ids, missing_prerequisites
from cases.reminders import ONGOING_MEASURE
from networks.models import User
from rheine_integration.base import audit


class ResidenceInputError(services.CaseRuleError):
    """Input that contradicts the history or the rules; ``errors`` maps form fields to German
    messages, so the form shows each at its field and keeps the input."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def _period(record) -> str:
    until = f"{record.valid_until:%d.%m.%Y}" if record.valid_until else _("offen")
    return f"{record.valid_from:%d.%m.%Y} – {until}"


def check_record(record: ResidenceRecord, existing: list[ResidenceRecord]) -> dict[str, str]:
    """What is wrong with ``record`` against the rules and the person's ``existing`` history
    (empty: nothing). An open-ended earlier record is not an overlap: the new one ends it."""
    errors: dict[str, str] = {}
    if record.valid_until and record.valid_from and record.valid_until < record.valid_from:
        errors["valid_until"] = _("Das Ende der Gültigkeit liegt vor ihrem Beginn.")
    if record.legal_basis and not residence.fits(record.status, record.legal_basis):
        errors["legal_basis"] = _(
            "Die Rechtsgrundlage „%(basis)s“ passt nicht zum Status „%(status)s“."
        ) % {
            "basis": residence.LEGAL_BASES[record.legal_basis].label
            if record.legal_basis in residence.LEGAL_BASES
            else record.legal_basis,
            "status": record.get_status_display(),
        }
    if record.decided_on and record.decided_on > timezone.localdate():
        errors["decided_on"] = _("Das Entscheidungsdatum liegt in der Zukunft.")
    if "valid_until" in errors or record.valid_from is None:
        return errors
    end = record.valid_until or datetime.date.max
    for other in existing:
        if other.valid_until is None and other.valid_from < record.valid_from:
            continue  # ended by the new record
        other_end = other.valid_until or datetime.date.max
        if other.valid_from <= end and record.valid_from <= other_end:
            errors["valid_from"] = _(
                "Der Zeitraum überschneidet sich mit dem Status „%(status)s“ (%(period)s)."
            ) % {"status": other.get_status_display(), "period": _period(other)}
            break
    return errors


def _missing_by_measure(measures, *, case, status, domain, catalogue, assessment, completed):
    return {
        m.pk: {
            str(x)
            for x in missing_prerequisites(
                m.measure_type,
                assessment=assessment,
                residence_status=status,
                completed_type_ids=completed,
                catalogue=catalogue,
                legal_domain=domain,
            )
        }
        for m in measures
    }


@transaction.atomic
def record_status(*, person: Person, record: ResidenceRecord, by: User | None) -> ResidenceRecord:
    """Add a status to the person's history; derive the current status and legal domain from
    it; re-check every ongoing measure of the open case and ask for a decision on each that
    lost its basis (nothing is changed without one); notify the case manager."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    existing = list(person.residence_records.all())
    errors = check_record(record, existing)
    if errors:
        raise ResidenceInputError(errors)
    today = timezone.localdate()
    case = person.cases.open().select_related("case_manager").first()
    for other in existing:
        if other.valid_until is None and other.valid_from < record.valid_from:
            other.valid_until = record.valid_from - datetime.timedelta(days=1)
            other.save(update_fields=["valid_until"])
            audit.record(by, audit.Action.CHANGE, other, case=case, detail="ended by new status")
    record.person = person
    record.recorded_by = by
    record.recorded_by_institution = getattr(by, "institution", None)
    record.legal_domain = residence.legal_domain_for(
        record.legal_basis, birth_year=person.birth_year, on=record.valid_from
    )
    record.save()
    audit.record(by, audit.Action.CREATE, record, case=case, detail=f"status={record.status}")

    _derive(person, [*existing, record], case=case, today=today, by=by)
    if case is not None:
        services.touch(case)
    return record


def _derive(person: Person, records: list[ResidenceRecord], *, case, today, by) -> None:
    """Set the person's status and legal domain from the record in force today; on a change,
    record the legal domain change and re-check the open case's measures. A record that starts
    later changes nothing yet (refresh_statuses takes it up on its first day)."""
    current = residence.current_record(records, today)
    if current is None:
        return
    old_status, old_domain = person.residence_status, person.legal_domain
    new_status, new_domain = current.status, current.legal_domain
    if (old_status, old_domain, person.residence_expires_on) == (
        new_status,
        new_domain,
        current.valid_until,
    ):
        return
    person.residence_status, person.legal_domain = new_status, new_domain
    person.residence_expires_on = current.valid_until
    Person.objects.filter(pk=person.pk).update(
        residence_status=new_status,
        legal_domain=new_domain,
        residence_expires_on=current.valid_until,
    )
    audit.record(
        by,
        audit.Action.CHANGE,
        person,
        case=case,
        detail=f"residence_status={old_status}->{new_status} legal_domain={old_domain}->{new_domain}",
    )
    if new_domain != old_domain:
        change = LegalDomainChange.objects.create(
            person=person,
            case=case,
            residence_record=current,
            from_domain=old_domain,
            to_domain=new_domain,
            changed_on=current.valid_from,
        )
        audit.record(by, audit.Action.CREATE, change, case=case, detail=f"to={new_domain}")
    if case is not None:
        _recheck(case, current, old=(old_status, old_domain), new=(new_status, new_domain), by=by)


def refresh_statuses(*, today: datetime.date) -> int:
    """Nightly: persons whose recorded status starts today take it on, with the same
    derivation, domain change and re-check as when it was recorded (safe to run twice: an
    unchanged status changes nothing). Returns how many persons were looked at."""
    person_ids = set(
        ResidenceRecord.objects.filter(valid_from=today).values_list("person_id", flat=True)
    )
    for person_id in sorted(person_ids):
        with transaction.atomic():
            person = Person.objects.select_for_update().get(pk=person_id)
            case = person.cases.open().first()
            _derive(person, list(person.residence_records.all()), case=case, today=today, by=None)
    return len(person_ids)


def _recheck(case: Case, record: ResidenceRecord, *, old, new, by) -> None:
    """Compare what the prerequisite engine answers before and after the change."""
    if old == new:
        return
    catalogue = list(
        MeasureType.objects.filter(is_active=True).select_related("required_preceding")
    )
    assessment = case.assessments.order_by("-version").first()
    completed = completed_type_ids(case)
    ongoing = list(
        case.measures.filter(status__in=ONGOING_MEASURE).select_related(
            "measure_type__required_preceding"
        )
    )
    shared = {
        "case": case,
        "catalogue": catalogue,
        "assessment": assessment,
        "completed": completed,
    }
    before = _missing_by_measure(ongoing, status=old[0], domain=old[1], **shared)
    after = _missing_by_measure(ongoing, status=new[0], domain=new[1], **shared)
    open_reviews = set(
        EligibilityReview.objects.filter(measure__in=ongoing, decision="").values_list(
            "measure_id", flat=True
        )
    )
    reviews = [
        EligibilityReview(
            measure=m, residence_record=record, missing=sorted(after[m.pk] - before[m.pk])
        )
        for m in ongoing
        if after[m.pk] - before[m.pk] and m.pk not in open_reviews
    ]
    EligibilityReview.objects.bulk_create(reviews)
    for review in reviews:
        audit.record(
            by, audit.Action.CREATE, review, case=case, detail=f"measure={review.measure_id}"
        )
    types_before = _missing_by_measure(
        [Measure(pk=t.pk, measure_type=t) for t in catalogue],
        status=old[0],
        domain=old[1],
        **shared,
    )
    types_after = _missing_by_measure(
        [Measure(pk=t.pk, measure_type=t) for t in catalogue],
        status=new[0],
        domain=new[1],
        **shared,
    )
    record.became_possible = [
        t.name for t in catalogue if types_before[t.pk] and not types_after[t.pk]
    ]
    record.save(update_fields=["became_possible"])
    if reviews or record.became_possible:
        Notification.objects.bulk_create(
            [
                Notification(
                    user_id=case.case_manager_id,
                    kind=NotificationKind.ELIGIBILITY_CHANGED,
                    case=case,
                    object_type="residencerecord",
                    object_id=record.pk,
                    day=record.valid_from,
                    found_on=timezone.localdate(),
                )
            ],
            ignore_conflicts=True,
        )


@transaction.atomic
def decide_review(
    review: EligibilityReview,
    *,
    decision: str,
    justification: str,
    replacement_type: MeasureType | None = None,
    by: User,
) -> EligibilityReview:
    """Record the case manager's decision on a measure that lost its basis, and carry it out."""
    review = (
        EligibilityReview.objects.select_for_update()
        .select_related("measure__case")
        .get(pk=review.pk)
    )
    if not review.is_open:
        raise services.CaseRuleError(_("Über diese Maßnahme wurde bereits entschieden."))
    measure, case = review.measure, review.measure.case
    justification = justification.strip()
    Decision = EligibilityReview.Decision
    if decision == Decision.CONTINUE:
        if not justification:
            raise ResidenceInputError(
                {"justification": _("Bitte begründen, warum die Maßnahme fortgesetzt wird.")}
            )
        measure.unmet_prerequisites = [*measure.unmet_prerequisites, *review.missing]
        measure.justification = justification
    elif decision in (Decision.END, Decision.REPLACE):
        if decision == Decision.REPLACE:
            if replacement_type is None:
                raise ResidenceInputError(
                    {"replacement_type": _("Bitte die ersetzende Maßnahmeart wählen.")}
                )
            review.replacement = services.plan_measure(
                case=case,
                measure=Measure(
                    measure_type=replacement_type,
                    responsible_institution=by.institution,
                    provider="",
                ),
                justification="",
                by=by,
            )
        measure.status = Measure.Status.ABORTED
        measure.actual_end = measure.actual_end or (
            timezone.localdate() if measure.actual_start else None
        )
        measure.abort_reason = justification or _(
            "Voraussetzungen mit dem neuen Aufenthaltsstatus entfallen."
        )
    else:
        raise ResidenceInputError({"decision": _("Bitte eine Entscheidung wählen.")})
    measure.version += 1
    measure.save()
    review.decision, review.justification = decision, justification
    review.decided_by, review.decided_at = by, timezone.now()
    review.save()
    services.touch(case)
    audit.record(by, audit.Action.CHANGE, review, case=case, detail=f"decision={decision}")
    audit.record(by, audit.Action.CHANGE, measure, case=case, detail=f"eligibility {decision}")
    return review
