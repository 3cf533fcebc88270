"""The prerequisite engine: does the person meet what a measure type needs?

The paper's problem: people land in qualification courses while they still need a literacy
course. Each measure type declares its needs; the latest assessment, the residence status and
the measures already completed answer them. Every missing piece says what would fulfil it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cases.models import CEFR, Assessment, Literacy, Measure, MeasureType, ResidenceStatus
from networks.models import LegalDomain


@dataclass(frozen=True)
class Missing:
    reason: str  # what is missing, in German, for the user
    remedy: str  # what would fulfil it (e.g. the literacy course)

    def __str__(self):
        return f"{self.reason} {self.remedy}".strip()


def missing_prerequisites(
    measure_type: MeasureType,
    *,
    assessment: Assessment | None,
    residence_status: str,
    completed_type_ids: set[int],
    catalogue: list[MeasureType] | None = None,
    legal_domain: str | None = None,
) -> list[Missing]:
    """Everything ``measure_type`` needs that this person does not have (empty: all met)."""
    missing: list[Missing] = []
    needs_assessment = (
        measure_type.min_literacy is not None or measure_type.min_german_level is not None
    )
    if needs_assessment and assessment is None:
        return [
            Missing(
                _("Es liegt noch keine Kompetenzfeststellung vor."),
                _("Bitte zuerst die Kompetenzfeststellung erfassen."),
            )
        ]
    catalogue = (
        catalogue if catalogue is not None else list(MeasureType.objects.filter(is_active=True))
    )

    if measure_type.min_literacy is not None and assessment.literacy < measure_type.min_literacy:
        courses = [
            t.name
            for t in catalogue
            if t.min_literacy is None
            and t.pk != measure_type.pk
            and t.field_of_action == "language"
            and t.min_german_level in (None, CEFR.NONE)
        ]
        missing.append(
            Missing(
                _("Voraussetzung Alphabetisierung: %(needed)s, festgestellt: %(actual)s.")
                % {
                    "needed": Literacy(measure_type.min_literacy).label,
                    "actual": Literacy(assessment.literacy).label,
                },
                (_("Erfüllbar durch: %(courses)s.") % {"courses": ", ".join(courses)})
                if courses
                else "",
            )
        )
    if (
        measure_type.min_german_level is not None
        and assessment.german_level < measure_type.min_german_level
    ):
        courses = [
            t.name
            for t in catalogue
            if t.field_of_action == "language"
            and t.pk != measure_type.pk
            and (t.min_german_level or 0) <= assessment.german_level
            and (t.min_literacy is None or t.min_literacy <= assessment.literacy)
        ]
        missing.append(
            Missing(
                _("Voraussetzung Deutsch mindestens %(needed)s, festgestellt: %(actual)s.")
                % {
                    "needed": CEFR(measure_type.min_german_level).label,
                    "actual": assessment.german_level_label,
                },
                (_("Erfüllbar durch: %(courses)s.") % {"courses": ", ".join(courses)})
                if courses
                else "",
            )
        )
    allowed = measure_type.allowed_residence_statuses
    if allowed and residence_status not in allowed:
        missing.append(
            Missing(
                _("Der Aufenthaltsstatus „%(status)s“ ist für diese Maßnahme nicht zugelassen.")
                % {"status": ResidenceStatus(residence_status).label},
                _("Zugelassen: %(allowed)s.")
                % {"allowed": ", ".join(str(ResidenceStatus(s).label) for s in allowed)},
            )
        )
    domains = measure_type.allowed_legal_domains
    if domains and legal_domain is not None and legal_domain not in domains:
        missing.append(
            Missing(
                _("Im Rechtskreis „%(domain)s“ ist diese Maßnahme nicht möglich.")
                % {"domain": LegalDomain(legal_domain).label},
                _("Möglich in: %(allowed)s.")
                % {"allowed": ", ".join(str(LegalDomain(d).label) for d in domains)},
            )
        )
    preceding = measure_type.required_preceding
    if preceding is not None and preceding.pk not in completed_type_ids:
        missing.append(
            Missing(
                _("Setzt die abgeschlossene Maßnahme „%(name)s“ voraus.")
                % {"name": preceding.name},
                _("Erfüllbar durch: %(name)s.") % {"name": preceding.name},
            )
        )
    return missing


def completed_type_ids(case) -> set[int]:
    return set(
        case.measures.filter(status=Measure.Status.COMPLETED).values_list(
            "measure_type_id", flat=True
        )
    )
