"""The case page's timeline: everything that happened, newest first, as far as the reader may see.

The sources are read once (load_sources) for both the page's sections and the timeline, so
the page's query count grows neither with the history's length nor with its sections.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import permissions
from cases.jsonrows import INSTITUTION, USER, as_array, hydrate
from cases.models import Case, ConsentGrant, EligibilityReview, Handover, Note
from rheine_integration.base.labels import label


@dataclass(frozen=True)
class Event:
    at: datetime.datetime | datetime.date
    title: str
    detail: str = ""
    institution: str = ""

    @property
    def sort_key(self) -> datetime.datetime:
        if isinstance(self.at, datetime.datetime):
            return self.at
        return timezone.make_aware(datetime.datetime.combine(self.at, datetime.time.max))


# The related rows each section shows, read with it (cases.jsonrows).
SECTION_RELATED = {
    "handovers": {"from_institution": INSTITUTION, "to_institution": INSTITUTION},
    "consents": {"recorded_by_institution": INSTITUTION},
    "assessments": {"institution": INSTITUTION, "author": USER},
    "plans": {"institution": INSTITUTION},
    "measures": {
        "measure_type": ("id", "name"),
        "institution": INSTITUTION,
        "responsible_institution": INSTITUTION,
    },
    "notes": {"author": USER, "institution": INSTITUTION},
    "documents": {"institution": INSTITUTION},
    "follow_ups": {"assignee": USER},
    # Issue 19: the residence history, what followed from it, the recognition procedures.
    "residence_records": {"recorded_by_institution": INSTITUTION},
    "domain_changes": {},
    "eligibility_reviews": {"measure": ("id", "measure_type_id")},
    "recognitions": {"institution": INSTITUTION},
}


def load_sources(
    user, case: Case, granted: dict[str, bool], *, newest_notes: int | None = None
) -> dict[str, list | int]:
    """Everything the case page and its timeline show, as far as the reader may see it: all
    sections in one statement (each a JSON array column), then the three nested lists
    (consent grants, qualifications, sub-goals) by prefetch, so the page's query count does not
    depend on the history's length or on the number of sections. ``newest_notes`` reads only
    that many of the newest notes (the case page); ``notes_total`` counts them all."""
    sections = {
        "handovers": case.handovers.all(),
        "consents": case.person.consents.all(),
        "documents": permissions.visible_documents(case, granted),
        # Follow-ups are working notes of the acting institution.
        "follow_ups": case.follow_ups.pending().filter(
            institution=permissions.acting_institution(user)
        ),
    }
    counts = {}
    if granted["view_residence"]:
        sections["residence_records"] = case.person.residence_records.all()
    sections["domain_changes"] = case.legal_domain_changes.all()
    if granted["view_assessment"]:
        sections["assessments"] = case.assessments.all()
        sections["recognitions"] = case.recognition_procedures.all()
    if granted["view_plan"]:
        sections["plans"] = case.plans.all()
        sections["measures"] = case.measures.all()
        sections["eligibility_reviews"] = EligibilityReview.objects.filter(measure__case=case)
    if granted["view_notes"]:
        notes = permissions.visible_notes(user, case, granted)
        sections["notes"] = notes if newest_notes is None else notes[:newest_notes]
        counts["notes_total"] = Coalesce(
            Subquery(notes.order_by().values("case").annotate(n=Count("pk")).values("n")), 0
        )
    # Column names of their own: "handovers" etc. are relations of Case.
    row = Case.objects.filter(pk=case.pk).values(
        **{f"{name}_rows": as_array(qs, SECTION_RELATED[name]) for name, qs in sections.items()},
        **counts,
    )[0]
    sources = {name: [] for name in SECTION_RELATED}
    for name, queryset in sections.items():
        sources[name] = hydrate(queryset.model, row[f"{name}_rows"], SECTION_RELATED[name])
    sources["notes_total"] = row.get("notes_total", 0)
    prefetch_related_objects(
        sources["consents"],
        Prefetch("grants", queryset=ConsentGrant.objects.select_related("institution")),
    )
    prefetch_related_objects(sources["assessments"], "qualifications")
    prefetch_related_objects(sources["plans"], "sub_goals")
    type_names = {m.measure_type_id: m.measure_type.name for m in sources["measures"]}
    for review in sources["eligibility_reviews"]:
        review.measure_type_name = type_names.get(review.measure.measure_type_id, "")
    measures = {m.pk: m for m in sources["measures"]}
    for procedure in sources["recognitions"]:
        procedure.planned_compensation = measures.get(procedure.compensation_measure_id)
    return sources


def build(
    user, case: Case, granted: dict[str, bool], sources: dict[str, list | int] | None = None
) -> list[Event]:
    """The events, newest first; ``sources`` from load_sources() saves the page a second read."""
    sources = sources if sources is not None else load_sources(user, case, granted)
    # Each entry names the institution that acted then, not the lead of today.
    events = [
        Event(
            case.created_at,
            _("Fall eröffnet"),
            institution=_opening_institution(case, sources["handovers"]),
        )
    ]
    if case.closed_on:  # no handover after closing: the lead of today closed it
        events.append(
            Event(
                case.closed_on,
                _("Fall abgeschlossen"),
                label(case, "closing_reason"),
                case.lead_institution.short_name,
            )
        )
    for handover in sources["handovers"]:
        events.append(
            Event(
                handover.requested_at,
                _("Übergabe angefragt: %(route)s") % {"route": handover},
                label(handover, "reason"),
                handover.from_institution.short_name,
            )
        )
        if handover.answered_at:
            events.append(
                Event(
                    handover.answered_at,
                    _("Übergabe %(status)s") % {"status": label(handover, "status")},
                    handover.decline_reason,
                    handover.to_institution.short_name,
                )
            )
    for consent in sources["consents"]:
        events.append(
            Event(
                consent.created_at,
                _("Einwilligung erfasst"),
                institution=consent.recorded_by_institution.short_name,
            )
        )
        if consent.withdrawn_on:
            events.append(Event(consent.withdrawn_on, _("Einwilligung widerrufen")))
    if granted["view_assessment"]:
        for assessment in sources["assessments"]:
            events.append(
                Event(
                    assessment.created_at,
                    _("Kompetenzfeststellung, Version %(v)s") % {"v": assessment.version},
                    institution=assessment.institution.short_name,
                )
            )
    if granted["view_plan"]:
        for plan in sources["plans"]:
            events.append(
                Event(
                    plan.created_at,
                    _("Integrationsplan, Version %(v)s") % {"v": plan.version},
                    plan.goal,
                    plan.institution.short_name,
                )
            )
        for measure in sources["measures"]:
            events.append(
                Event(
                    measure.created_at,
                    _("Maßnahme geplant: %(name)s") % {"name": measure.measure_type},
                    label(measure, "status"),
                    measure.institution.short_name,
                )
            )
    if granted["view_notes"]:
        for note in sources["notes"]:
            events.append(
                Event(
                    _note_moment(note),
                    label(note, "kind"),
                    note.text,
                    note.institution.short_name,
                )
            )
    for record in sources["residence_records"]:
        events.append(
            Event(
                record.created_at,
                _("Aufenthaltsstatus: %(status)s") % {"status": label(record, "status")},
                f"{record.legal_basis_label}, {_('gültig ab')} {record.valid_from:%d.%m.%Y}",
                getattr(record.recorded_by_institution, "short_name", ""),
            )
        )
    for change in sources["domain_changes"]:
        events.append(
            Event(
                change.changed_on,
                _("Rechtskreis gewechselt: %(from)s → %(to)s")
                % {"from": label(change, "from_domain"), "to": label(change, "to_domain")},
            )
        )
    for review in sources["eligibility_reviews"]:
        events.append(
            Event(
                review.created_at,
                _("Voraussetzungen entfallen: %(name)s") % {"name": review.measure_type_name},
                " ".join(review.missing),
            )
        )
        if review.decided_at:
            events.append(
                Event(
                    review.decided_at,
                    _("Entscheidung zu %(name)s: %(decision)s")
                    % {"name": review.measure_type_name, "decision": label(review, "decision")},
                    review.justification,
                )
            )
    for procedure in sources["recognitions"]:
        events.append(
            Event(
                procedure.created_at,
                _("Anerkennungsverfahren: %(title)s") % {"title": procedure},
                label(procedure, "competent_body"),
                procedure.institution.short_name,
            )
        )
        if procedure.decided_on:
            events.append(
                Event(
                    procedure.decided_on,
                    _("Anerkennung entschieden: %(outcome)s")
                    % {"outcome": label(procedure, "outcome")},
                    procedure.missing_parts,
                )
            )
    for document in sources["documents"]:
        events.append(
            Event(
                document.uploaded_at,
                _("Dokument hochgeladen"),
                document.title,
                document.institution.short_name,
            )
        )
    return sorted(events, key=lambda e: e.sort_key, reverse=True)


def _opening_institution(case: Case, handovers: list[Handover]) -> str:
    """The lead changes only by an accepted handover: the sender of the first one opened it."""
    accepted = [h for h in handovers if h.status == Handover.Status.ACCEPTED and h.answered_at]
    first = min(accepted, key=lambda h: h.answered_at, default=None)
    return (first.from_institution if first else case.lead_institution).short_name


def _note_moment(note: Note) -> datetime.datetime | datetime.date:
    """A note written on the day it tells of takes its place in that day by the time it was
    written; a note written later about an earlier day has that day only."""
    if timezone.localdate(note.created_at) == note.occurred_on:
        return note.created_at
    return note.occurred_on
