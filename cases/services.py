"""Every write to a case goes through here: one transaction, an audit entry, access kept in step."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import permissions, residence
from cases.models import (
    Assessment,
    Case,
    CaseAccess,
    CaseInquiry,
    Consent,
    ConsentGrant,
    Document,
    FollowUp,
    Handover,
    IntegrationPlan,
    Measure,
    Note,
    Notification,
    NotificationKind,
    Person,
    Qualification,
    SubGoal,
)
from cases.prerequisites import Missing, completed_type_ids, missing_prerequisites
from networks.models import Institution, LegalDomain, User
from rheine_integration.base import audit


class CaseRuleError(Exception):
    """A domain rule refused the action; the message is German and meant for the user."""


class PrerequisitesNotMet(CaseRuleError):
    def __init__(self, missing: list[Missing]):
        self.missing = missing
        super().__init__(_("Die Voraussetzungen für diese Maßnahme sind nicht erfüllt."))


class HandoverNotOpen(CaseRuleError):
    """The handover was answered, withdrawn or ended (consent) since the page was opened."""


class StaleEdit(CaseRuleError):
    """Someone else saved the same record since this form was opened (no silent overwrite).
    ``current`` is the saved version, so the form can show both side by side."""

    def __init__(self, message: str, *, current=None):
        self.current = current
        super().__init__(message)


class NewerVersionExists(StaleEdit):
    """A new version of an assessment or plan was saved since this form was opened from
    ``base_version``; saving anyway needs the user's explicit confirmation."""


def touch(case: Case) -> None:
    """Mark activity on the case: the lists' sort key, kept in step in the access mirror."""
    case.updated_at = timezone.now()
    Case.objects.filter(pk=case.pk).update(updated_at=case.updated_at)
    CaseAccess.objects.filter(case=case).update(case_updated_at=case.updated_at)


# --- Person and case ------------------------------------------------------------------------


@transaction.atomic
def register_person(
    *, person: Person, fields_of_action: list[str], by: User, case_manager: User | None = None
) -> Case:
    """Register a person and open their case, led by the registering institution."""
    institution = by.institution
    person.registered_by = institution
    person.save()
    residence.initial_record(person, by=by).save()  # the history starts with what was typed
    case = Case.objects.create(
        person=person,
        lead_institution=institution,
        case_manager=case_manager or by,
        fields_of_action=fields_of_action,
    )
    permissions.sync_case_access(case, by=by)
    audit.record(by, audit.Action.CREATE, person, case=case)
    audit.record(by, audit.Action.CREATE, case)
    return case


@transaction.atomic
def update_person(
    person: Person, *, case: Case, changed: list[str], by: User, expected_version: int | None = None
) -> Person:
    """Save the person form unless someone else saved the person since the form was opened."""
    current = Person.objects.select_for_update().get(pk=person.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(
            _("Die Angaben zur Person wurden inzwischen von anderer Seite geändert."),
            current=current,
        )
    person.version = current.version + 1
    person.save()
    touch(case)
    audit.record(by, audit.Action.CHANGE, person, case=case, detail="fields=" + ",".join(changed))
    return person


@transaction.atomic
def update_case(case: Case, *, expected_version: int, changed: list[str], by: User) -> Case:
    """Save the case form unless someone else saved it since the form was opened."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    if current.version != expected_version:
        raise StaleEdit(_("Der Fall wurde inzwischen von anderer Seite geändert."), current=current)
    case.version = current.version + 1
    case.updated_at = timezone.now()
    case.save()
    CaseAccess.objects.filter(case=case).update(case_updated_at=case.updated_at)
    audit.record(by, audit.Action.CHANGE, case, detail="fields=" + ",".join(changed))
    return case


@transaction.atomic
def close_case(case: Case, *, closed_on: datetime.date, reason: str, note: str, by: User) -> Case:
    if closed_on < case.opened_on:
        raise CaseRuleError(_("Der Abschluss kann nicht vor der Eröffnung liegen."))
    case.closed_on, case.closing_reason, case.closing_note = closed_on, reason, note
    case.phase = Case.Phase.CLOSED
    case.version += 1
    case.save()
    FollowUp.objects.filter(case=case, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=by
    )
    touch(case)
    audit.record(by, audit.Action.CHANGE, case, detail=f"closed reason={reason}")
    return case


@transaction.atomic
def open_new_case(person: Person, *, fields_of_action: list[str], by: User) -> Case:
    """A person whose earlier case is closed comes back: a new case, led by the user's institution."""
    if person.cases.open().exists():
        raise CaseRuleError(_("Für diese Person ist bereits ein Fall offen."))
    case = Case.objects.create(
        person=person,
        lead_institution=by.institution,
        case_manager=by,
        fields_of_action=fields_of_action,
    )
    permissions.sync_case_access(case, by=by)
    audit.record(by, audit.Action.CREATE, case)
    return case


@transaction.atomic
def send_inquiry(
    *, case: Case, kind: str, typed_name: str, typed_birth_year: int | None, message: str, by: User
) -> CaseInquiry:
    """Ask the lead institution of a likely duplicate for consent or a handover."""
    inquiry = CaseInquiry.objects.create(
        case=case,
        kind=kind,
        typed_name=typed_name,
        typed_birth_year=typed_birth_year,
        message=message,
        from_institution=by.institution,
        requested_by=by,
    )
    audit.record(by, audit.Action.CREATE, inquiry, case=case)
    return inquiry


@transaction.atomic
def answer_inquiry(inquiry: CaseInquiry, *, by: User) -> None:
    inquiry.answered_at, inquiry.answered_by = timezone.now(), by
    inquiry.save(update_fields=["answered_at", "answered_by"])
    audit.record(by, audit.Action.CHANGE, inquiry, case=inquiry.case, detail="answered")


# --- Consent ---------------------------------------------------------------------------------


@transaction.atomic
def record_consent(
    *,
    case: Case,
    signed_on: datetime.date,
    valid_until: datetime.date | None,
    grants: dict[int, list[str]],
    by: User,
    form_file=None,
) -> Consent:
    """Record a signed consent; sharing follows it at once (§67b SGB X)."""
    cases = _lock_cases_of(case.person_id)  # a handover accepted meanwhile changes the lead
    document = None
    if form_file is not None:
        document = upload_document(
            case=case,
            kind=Document.Kind.CONSENT_FORM,
            title=_("Einwilligung vom %(date)s") % {"date": f"{signed_on:%d.%m.%Y}"},
            file=form_file,
            by=by,
        )
    consent = Consent.objects.create(
        person=case.person,
        signed_on=signed_on,
        valid_until=valid_until,
        recorded_by=by,
        recorded_by_institution=by.institution,
        document=document,
    )
    ConsentGrant.objects.bulk_create(
        ConsentGrant(consent=consent, institution_id=institution_id, scopes=sorted(scopes))
        for institution_id, scopes in grants.items()
        if scopes
    )
    audit.record(
        by,
        audit.Action.CREATE,
        consent,
        case=case,
        detail="recipients=" + ",".join(str(i) for i, s in grants.items() if s),
    )
    _resync_locked(cases, by=by, today=timezone.localdate())
    touch(case)
    return consent


@transaction.atomic
def withdraw_consent(
    consent: Consent, *, withdrawn_on: datetime.date, case: Case, by: User
) -> Consent:
    """Withdrawal ends the access of every recipient at once, and the open handovers that
    relied on it."""
    if withdrawn_on < consent.signed_on:
        raise CaseRuleError(_("Der Widerruf kann nicht vor der Unterschrift liegen."))
    cases = _lock_cases_of(consent.person_id)
    if Consent.objects.filter(pk=consent.pk, withdrawn_on__isnull=False).exists():
        raise CaseRuleError(_("Diese Einwilligung wurde inzwischen bereits widerrufen."))
    consent.withdrawn_on, consent.withdrawal_recorded_by = withdrawn_on, by
    consent.save(update_fields=["withdrawn_on", "withdrawal_recorded_by"])
    audit.record(by, audit.Action.CHANGE, consent, case=case, detail="withdrawn")
    _resync_locked(cases, by=by, today=timezone.localdate())
    touch(case)
    return consent


@transaction.atomic
def expire_consents(*, today: datetime.date) -> int:
    """Re-sync every person whose consent ended before today, and end the open handovers no
    consent covers any more (nightly; safe to run twice)."""
    expired = Person.objects.filter(
        consents__valid_until__lt=today,
        cases__accesses__is_lead=False,
        cases__accesses__expires_on__lt=today,
    ).values_list("pk", flat=True)
    uncovered = Handover.objects.filter(
        ~permissions.covered_by_consent(today), status=Handover.Status.REQUESTED
    ).values_list("case__person_id", flat=True)
    person_ids = sorted(set(expired) | set(uncovered))
    for person_id in person_ids:
        _resync_locked(_lock_cases_of(person_id), by=None, today=today)
    return len(person_ids)


# Lock order of every write that changes who leads or sees a case, or a handover's state: the
# person's cases (by id), then their handovers (by id). Consent withdrawal and handover
# decisions take the same locks in the same order, so one waits for the other, re-reads what
# it decides on, and no deadlock can form between them.


def _lock_cases_of(person_id: int) -> list[Case]:
    return list(Case.objects.select_for_update().filter(person_id=person_id).order_by("pk"))


def _resync_locked(cases: list[Case], *, by: User | None, today: datetime.date) -> None:
    """Access of the (locked) cases from the consents as they are now; open handovers whose
    receiver no consent covers any more end, and their senders are told."""
    for case in cases:
        permissions.sync_case_access(case, by=by, today=today)
    ended = list(
        Handover.objects.select_for_update()
        .filter(
            ~permissions.covered_by_consent(today),
            case__in=[case.pk for case in cases],
            status=Handover.Status.REQUESTED,
        )
        .order_by("pk")
    )
    for handover in ended:
        handover.status, handover.answered_at = Handover.Status.CONSENT_ENDED, timezone.now()
        handover.save(update_fields=["status", "answered_at"])
        audit.record(
            by, audit.Action.CHANGE, handover, case=handover.case, detail="ended: consent ended"
        )
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=handover.requested_by_id,
                kind=NotificationKind.HANDOVER_ENDED,
                case_id=handover.case_id,
                object_type="handover",
                object_id=handover.pk,
                day=today,
                found_on=today,
            )
            for handover in ended
        ],
        ignore_conflicts=True,
    )


# --- Assessment and plan ---------------------------------------------------------------------


def _next_version(queryset, *, base_version: int | None, message: str) -> int:
    """The next version number; refused when a version newer than the form's base was saved
    meanwhile (``base_version`` None: the caller saves over whatever is latest, knowingly)."""
    latest = queryset.aggregate(latest=Max("version"))["latest"] or 0
    if base_version is not None and latest != base_version:
        raise NewerVersionExists(message, current=queryset.filter(version=latest).first())
    return latest + 1


@transaction.atomic
def add_assessment(
    *,
    case: Case,
    assessment: Assessment,
    qualifications: list[dict],
    by: User,
    base_version: int | None = None,
) -> Assessment:
    """A new assessment is a new version; earlier ones stay readable. With ``base_version``
    (the latest version when the form was opened: 0 for none) a newer one saved meanwhile
    refuses the save (NewerVersionExists) instead of silently superseding it."""
    Case.objects.select_for_update().filter(pk=case.pk).first()  # serialise version numbers
    assessment.case, assessment.author, assessment.institution = case, by, by.institution
    assessment.version = _next_version(
        case.assessments,
        base_version=base_version,
        message=_("Inzwischen wurde eine neuere Kompetenzfeststellung gespeichert."),
    )
    assessment.save()
    Qualification.objects.bulk_create(
        Qualification(assessment=assessment, **q) for q in qualifications
    )
    if case.phase in (Case.Phase.INTAKE, Case.Phase.ASSESSMENT):
        Case.objects.filter(pk=case.pk).update(phase=Case.Phase.PLANNING)
    touch(case)
    audit.record(
        by, audit.Action.CREATE, assessment, case=case, detail=f"version={assessment.version}"
    )
    return assessment


@transaction.atomic
def add_plan(
    *,
    case: Case,
    plan: IntegrationPlan,
    sub_goals: list[dict],
    by: User,
    base_version: int | None = None,
) -> IntegrationPlan:
    """A new plan version; ``base_version`` as for add_assessment."""
    Case.objects.select_for_update().filter(pk=case.pk).first()
    plan.case, plan.author, plan.institution = case, by, by.institution
    plan.version = _next_version(
        case.plans,
        base_version=base_version,
        message=_("Inzwischen wurde ein neuerer Integrationsplan gespeichert."),
    )
    plan.save()
    SubGoal.objects.bulk_create(SubGoal(plan=plan, **goal) for goal in sub_goals)
    if case.phase in (Case.Phase.INTAKE, Case.Phase.ASSESSMENT, Case.Phase.PLANNING):
        Case.objects.filter(pk=case.pk).update(phase=Case.Phase.IMPLEMENTATION)
    touch(case)
    audit.record(by, audit.Action.CREATE, plan, case=case, detail=f"version={plan.version}")
    return plan


# --- Measures --------------------------------------------------------------------------------


def check_measure(case: Case, measure_type) -> list[Missing]:
    return missing_prerequisites(
        measure_type,
        assessment=case.assessments.order_by("-version").first(),
        residence_status=case.person.residence_status,
        completed_type_ids=completed_type_ids(case),
        legal_domain=case.person.legal_domain,
    )


@transaction.atomic
def plan_measure(*, case: Case, measure: Measure, justification: str, by: User) -> Measure:
    """Plan a measure; refused when prerequisites are unmet, unless a justification is given
    (kept with the measure and counted in the steering figures)."""
    missing = check_measure(case, measure.measure_type)
    if missing and not justification.strip():
        raise PrerequisitesNotMet(missing)
    measure.case, measure.created_by, measure.institution = case, by, by.institution
    measure.unmet_prerequisites = [str(m) for m in missing]
    measure.justification = justification.strip() if missing else ""
    measure.save()
    touch(case)
    detail = "prerequisites overridden" if missing else ""
    audit.record(by, audit.Action.CREATE, measure, case=case, detail=detail)
    return measure


@transaction.atomic
def update_measure(
    measure: Measure, *, expected_version: int, changed: list[str], by: User
) -> Measure:
    current = Measure.objects.select_for_update().get(pk=measure.pk)
    if current.version != expected_version:
        raise StaleEdit(
            _("Die Maßnahme wurde inzwischen von anderer Seite geändert."), current=current
        )
    measure.version = current.version + 1
    measure.save()
    touch(measure.case)
    audit.record(
        by, audit.Action.CHANGE, measure, case=measure.case, detail="fields=" + ",".join(changed)
    )
    return measure


# --- Notes, follow-ups, documents -------------------------------------------------------------


@transaction.atomic
def add_note(*, case: Case, note: Note, by: User) -> Note:
    note.case, note.author, note.institution = case, by, by.institution
    note.save()
    touch(case)
    audit.record(by, audit.Action.CREATE, note, case=case)
    return note


@transaction.atomic
def add_follow_up(*, case: Case, follow_up: FollowUp, by: User) -> FollowUp:
    if follow_up.assignee.institution != by.institution:
        raise CaseRuleError(
            _(
                "Wiedervorlagen können nur Kolleginnen und Kollegen der eigenen Institution erhalten."
            )
        )
    follow_up.case, follow_up.created_by, follow_up.institution = case, by, by.institution
    follow_up.save()
    touch(case)
    audit.record(by, audit.Action.CREATE, follow_up, case=case)
    return follow_up


@transaction.atomic
def complete_follow_up(follow_up: FollowUp, *, by: User) -> FollowUp:
    follow_up.done_at, follow_up.done_by = timezone.now(), by
    follow_up.save(update_fields=["done_at", "done_by"])
    audit.record(by, audit.Action.CHANGE, follow_up, case=follow_up.case, detail="done")
    return follow_up


STORED_EXTENSION = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


@transaction.atomic
def upload_document(*, case: Case, kind: str, title: str, file, by: User) -> Document:
    """Store an upload whose type and size the form has already checked by content."""
    document = Document(
        case=case,
        kind=kind,
        title=title,
        uploaded_by=by,
        institution=by.institution,
        content_type=getattr(file, "detected_content_type", "application/octet-stream"),
        size=file.size,
    )
    # The stored name's extension follows the detected type, never the uploaded name.
    extension = STORED_EXTENSION.get(document.content_type, ".bin")
    document.file.save(f"upload{extension}", file, save=False)
    document.save()
    touch(case)
    audit.record(by, audit.Action.CREATE, document, case=case)
    return document


# --- Handover --------------------------------------------------------------------------------


OPEN_HANDOVER_EXISTS = gettext_lazy("Für diesen Fall ist bereits eine Übergabe offen.")


def _lock_open_handover(handover: Handover) -> Handover:
    """The handover, locked after its case (the lock order above), refused unless still open:
    of two decisions at the same moment the second finds the first's and is told."""
    case = Case.objects.select_for_update().get(pk=handover.case_id)
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    handover.case = case
    if handover.status != Handover.Status.REQUESTED:
        raise HandoverNotOpen(
            _("Diese Übergabe ist nicht mehr offen: Sie wurde inzwischen %(status)s.")
            % {"status": handover.get_status_display()}
        )
    return handover


@transaction.atomic
def propose_handover(
    *, case: Case, to_institution: Institution, reason: str, summary: str, by: User
) -> Handover:
    """Offer the lead to another institution; it must be covered by a valid consent."""
    if to_institution.pk == case.lead_institution_id:
        raise CaseRuleError(_("Der Fall liegt bereits bei dieser Institution."))
    # Locked, so a second proposal at the same moment waits and then finds this one open.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if case.handovers.filter(status=Handover.Status.REQUESTED).exists():
        raise CaseRuleError(OPEN_HANDOVER_EXISTS)
    covered = CaseAccess.objects.filter(
        case=case, institution=to_institution, is_lead=False
    ).first()
    if covered is None or (covered.expires_on and covered.expires_on < timezone.localdate()):
        raise CaseRuleError(
            _(
                "Übergabe an %(institution)s nicht möglich: Die Einwilligung der Person erfasst diese "
                "Institution nicht. Bitte zuerst eine Einwilligung aufnehmen."
            )
            % {"institution": to_institution}
        )
    try:
        with transaction.atomic():  # the unique constraint stays the last word
            handover = Handover.objects.create(
                case=case,
                from_institution=case.lead_institution,
                to_institution=to_institution,
                reason=reason,
                summary=summary,
                requested_by=by,
            )
    except IntegrityError as error:
        raise CaseRuleError(OPEN_HANDOVER_EXISTS) from error
    touch(case)
    audit.record(by, audit.Action.CREATE, handover, case=case)
    return handover


# Legal domain a person moves into when an institution of that domain takes the case on recognition.
PERSON_LEGAL_DOMAINS = {
    LegalDomain.ASYLBLG,
    LegalDomain.SGB_II,
    LegalDomain.SGB_III,
    LegalDomain.SGB_VIII,
    LegalDomain.SGB_XII,
}


def _notify_sender_of_answer(handover: Handover, *, kind: str) -> None:
    """Tell the sending institution's case manager (and whoever proposed) of the answer; call
    before the lead changes hands, while the case manager is still the sender's."""
    recipients = User.objects.filter(
        pk__in=[handover.requested_by_id, handover.case.case_manager_id],
        membership__institution_id=handover.from_institution_id,
        is_active=True,
    ).values_list("pk", flat=True)
    today = timezone.localdate()
    Notification.objects.bulk_create(
        (
            Notification(
                user_id=user_id,
                kind=kind,
                case_id=handover.case_id,
                object_type="handover",
                object_id=handover.pk,
                day=today,
                found_on=today,
            )
            for user_id in sorted(recipients)
        ),
        ignore_conflicts=True,
    )


@transaction.atomic
def accept_handover(handover: Handover, *, by: User) -> Case:
    """The receiving institution takes the lead; assessment, plan and history stay with the case.
    Only while a consent still covers it (checked under the locks a withdrawal takes)."""
    handover = _lock_open_handover(handover)
    if not permissions.handover_is_covered(handover):
        raise HandoverNotOpen(
            _(
                "Die Übergabe kann nicht angenommen werden: Die Einwilligung der Person erfasst "
                "Ihre Institution nicht mehr (widerrufen oder abgelaufen)."
            )
        )
    case = handover.case
    handover.status, handover.answered_by, handover.answered_at = (
        Handover.Status.ACCEPTED,
        by,
        timezone.now(),
    )
    handover.save()
    _notify_sender_of_answer(handover, kind=Notification.Kind.HANDOVER_ACCEPTED)
    case.lead_institution, case.case_manager = handover.to_institution, by
    case.version += 1
    case.save()
    receiving_domain = handover.to_institution.legal_domain
    if (
        handover.reason == Handover.Reason.LEGAL_DOMAIN_CHANGE
        and receiving_domain in PERSON_LEGAL_DOMAINS
    ):
        Person.objects.filter(pk=case.person_id).update(legal_domain=receiving_domain)
    permissions.sync_case_access(case, by=by)
    touch(case)
    audit.record(by, audit.Action.CHANGE, handover, case=case, detail="accepted")
    return case


@transaction.atomic
def decline_handover(handover: Handover, *, reason: str, by: User) -> Handover:
    if not reason.strip():
        raise CaseRuleError(_("Bitte einen Grund für die Ablehnung angeben."))
    handover = _lock_open_handover(handover)
    handover.status, handover.answered_by, handover.answered_at = (
        Handover.Status.DECLINED,
        by,
        timezone.now(),
    )
    handover.decline_reason = reason.strip()
    handover.save()
    _notify_sender_of_answer(handover, kind=Notification.Kind.HANDOVER_DECLINED)
    touch(handover.case)
    audit.record(by, audit.Action.CHANGE, handover, case=handover.case, detail="declined")
    return handover


@transaction.atomic
def withdraw_handover(handover: Handover, *, by: User) -> Handover:
    handover = _lock_open_handover(handover)
    handover.status, handover.answered_at = Handover.Status.WITHDRAWN, timezone.now()
    handover.save()
    audit.record(by, audit.Action.CHANGE, handover, case=handover.case, detail="withdrawn")
    return handover
