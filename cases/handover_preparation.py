"""The warm handover a change of legal domain calls for, prepared for the case manager: to
whom (the institutions of the person's new legal domain) and what it carries (assessment, plan
and measures, as far as the person's consent for that institution reaches)."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseAccess, Handover, LegalDomainChange, Measure, Scope
from networks.models import Institution
from rheine_integration.base.labels import label


def receiving_institutions(case: Case) -> QuerySet[Institution]:
    """Active institutions of the person's (new) legal domain, if the lead is not one of them."""
    domain = case.person.legal_domain
    if domain == case.lead_institution.legal_domain:
        return Institution.objects.none()
    return Institution.objects.filter(is_active=True, legal_domain=domain).exclude(
        pk=case.lead_institution_id
    )


def consented_scopes(case: Case, institution: Institution) -> set[str] | None:
    """The parts of the case the person's valid consent shares with ``institution``; None
    without one (the same access row propose_handover checks)."""
    row = CaseAccess.objects.filter(case=case, institution=institution, is_lead=False).first()
    if row is None or (row.expires_on and row.expires_on < timezone.localdate()):
        return None
    return set(row.scopes)


def is_due(case: Case, *, handovers) -> bool:
    """After a legal domain change (the caller checked) the case is still with an institution
    of another domain and no handover is open (``handovers``: the case's, already read)."""
    return (
        case.is_open
        and not any(h.status == Handover.Status.REQUESTED for h in handovers)
        and receiving_institutions(case).exists()
    )


def summary(case: Case, scopes: set[str]) -> str:
    """The draft the case manager completes; each part only if ``scopes`` include it."""
    lines = []
    change = LegalDomainChange.objects.filter(case=case).select_related("residence_record").first()
    if change is not None:
        lines.append(
            _("Rechtskreiswechsel am %(date)s: %(from)s → %(to)s.")
            % {
                "date": f"{change.changed_on:%d.%m.%Y}",
                "from": label(change, "from_domain"),
                "to": label(change, "to_domain"),
            }
        )
        if Scope.RESIDENCE in scopes:
            record = change.residence_record
            lines.append(
                _("Aufenthalt: %(status)s, %(basis)s, Entscheidung vom %(date)s.")
                % {
                    "status": label(record, "status"),
                    "basis": record.legal_basis_label,
                    "date": f"{record.decided_on:%d.%m.%Y}" if record.decided_on else "–",
                }
            )
    if Scope.ASSESSMENT in scopes:
        assessment = (
            case.assessments.order_by("-version").prefetch_related("qualifications").first()
        )
        if assessment is not None:
            lines.append(
                _("Kompetenzfeststellung (Version %(v)s): Deutsch %(level)s, %(literacy)s.")
                % {
                    "v": assessment.version,
                    "level": assessment.german_level_label,
                    "literacy": label(assessment, "literacy"),
                }
            )
            for q in assessment.qualifications.all():
                lines.append(
                    _("Qualifikation: %(title)s (%(recognition)s).")
                    % {"title": q.title, "recognition": label(q, "recognition")}
                )
    if Scope.PLAN in scopes:
        plan = case.plans.order_by("-version").first()
        if plan is not None:
            lines.append(_("Ziel: %(goal)s.") % {"goal": plan.goal})
        for measure in case.measures.select_related("measure_type").exclude(
            status=Measure.Status.ABORTED
        ):
            lines.append(
                _("Maßnahme: %(name)s (%(status)s).")
                % {"name": measure.measure_type, "status": label(measure, "status")}
            )
    lines.append(_("Offene Punkte / nächste Schritte: "))
    return "\n".join(lines)
