"""The case page's timeline: everything that happened, newest first, as far as the reader may see.

Each source is one query, read once for both the page's sections and the timeline, so the
page's query count does not grow with the history's length.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import permissions
from cases.models import Case, ConsentGrant


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


def load_sources(user, case: Case, granted: dict[str, bool]) -> dict[str, list]:
    """Everything the case page and its timeline show, one query per source (two where a
    prefetch is needed), so the page reads each source once whatever the history's length."""
    empty: list = []
    consents = case.person.consents.select_related("recorded_by_institution").prefetch_related(
        Prefetch("grants", queryset=ConsentGrant.objects.select_related("institution"))
    )
    return {
        "handovers": list(case.handovers.select_related("from_institution", "to_institution")),
        "consents": list(consents),
        "assessments": list(
            case.assessments.select_related("institution", "author").prefetch_related(
                "qualifications"
            )
        )
        if granted["view_assessment"]
        else empty,
        "plans": list(case.plans.select_related("institution").prefetch_related("sub_goals"))
        if granted["view_plan"]
        else empty,
        "measures": list(
            case.measures.select_related("measure_type", "institution", "responsible_institution")
        )
        if granted["view_plan"]
        else empty,
        "notes": list(
            permissions.visible_notes(user, case, granted).select_related("author", "institution")
        )
        if granted["view_notes"]
        else empty,
        "documents": list(
            permissions.visible_documents(case, granted).select_related("institution")
        ),
    }


def build(
    user, case: Case, granted: dict[str, bool], sources: dict[str, list] | None = None
) -> list[Event]:
    """The events, newest first; ``sources`` from load_sources() saves the page a second read."""
    sources = sources if sources is not None else load_sources(user, case, granted)
    events = [
        Event(case.created_at, _("Fall eröffnet"), institution=case.lead_institution.short_name)
    ]
    if case.closed_on:
        events.append(
            Event(case.closed_on, _("Fall abgeschlossen"), case.get_closing_reason_display())
        )
    for handover in sources["handovers"]:
        events.append(
            Event(
                handover.requested_at,
                _("Übergabe angefragt: %(route)s") % {"route": handover},
                handover.get_reason_display(),
                handover.from_institution.short_name,
            )
        )
        if handover.answered_at:
            events.append(
                Event(
                    handover.answered_at,
                    _("Übergabe %(status)s") % {"status": handover.get_status_display()},
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
                    measure.get_status_display(),
                    measure.institution.short_name,
                )
            )
    if granted["view_notes"]:
        for note in sources["notes"]:
            events.append(
                Event(
                    note.occurred_on,
                    note.get_kind_display(),
                    note.text,
                    note.institution.short_name,
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
