"""Who may see and do what with a case. The only module that talks to django-guardian for cases.

Rules (§35 SGB I, §67b SGB X, Art. 9 GDPR):
- the lead institution (federführend) has every right on its case, health data included;
- another institution sees a case only while a valid consent of the person names it, and only
  the parts (scopes) the consent names; withdrawal or expiry ends it;
- confidential notes stay with the author's institution;
- case content is visible to case managers only; other roles (coordination, working group,
  steering, committee, administration) see no case content by virtue of their role.

Grants live in guardian (group object permissions of the institution's group, direct FK table)
and, for lists and search, in CaseAccess. ``sync_case_access`` is the one writer of both.
"""

import datetime
from collections.abc import Iterable
from functools import lru_cache

from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db import transaction
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from guardian.core import ObjectPermissionChecker

from cases.models import (
    Assessment,
    Case,
    CaseAccess,
    CaseGroupObjectPermission,
    Consent,
    CourseOffer,
    Document,
    Handover,
    Measure,
    Note,
    Person,
    Scope,
    SeatBooking,
)
from networks.models import AccountChange, Institution, LegalDomain, Role
from rheine_integration.base import audit

SCOPE_PERMISSION = {
    Scope.BASIC: "view_case",
    Scope.ASSESSMENT: "view_case_assessment",
    Scope.PLAN: "view_case_plan",
    Scope.NOTES: "view_case_notes",
    Scope.RESIDENCE: "view_case_residence",
}
LEAD_PERMISSIONS = frozenset([*SCOPE_PERMISSION.values(), "change_case", "view_case_health"])


# --- Reads: every view starts here --------------------------------------------------------


def acting_institution(user) -> Institution | None:
    """The institution a user sees cases for: only case managers of an active institution."""
    if not user.is_authenticated or not user.has_role(Role.CASE_MANAGER):
        return None
    institution = user.institution
    return institution if institution is not None and institution.is_active else None


def visible_cases(user) -> QuerySet[Case]:
    """All cases the user may see; lists, search and counts start here and only narrow it.

    The access row of the user's institution is joined once, as ``access`` (a FilteredRelation:
    every later ``access__...`` filter or ordering reuses this one join). Lists order by
    ``access__case_updated_at`` so PostgreSQL reads the institution's rows in order from the
    index access_institution_recent instead of sorting all of them (field notes: 1 M cases)."""
    institution = acting_institution(user)
    today = timezone.localdate()
    if institution is None:
        # Nothing, but the same shape (callers narrow by access__).
        return _visible_to(None, today).none()
    return _visible_to(institution.pk, today).all()


@lru_cache(maxsize=512)
def _visible_to(institution_id: int | None, today: datetime.date) -> QuerySet[Case]:
    """The query of visible_cases(), built once a day per institution and process (building
    the FilteredRelation per request was a measurable cost). Callers get a copy (.all()), so this
    queryset is never evaluated and never holds rows: who sees what is decided by the access
    rows when each copy runs."""
    return Case.objects.annotate(
        access=FilteredRelation(
            "accesses",
            condition=Q(accesses__institution_id=institution_id)
            & (Q(accesses__expires_on__isnull=True) | Q(accesses__expires_on__gte=today)),
        )
    ).filter(access__isnull=False)


def search_scope(institution_id: int | None) -> str:
    """The prefix of every lexeme in an institution's access rows (migration 0009): a search
    asks the GIN index for that institution's matches only. Visibility is still decided by the
    access join of visible_cases(); the prefix narrows the index scan."""
    return f"i{institution_id or 0}x"


def search_visible(cases: QuerySet[Case], query) -> QuerySet[Case]:
    """Narrow visible_cases() to a name search (``query`` built with search_scope()), through
    the access row's scoped copy of the person's search vector and its GIN index."""
    return cases.alias(access_search=F("access__search_vector")).filter(access_search=query)


def case_permissions(user, case: Case) -> frozenset[str]:
    """guardian's grants of the user's institution on this case (not the user's own: a
    superuser flag must not open case content)."""
    institution = acting_institution(user)
    if institution is None or institution.group_id is None:
        return frozenset()
    if hasattr(case, "granted_codenames"):  # read with the case by get_case_for
        return frozenset(case.granted_codenames)
    # The group by id only: the checker filters on it, loading the row would cost a query.
    return frozenset(ObjectPermissionChecker(Group(pk=institution.group_id)).get_perms(case))


def abilities(user, case: Case) -> dict[str, bool]:
    """What the user may do with the case; drives both the checks and which buttons show."""
    perms = case_permissions(user, case)
    lead = "change_case" in perms
    is_open = case.is_open
    view_residence = lead or "view_case_residence" in perms
    institution = acting_institution(user)
    # The Ausländerbehörde decides on residence: it records statuses on cases it may see so.
    residence_authority = (
        institution is not None and institution.legal_domain == LegalDomain.RESIDENCE_LAW
    )
    return {
        "view": "view_case" in perms,
        "edit": lead and is_open,
        "view_assessment": "view_case_assessment" in perms,
        "view_plan": "view_case_plan" in perms,
        "view_notes": "view_case_notes" in perms,
        "view_health": "view_case_health" in perms,
        "add_note": "view_case_notes" in perms and is_open,
        "add_follow_up": "view_case" in perms and is_open,
        "upload_document": lead and is_open,
        "manage_consent": lead,
        "propose_handover": lead and is_open,
        # A handover summary is the sender's free-text account of the person's situation and
        # can hold health details, as a note can: it goes with the notes scope, not the basics.
        "view_handover_summary": "view_case_notes" in perms,
        "reopen": lead and not is_open,
        "view_residence": view_residence,
        "record_residence": is_open and view_residence and (lead or residence_authority),
        "decide_eligibility": lead and is_open,
        "edit_recognition": lead and is_open,
    }


def _granted_codenames(user) -> ArraySubquery:
    """guardian's grants of the user's institution on the outer case, as an array column: the
    same rows ObjectPermissionChecker reads, without a query of their own."""
    institution = acting_institution(user)
    return ArraySubquery(
        CaseGroupObjectPermission.objects.filter(
            content_object=OuterRef("pk"), group_id=getattr(institution, "group_id", None)
        ).values("permission__codename")
    )


def get_case_for(user, pk, *, action: str = "view", page: str = "") -> Case:
    """The case, if the user may do ``action`` with it; 404 otherwise (existence stays hidden).
    Every successful read is audited, every refusal too; ``page`` names what was read where the
    action alone does not tell (the whole history). The answer of the check travels with the
    case as ``case.granted`` (the abilities), so a view does not ask twice."""
    case = (
        visible_cases(user)
        .select_related("person", "lead_institution", "case_manager")
        .annotate(granted_codenames=_granted_codenames(user))
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    granted = abilities(user, case) if case is not None else {}
    if not granted.get(action, False):
        audit.record(
            user, audit.Action.DENIED, object_type="case", object_id=str(pk)[:40], detail=action
        )
        raise Http404
    audit.record(user, audit.Action.VIEW, case, detail=f"{action} {page}".strip())
    case.granted = granted
    return case


def visible_notes(user, case: Case, granted: dict[str, bool]) -> QuerySet[Note]:
    """Notes the user may read: with the notes scope, all but other institutions' confidential ones."""
    if not granted["view_notes"]:
        return Note.objects.none()
    return case.notes.filter(Q(confidential=False) | Q(institution=acting_institution(user)))


def visible_documents(case: Case, granted: dict[str, bool]) -> QuerySet[Document]:
    """Documents whose kind's scope the user's abilities cover."""
    scope_ability = {
        Scope.BASIC: granted["view"],
        Scope.ASSESSMENT: granted["view_assessment"],
        Scope.NOTES: granted["view_notes"],
        Scope.PLAN: granted["view_plan"],
    }
    kinds = [kind for kind, scope in Document.SCOPE_FOR_KIND.items() if scope_ability[scope]]
    return case.documents.filter(kind__in=kinds)


def get_document_for(user, case: Case, pk) -> Document:
    """A document of a case fetched through get_case_for; 404 when its scope is not granted."""
    document = (
        visible_documents(case, case.granted).filter(pk=pk).first() if str(pk).isdigit() else None
    )
    if document is None:
        audit.record(
            user, audit.Action.DENIED, object_type="document", object_id=str(pk)[:40], case=case
        )
        raise Http404
    return document


def covered_by_consent(today: datetime.date | None = None) -> Exists:
    """A handover's receiving institution holds, today, the shared access a valid consent
    gives it (§67b SGB X); checked at every step, since a consent may be withdrawn or expire
    while the handover is open. The access rows are the same facts get_case_for decides by;
    one past its expiry counts as gone before the nightly job removes it (fail closed)."""
    today = today or timezone.localdate()
    return Exists(
        CaseAccess.objects.filter(
            case=OuterRef("case"), institution=OuterRef("to_institution"), is_lead=False
        ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    )


def incoming_handovers(user) -> QuerySet[Handover]:
    """Open handovers to the user's institution that a consent still covers (inbox, start page)."""
    institution = acting_institution(user)
    if institution is None:
        return Handover.objects.none()
    return Handover.objects.filter(
        covered_by_consent(), to_institution=institution, status=Handover.Status.REQUESTED
    )


def sent_handovers(user) -> QuerySet[Handover]:
    """Handovers the user's institution proposed: a record of the answer, no case content
    (after acceptance the case belongs to the receiver)."""
    institution = acting_institution(user)
    if institution is None:
        return Handover.objects.none()
    return Handover.objects.filter(from_institution=institution)


def get_incoming_handover_for(user, pk) -> Handover:
    """An open handover to the user's institution, still covered by a consent; 404 otherwise.
    ``handover.granted`` holds the user's abilities on its case (the summary needs notes)."""
    handover = (
        incoming_handovers(user).select_related("case__person").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if handover is None:
        audit.record(user, audit.Action.DENIED, object_type="handover", object_id=str(pk)[:40])
        raise Http404
    handover.granted = abilities(user, handover.case)
    return handover


def can_list_cases(user) -> bool:
    """Only roles with case access get the case list: its filters name case managers."""
    return acting_institution(user) is not None


def handover_is_covered(handover: Handover) -> bool:
    """The check of incoming_handovers() for one handover, as a service asks it under lock."""
    return Handover.objects.filter(covered_by_consent(), pk=handover.pk).exists()


def can_manage_catalogue(user) -> bool:
    """Coordinators keep the measure catalogue."""
    return user.is_authenticated and user.has_role(Role.COORDINATOR)


def can_read_audit_log(user) -> bool:
    return user.is_authenticated and user.has_role(Role.COORDINATOR)


# --- Courses: providers see their offers and a consented disclosure, nothing of the case ----


def course_provider(user) -> Institution | None:
    """The institution whose offers the user keeps: staff with the course provider role."""
    if not user.is_authenticated or not user.has_role(Role.COURSE_PROVIDER):
        return None
    institution = user.institution
    return institution if institution is not None and institution.is_active else None


def provider_offers(user) -> QuerySet[CourseOffer]:
    """The offers of the user's own institution; other providers' offers do not exist for it."""
    institution = course_provider(user)
    if institution is None:
        return CourseOffer.objects.none()
    return CourseOffer.objects.filter(provider=institution)


def get_provider_offer_for(user, pk) -> CourseOffer:
    """One of the user's institution's offers; 404 otherwise."""
    offer = provider_offers(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if offer is None:
        audit.record(user, audit.Action.DENIED, object_type="courseoffer", object_id=str(pk)[:40])
        raise Http404
    return offer


def get_provider_booking_for(user, pk) -> SeatBooking:
    """A request for a seat in one of the user's institution's offers; 404 otherwise."""
    booking = (
        SeatBooking.objects.filter(offer__in=provider_offers(user), pk=pk)
        .select_related("offer__provider", "measure__case__person")
        .first()
        if str(pk).isdigit()
        else None
    )
    if booking is None:
        audit.record(user, audit.Action.DENIED, object_type="seatbooking", object_id=str(pk)[:40])
        raise Http404
    return booking


def get_measure_for(user, pk) -> Measure:
    """A measure of a case the user may edit (``measure.case`` is the checked case); 404."""
    measure = (
        Measure.objects.filter(pk=pk).select_related("measure_type").first()
        if str(pk).isdigit()
        else None
    )
    if measure is None or acting_institution(user) is None:
        audit.record(user, audit.Action.DENIED, object_type="measure", object_id=str(pk)[:40])
        raise Http404
    measure.case = get_case_for(user, measure.case_id, action="edit", page="course")
    return measure


def get_case_booking_for(user, pk) -> SeatBooking:
    """A seat request of a case the user may edit (``booking.case`` is the checked case)."""
    booking = (
        SeatBooking.objects.filter(pk=pk).select_related("offer__provider", "measure").first()
        if str(pk).isdigit()
        else None
    )
    if booking is None or acting_institution(user) is None:
        audit.record(user, audit.Action.DENIED, object_type="seatbooking", object_id=str(pk)[:40])
        raise Http404
    booking.case = get_case_for(user, booking.measure.case_id, action="edit", page="course")
    return booking


# §67b SGB X: the course consent names the provider and exactly these data.
COURSE_DISCLOSED_FIELDS = ("name", "birth_year", "contact", "german_level", "literacy")


def course_disclosures(
    user, bookings: list[SeatBooking], *, today: datetime.date | None = None
) -> dict[int, dict[str, str] | None]:
    """booking id -> the disclosed fields of its participant, or None without a valid course
    consent for the offer's provider. Only bookings of the user's own offers; each disclosure
    is audited."""
    institution = course_provider(user)
    bookings = [b for b in bookings if institution and b.offer.provider_id == institution.pk]
    today = today or timezone.localdate()
    person_ids = {b.measure.case.person_id for b in bookings}
    consented = set(
        Consent.objects.valid_on(today)
        .filter(
            person_id__in=person_ids,
            grants__institution=institution,
            grants__scopes__contains=[Scope.COURSE],
        )
        .values_list("person_id", flat=True)
    )
    latest = {}
    for assessment in Assessment.objects.filter(
        case_id__in={b.measure.case_id for b in bookings}
    ).order_by("case_id", "-version"):
        latest.setdefault(assessment.case_id, assessment)
    disclosed: dict[int, dict[str, str] | None] = {}
    for booking in bookings:
        person = booking.measure.case.person
        if person.pk not in consented or person.anonymised_at is not None:
            disclosed[booking.pk] = None
            continue
        assessment = latest.get(booking.measure.case_id)
        disclosed[booking.pk] = {
            "name": person.full_name,
            "birth_year": str(person.birth_year or ""),
            "contact": " / ".join(filter(None, [person.phone, person.email])),
            "german_level": assessment.german_level_label if assessment else "",
            "literacy": assessment.get_literacy_display() if assessment else "",
        }
        audit.record(
            user,
            audit.Action.VIEW,
            booking,
            case=booking.measure.case,
            detail="course disclosure",
        )
    return disclosed


# --- Writes: only services call these ------------------------------------------------------


def access_from_consents(
    lead_institution_id: int, consents: Iterable, today: datetime.date
) -> dict[int, tuple[bool, set[str], datetime.date | None]]:
    """institution id -> (is lead, scopes, first day the access may shrink), from the lead and
    the person's consents (objects with signed_on, valid_until, withdrawn_on and grants, each
    grant with institution_id and scopes). Pure: the data generator uses it as sync does."""
    desired: dict[int, tuple[bool, set[str], datetime.date | None]] = {
        lead_institution_id: (True, set(SCOPE_PERMISSION), None)
    }
    for consent in consents:
        if not (
            consent.signed_on <= today
            and consent.withdrawn_on is None
            and (consent.valid_until is None or consent.valid_until >= today)
        ):
            continue
        grants = consent.grants.all() if hasattr(consent.grants, "all") else consent.grants
        for grant in grants:
            # The course scope discloses a few fields to a course provider and opens no case.
            case_scopes = set(grant.scopes) & set(SCOPE_PERMISSION)
            if not case_scopes or grant.institution_id == lead_institution_id:
                continue
            _lead, scopes, expires = desired.get(grant.institution_id, (False, set(), None))
            scopes = scopes | case_scopes | {Scope.BASIC}  # any shared part implies the basics
            if consent.valid_until is not None:
                expires = min(filter(None, [expires, consent.valid_until]))
            desired[grant.institution_id] = (False, scopes, expires)
    return desired


def _desired_access(
    case: Case, today: datetime.date
) -> dict[int, tuple[bool, set[str], datetime.date | None]]:
    """institution id -> (is lead, scopes, first day the access may shrink)."""
    consents = (
        Consent.objects.valid_on(today).filter(person_id=case.person_id).prefetch_related("grants")
    )
    return access_from_consents(case.lead_institution_id, consents, today)


def codenames_for(is_lead: bool, scopes: set[str]) -> set[str]:
    """guardian codenames an institution holds on a case with these access facts."""
    return set(LEAD_PERMISSIONS) if is_lead else {SCOPE_PERMISSION[s] for s in scopes}


@transaction.atomic
def sync_case_access(case: Case, *, by=None, today: datetime.date | None = None) -> None:
    """Make guardian's grants and CaseAccess match the lead institution and valid consents.
    Idempotent; audits every grant and revocation."""
    from django.contrib.auth.models import Permission

    today = today or timezone.localdate()
    desired = _desired_access(case, today)
    institutions = {
        i.pk: i for i in Institution.objects.filter(pk__in=desired).select_related("group")
    }
    permission_ids = dict(
        Permission.objects.filter(
            content_type__app_label="cases", codename__in=LEAD_PERMISSIONS
        ).values_list("codename", "pk")
    )

    wanted = {
        (institutions[inst_id].group_id, permission_ids[codename])
        for inst_id, (is_lead, scopes, _expires) in desired.items()
        for codename in codenames_for(is_lead, scopes)
    }
    existing = set(
        CaseGroupObjectPermission.objects.filter(content_object=case).values_list(
            "group_id", "permission_id"
        )
    )
    revoked = existing - wanted
    if revoked:
        revoke_filter = Q()
        for group_id, permission_id in revoked:
            revoke_filter |= Q(group_id=group_id, permission_id=permission_id)
        CaseGroupObjectPermission.objects.filter(revoke_filter, content_object=case).delete()
    CaseGroupObjectPermission.objects.bulk_create(
        CaseGroupObjectPermission(
            content_object=case, group_id=group_id, permission_id=permission_id
        )
        for group_id, permission_id in wanted - existing
    )

    current = {row.institution_id: row for row in CaseAccess.objects.filter(case=case)}
    for inst_id in current.keys() - desired.keys():
        current[inst_id].delete()
        audit.record(by, audit.Action.REVOKE, case, detail=f"institution={inst_id}")
    for inst_id, (is_lead, scopes, expires) in desired.items():
        row = current.get(inst_id)
        values = {
            "is_lead": is_lead,
            "scopes": sorted(scopes),
            "expires_on": expires,
            "case_updated_at": case.updated_at,
        }
        if row is None:
            CaseAccess.objects.create(case=case, institution_id=inst_id, **values)
            audit.record(
                by,
                audit.Action.GRANT,
                case,
                detail=f"institution={inst_id} scopes={','.join(sorted(scopes))}",
            )
        elif any(getattr(row, k) != v for k, v in values.items()):
            changed_scopes = row.scopes != values["scopes"] or row.is_lead != is_lead
            CaseAccess.objects.filter(pk=row.pk).update(**values)
            if changed_scopes:
                audit.record(
                    by,
                    audit.Action.GRANT,
                    case,
                    detail=f"institution={inst_id} scopes={','.join(sorted(scopes))}",
                )


def sync_person_access(person: Person, *, by=None, today: datetime.date | None = None) -> None:
    """Consent belongs to the person: re-sync every case of the person."""
    for case in person.cases.all():
        sync_case_access(case, by=by, today=today)


# --- Account changes made in the admin (cases.accounts) ----------------------------------------


def can_review_account_changes(user) -> bool:
    return user.is_authenticated and user.has_role(Role.COORDINATOR) and bool(user.institution)


def account_changes_for(user):
    """Coordinators see the admin's changes to accounts of their own institution (before or
    after the change); nobody else sees any."""
    if not can_review_account_changes(user):
        return AccountChange.objects.none()
    institution = user.institution
    return AccountChange.objects.filter(
        Q(institution_after=institution) | Q(institution_before=institution)
    ).select_related("account", "changed_by", "undone_by")


def get_account_change_for(user, pk: int):
    change = account_changes_for(user).filter(pk=pk).first()
    if change is None:
        raise Http404
    return change
