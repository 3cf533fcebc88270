"""The prerequisite engine: does the person meet what a measure type needs?

The paper's problem: people land in qualification courses while they still need a literacy
course. Each measure type declares its needs; the latest assessment, the residence status and
the measures already completed answer them. Every missing piece says the way that fulfils it:
the measures, in order, that lead there (each catalogue entry says what it leads to).
"""

from collections import deque
from collections.abc import Callable
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


@dataclass(frozen=True)
class Levels:
    literacy: int
    german: int


def _open_to(measure_type: MeasureType, levels: Levels, *, residence_status, completed) -> bool:
    return (
        (measure_type.min_literacy is None or levels.literacy >= measure_type.min_literacy)
        and (
            measure_type.min_german_level is None or levels.german >= measure_type.min_german_level
        )
        and (
            measure_type.required_preceding_id is None
            or measure_type.required_preceding_id in completed
        )
        and (
            not measure_type.allowed_residence_statuses
            or residence_status in measure_type.allowed_residence_statuses
        )
    )


def _after(measure_type: MeasureType, levels: Levels) -> Levels:
    return Levels(
        literacy=max(levels.literacy, measure_type.leads_to_literacy or 0),
        german=max(levels.german, measure_type.leads_to_german_level or 0),
    )


def path_through_catalogue(
    start: Levels,
    goal: Callable[[Levels], bool],
    catalogue: list[MeasureType],
    *,
    residence_status: str,
    completed_type_ids: set[int],
) -> list[str] | None:
    """The fewest measures, in order, that take a person from ``start`` to ``goal``: each open
    to the person at the levels the ones before it reached (None: the catalogue has no way)."""
    # Breadth-first over the few (literacy, German) level pairs: the first path found is short.
    paths: dict[Levels, list[str]] = {start: []}
    queue = deque([start])
    while queue:
        levels = queue.popleft()
        if goal(levels):
            return paths[levels]
        for measure_type in catalogue:
            if not _open_to(
                measure_type,
                levels,
                residence_status=residence_status,
                completed=completed_type_ids,
            ):
                continue
            reached = _after(measure_type, levels)
            if reached in paths:
                continue
            step = measure_type.name
            if reached.german > levels.german:
                step = _("%(name)s (bis %(level)s)") % {
                    "name": measure_type.name,
                    "level": CEFR(reached.german).label,
                }
            paths[reached] = [*paths[levels], step]
            queue.append(reached)
    return None


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

    def way(goal: Callable[[Levels], bool]) -> str:
        steps = path_through_catalogue(
            Levels(literacy=assessment.literacy, german=assessment.german_level),
            goal,
            [t for t in catalogue if t.pk != measure_type.pk],
            residence_status=residence_status,
            completed_type_ids=completed_type_ids,
        )
        if steps is None:
            return _("Im Maßnahmenkatalog führt keine Maßnahme dorthin.")
        return _("Erfüllbar durch: %(path)s.") % {"path": _(", danach ").join(steps)}

    if measure_type.min_literacy is not None and assessment.literacy < measure_type.min_literacy:
        missing.append(
            Missing(
                _("Voraussetzung Alphabetisierung: %(needed)s, festgestellt: %(actual)s.")
                % {
                    "needed": Literacy(measure_type.min_literacy).label,
                    "actual": Literacy(assessment.literacy).label,
                },
                way(lambda levels: levels.literacy >= measure_type.min_literacy),
            )
        )
    if (
        measure_type.min_german_level is not None
        and assessment.german_level < measure_type.min_german_level
    ):
        missing.append(
            Missing(
                _("Voraussetzung Deutsch mindestens %(needed)s, festgestellt: %(actual)s.")
                % {
                    "needed": CEFR(measure_type.min_german_level).label,
                    "actual": assessment.german_level_label,
                },
                way(lambda levels: levels.german >= measure_type.min_german_level),
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


def offer_mismatches(offer, *, assessment: Assessment | None) -> list[Missing]:
    """What a particular offer lacks for this person beyond the measure type's prerequisites."""
    if assessment is not None and assessment.childcare_needed and not offer.childcare:
        return [
            Missing(
                _("Kinderbetreuung ist erforderlich, das Angebot bietet keine."),
                _("Ein Angebot mit Kinderbetreuung wählen oder die Betreuung anders klären."),
            )
        ]
    return []
