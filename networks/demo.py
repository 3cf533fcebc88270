"""The network's demo data: institutions, accounts, working groups (load_demo_data calls load)."""

from django.contrib.auth.models import Permission
from django.db import models

from networks.models import (
    FieldOfAction,
    Institution,
    LegalDomain,
    Membership,
    Role,
    User,
    WorkingGroup,
)
from rheine_integration.base.demo import sync

# Only for the demo; documented in the README. Never use demo data in production.
DEMO_PASSWORD = "Rheine-Demo-2026!"  # noqa: S105  # nosec B105 - public demo password, see README

K = Institution.Kind
INSTITUTIONS = [
    # short name, name, kind, legal domain
    (
        "Fachstelle",
        "Fachstelle Migration und Integration der Stadt Rheine",
        K.MUNICIPAL_OFFICE,
        LegalDomain.ASYLBLG,
    ),
    ("Sozialamt", "Sozialamt der Stadt Rheine", K.SOCIAL_WELFARE_OFFICE, LegalDomain.ASYLBLG),
    ("ABH", "Ausländerbehörde Kreis Steinfurt", K.IMMIGRATION_OFFICE, LegalDomain.RESIDENCE_LAW),
    ("Jobcenter", "Jobcenter Kreis Steinfurt – Standort Rheine", K.JOBCENTER, LegalDomain.SGB_II),
    (
        "Agentur",
        "Agentur für Arbeit Rheine / Integration Point",
        K.EMPLOYMENT_AGENCY,
        LegalDomain.SGB_III,
    ),
    ("IA", "Integrationsagentur Rheine", K.INTEGRATION_AGENCY, LegalDomain.NONE),
    ("Berufskolleg", "Berufskolleg am Emsufer Rheine", K.SCHOOL, LegalDomain.EDUCATION),
    ("KHS", "Kreishandwerkerschaft Steinfurt-Warendorf", K.CHAMBER, LegalDomain.TRAINING_WORK),
    (
        "Beratung",
        "Beratungsstelle für Migrantinnen und Migranten am Thie",
        K.COUNSELLING,
        LegalDomain.NONE,
    ),
    ("Elektro Emsland", "Elektro Emsland GmbH", K.EMPLOYER, LegalDomain.TRAINING_WORK),
    ("Ehrenamt", "Ehrenamtsinitiative Willkommen in Rheine", K.VOLUNTEERS, LegalDomain.NONE),
    # Course providers (issue 22): their staff keep offers and see only consented participants.
    ("VHS", "Volkshochschule Rheine", K.ADULT_EDUCATION, LegalDomain.EDUCATION),
    ("Bildungswerk", "Bildungswerk Emsland gGmbH", K.EDUCATION_PROVIDER, LegalDomain.EDUCATION),
]

# The offices that register persons, and so run the duplicate check across institutions.
REGISTERING = {"Fachstelle", "Sozialamt", "ABH", "Jobcenter", "Agentur"}

CM, CO, WG, ST, CR, AD = (
    Role.CASE_MANAGER,
    Role.COORDINATOR,
    Role.WORKING_GROUP_MEMBER,
    Role.STEERING_MEMBER,
    Role.COMMITTEE_READER,
    Role.ADMINISTRATOR,
)
# username, first name, last name, institution short name, roles, function
USERS = [
    ("fm.fachstelle", "Frieda", "Fachmann", "Fachstelle", [CM], "Fallmanagement"),
    ("fm.sozialamt", "Sabine", "Sommer", "Sozialamt", [CM], "Fallmanagement AsylbLG"),
    ("fm.abh", "Anton", "Albers", "ABH", [CM], "Sachbearbeitung Aufenthalt"),
    ("fm.jobcenter", "Jana", "Jansen", "Jobcenter", [CM], "Integrationsfachkraft"),
    ("fm.agentur", "Arne", "Arnold", "Agentur", [CM], "Beratung Integration Point"),
    ("fm.ia", "Ines", "Imholt", "IA", [CM], "Migrationsberatung"),
    (
        "fm.berufskolleg",
        "Bernd",
        "Brink",
        "Berufskolleg",
        [CM],
        "Bildungsgangleitung Internationale Förderklasse",
    ),
    ("fm.khs", "Karin", "Kemper", "KHS", [CM], "Ausbildungsberatung"),
    ("fm.beratung", "Mona", "Merschformann", "Beratung", [CM], "Sozialberatung"),
    ("fm.elektro", "Egon", "Ellermann", "Elektro Emsland", [CM], "Ausbildungsleitung"),
    ("fm.ehrenamt", "Edith", "Eilers", "Ehrenamt", [CM], "Koordination Ehrenamt"),
    (
        "koordination",
        "Carla",
        "Conrad",
        "Fachstelle",
        [CO],
        "Projektkoordination Einwanderung gestalten",
    ),
    ("arbeitskreis", "Arnd", "Kreisler", "IA", [WG], "Mitglied der Arbeitskreise"),
    ("lenkung", "Lars", "Lenz", "Jobcenter", [ST], "Geschäftsführung"),
    ("lenkung.stadt", "Stefanie", "Stadtler", "Fachstelle", [ST], "Fachbereichsleitung Soziales"),
    ("lenkung.agentur", "Achim", "Amtmann", "Agentur", [ST], "Bereichsleitung"),
    ("lenkung.kreis", "Kira", "Kreismann", "ABH", [ST], "Leitung Ausländerbehörde"),
    (
        "ausschuss",
        "Agnes",
        "Ausschussmann",
        "Fachstelle",
        [CR],
        "Mitglied des Sozialausschusses (lesend)",
    ),
    ("admin", "Adrian", "Admin", "Fachstelle", [AD], "Verwaltung der Stammdaten"),
    ("kurse.vhs", "Vera", "Hollmann", "VHS", [Role.COURSE_PROVIDER], "Fachbereich Deutsch"),
    (
        "kurse.bildungswerk",
        "Bodo",
        "Wessels",
        "Bildungswerk",
        [Role.COURSE_PROVIDER],
        "Kursorganisation",
    ),
]


WORKING_GROUPS = [
    (
        "Sprachförderung",
        [FieldOfAction.LANGUAGE],
        "Sprachkurse vom Alphabetisierungskurs bis zum Berufssprachkurs: Angebote, Wartezeiten, "
        "Übergänge.",
        ["arbeitskreis", "koordination", "fm.ia", "fm.beratung", "fm.ehrenamt"],
    ),
    (
        "Ausbildungs- und Arbeitsmarktzugang und Wirtschaft",
        [FieldOfAction.TRAINING, FieldOfAction.WORK],
        "Wege in Ausbildung und Arbeit: Einstiegsqualifizierung, Anerkennung, Betriebe.",
        [
            "arbeitskreis",
            "koordination",
            "fm.jobcenter",
            "fm.agentur",
            "fm.khs",
            "fm.elektro",
            "fm.berufskolleg",
        ],
    ),
]


def load() -> tuple[dict[str, Institution], dict[str, User]]:
    """The institutions and accounts by short name and username, for the other apps' demo data."""
    institutions = {
        short: sync(
            Institution,
            {"short_name": short},
            {
                "name": name,
                "kind": kind,
                "legal_domain": domain,
                "is_active": True,
                "registers_persons": short in REGISTERING,
            },
        )
        for short, name, kind, domain in INSTITUTIONS
    }
    users = {row[0]: _user(row, institutions) for row in USERS}
    _admin_permissions(users["admin"])
    for name, fields, description, members in WORKING_GROUPS:
        group = sync(
            WorkingGroup,
            {"name": name},
            {"field_of_action": fields, "description": description},
        )
        group.members.add(*(users[m] for m in members))
    return institutions, users


def _user(row, institutions) -> User:
    username, first, last, short, roles, function = row
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@rheine.example",
            "is_staff": Role.ADMINISTRATOR in roles,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    sync(
        Membership,
        {"user": user},
        {
            "institution": institutions[short],
            "roles": [str(r) for r in roles],
            "function": function,
        },
    )
    return User.objects.select_related("membership__institution").get(pk=user.pk)


def _admin_permissions(admin: User) -> None:
    """Master data only: no permission on any case model (administrators see no case content)."""
    permissions = Permission.objects.filter(
        models.Q(content_type__app_label__in=["networks", "steering"])
        | models.Q(content_type__app_label="cases", content_type__model="measuretype")
    )
    admin.user_permissions.add(*permissions)
