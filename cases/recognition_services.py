"""Writes of the recognition procedures (Anerkennungsverfahren); the rules of services.py."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services
from cases.models import Case, Measure, MeasureType, RecognitionProcedure
from cases.residence_services import ResidenceInputError
from networks.models import User
from rheine_integration.base import audit

Outcome = RecognitionProcedure.Outcome


def check_procedure(procedure: RecognitionProcedure) -> dict[str, str]:
    """German messages per field for a procedure that contradicts itself (empty: fine)."""
    errors = {}
    today = timezone.localdate()
    if procedure.applied_on and procedure.applied_on > today:
        errors["applied_on"] = _("Das Antragsdatum liegt in der Zukunft.")
    if procedure.decided_on and procedure.decided_on > today:
        errors["decided_on"] = _("Das Bescheiddatum liegt in der Zukunft.")
    if (
        procedure.decided_on
        and procedure.applied_on
        and procedure.decided_on < procedure.applied_on
    ):
        errors["decided_on"] = _("Der Bescheid kann nicht vor dem Antrag liegen.")
    decided = procedure.outcome not in (Outcome.PENDING, Outcome.NOT_REGULATED)
    if decided and not procedure.decided_on:
        errors["decided_on"] = _("Bitte das Datum des Bescheids angeben.")
    if procedure.outcome == Outcome.PENDING and procedure.decided_on:
        errors["outcome"] = _("Mit einem Bescheiddatum bitte auch das Ergebnis angeben.")
    if procedure.outcome == Outcome.PARTIAL and not procedure.missing_parts.strip():
        errors["missing_parts"] = _("Bitte angeben, welche Teile fehlen.")
    if procedure.compensation and procedure.outcome != Outcome.PARTIAL:
        errors["compensation"] = _(
            "Eine Ausgleichsmaßnahme gibt es nur bei teilweiser Gleichwertigkeit."
        )
    if procedure.fees and not procedure.fees_paid_by:
        errors["fees_paid_by"] = _("Bitte angeben, wer die Gebühren trägt.")
    return errors


@transaction.atomic
def save_procedure(
    *, case: Case, procedure: RecognitionProcedure, by: User
) -> RecognitionProcedure:
    """Start or update a procedure; each step (application, decision) is audited."""
    errors = check_procedure(procedure)
    if errors:
        raise ResidenceInputError(errors)
    is_new = procedure.pk is None
    if is_new:
        procedure.case, procedure.created_by, procedure.institution = case, by, by.institution
    if procedure.qualification is not None:
        procedure.qualification_title = procedure.qualification.title
    procedure.save()
    services.touch(case)
    audit.record(
        by,
        audit.Action.CREATE if is_new else audit.Action.CHANGE,
        procedure,
        case=case,
        detail=f"outcome={procedure.outcome}",
    )
    return procedure


@transaction.atomic
def plan_compensation(
    *, procedure: RecognitionProcedure, measure_type: MeasureType, justification: str, by: User
) -> Measure:
    """Plan the compensation measure of a partial decision as a measure of the case."""
    if procedure.outcome != Outcome.PARTIAL or not procedure.compensation:
        raise services.CaseRuleError(
            _("Eine Ausgleichsmaßnahme setzt eine teilweise Gleichwertigkeit mit Ausgleich voraus.")
        )
    if procedure.compensation_measure_id:
        raise services.CaseRuleError(_("Die Ausgleichsmaßnahme ist bereits geplant."))
    measure = services.plan_measure(
        case=procedure.case,
        measure=Measure(
            measure_type=measure_type,
            responsible_institution=by.institution,
            provider=procedure.get_compensation_display(),
        ),
        justification=justification,
        by=by,
    )
    procedure.compensation_measure = measure
    procedure.save(update_fields=["compensation_measure", "updated_at"])
    audit.record(
        by, audit.Action.CHANGE, procedure, case=procedure.case, detail="compensation planned"
    )
    return measure
