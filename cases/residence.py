"""Residence law as data: which legal basis belongs to which status, and which legal domain
(Rechtskreis) a person is served under because of it. The one place these rules live; the
person's current status and legal domain are derived from the history by them, never typed."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cases.models.person import ResidenceStatus
from networks.models import LegalDomain

Status = ResidenceStatus


@dataclass(frozen=True)
class LegalBasis:
    label: str
    status: str
    legal_domain: str


# § 1 AsylbLG names who receives asylum seekers' benefits (Gestattung, Duldung, § 25 Abs. 4/5);
# recognised refugees and protected persons move to SGB II (§ 7 SGB II), from 1 June 2022
# also those with temporary protection (§ 24 AufenthG). Titles for training or work carry no
# benefit entitlement of their own.
LEGAL_BASES: dict[str, LegalBasis] = {
    "55_asylg": LegalBasis(
        _("§ 55 AsylG (Aufenthaltsgestattung)"), Status.PERMISSION_TO_REMAIN, LegalDomain.ASYLBLG
    ),
    "60a_aufenthg": LegalBasis(
        _("§ 60a AufenthG (Duldung)"), Status.TOLERATION, LegalDomain.ASYLBLG
    ),
    "25_1": LegalBasis(
        _("§ 25 Abs. 1 AufenthG (Asylberechtigung)"), Status.HUMANITARIAN, LegalDomain.SGB_II
    ),
    "25_2": LegalBasis(
        _("§ 25 Abs. 2 AufenthG (Flüchtlingsschutz, subsidiärer Schutz)"),
        Status.HUMANITARIAN,
        LegalDomain.SGB_II,
    ),
    "25_3": LegalBasis(
        _("§ 25 Abs. 3 AufenthG (Abschiebungsverbot)"), Status.HUMANITARIAN, LegalDomain.SGB_II
    ),
    "25_5": LegalBasis(
        _("§ 25 Abs. 5 AufenthG (Ausreise unmöglich)"), Status.HUMANITARIAN, LegalDomain.ASYLBLG
    ),
    "24_aufenthg": LegalBasis(
        _("§ 24 AufenthG (vorübergehender Schutz)"), Status.TEMPORARY_PROTECTION, LegalDomain.SGB_II
    ),
    "28_36_aufenthg": LegalBasis(
        _("§§ 28–36 AufenthG (Familiennachzug)"), Status.FAMILY, LegalDomain.SGB_II
    ),
    "16a_aufenthg": LegalBasis(
        _("§ 16a AufenthG (Berufsausbildung)"), Status.EMPLOYMENT, LegalDomain.NONE
    ),
    "18a_aufenthg": LegalBasis(
        _("§ 18a AufenthG (Fachkraft mit Berufsausbildung)"), Status.EMPLOYMENT, LegalDomain.NONE
    ),
    "18b_aufenthg": LegalBasis(
        _("§ 18b AufenthG (Fachkraft mit akademischer Ausbildung)"),
        Status.EMPLOYMENT,
        LegalDomain.NONE,
    ),
    "9_aufenthg": LegalBasis(
        _("§ 9 AufenthG (Niederlassungserlaubnis)"), Status.SETTLEMENT, LegalDomain.SGB_II
    ),
    "26_3_aufenthg": LegalBasis(
        _("§ 26 Abs. 3/4 AufenthG (Niederlassungserlaubnis nach Schutz)"),
        Status.SETTLEMENT,
        LegalDomain.SGB_II,
    ),
    "2_freizuegg": LegalBasis(
        _("§ 2 FreizügG/EU (EU-Freizügigkeit)"), Status.EU_FREE_MOVEMENT, LegalDomain.SGB_II
    ),
    "german": LegalBasis(_("deutsche Staatsangehörigkeit"), Status.GERMAN, LegalDomain.SGB_II),
    "unclear": LegalBasis(_("ungeklärt"), Status.UNCLEAR, LegalDomain.NONE),
}
LEGAL_BASIS_CHOICES = [(code, basis.label) for code, basis in LEGAL_BASES.items()]
# The old single field becomes one history entry with this basis (the most common per status).
DEFAULT_BASIS = {
    Status.PERMISSION_TO_REMAIN: "55_asylg",
    Status.TOLERATION: "60a_aufenthg",
    Status.HUMANITARIAN: "25_2",
    Status.TEMPORARY_PROTECTION: "24_aufenthg",
    Status.FAMILY: "28_36_aufenthg",
    Status.EMPLOYMENT: "18a_aufenthg",
    Status.SETTLEMENT: "9_aufenthg",
    Status.EU_FREE_MOVEMENT: "2_freizuegg",
    Status.GERMAN: "german",
    Status.UNCLEAR: "unclear",
}
# § 7 Abs. 1 SGB II: only up to the standard retirement age; beyond it SGB XII (§ 41 SGB XII).
SGB_II_AGE_LIMIT = 67


def fits(status: str, legal_basis: str) -> bool:
    basis = LEGAL_BASES.get(legal_basis)
    return basis is not None and basis.status == status


def legal_domain_for(legal_basis: str, *, birth_year: int | None, on: datetime.date) -> str:
    """The legal domain a person with this basis is served under on ``on``."""
    domain = LEGAL_BASES[legal_basis].legal_domain
    if domain == LegalDomain.SGB_II and birth_year and on.year - birth_year > SGB_II_AGE_LIMIT:
        return LegalDomain.SGB_XII
    return domain


def current_record(records, on: datetime.date):
    """The record valid on ``on``; if none is (the last one expired), the latest that started
    (an application for extension keeps it in force, § 81 Abs. 4 AufenthG). None if empty."""
    started = [r for r in records if r.valid_from <= on]
    if not started:
        return None
    started.sort(key=lambda r: (r.valid_from, r.pk or 0))
    valid = [r for r in started if r.valid_until is None or r.valid_until >= on]
    return (valid or started)[-1]


def initial_record(person, *, by=None):
    """The first history entry from what registration typed (unsaved): the status as of the
    arrival (or today), the legal domain as given; later statuses go through record_status."""
    from cases.models.residence import ResidenceRecord

    start = person.arrival_date or datetime.date.today()
    if person.residence_expires_on and person.residence_expires_on < start:
        start = person.residence_expires_on
    return ResidenceRecord(
        person=person,
        status=person.residence_status,
        legal_basis=DEFAULT_BASIS[person.residence_status],
        valid_from=start,
        valid_until=person.residence_expires_on,
        legal_domain=person.legal_domain,
        recorded_by=by,
        recorded_by_institution=getattr(by, "institution", None),
    )
