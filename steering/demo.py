"""The steering group's demo data (load_demo_data calls load)."""

import datetime

from rheine_integration.base.demo import sync
from steering.models import SteeringGroup, SteeringGroupMember

STEERING_GROUP = ("Lenkungsgruppe Einwanderung gestalten", datetime.date(2017, 6, 23))
# member, institution, function, deputy
SEATS = [
    ("lenkung.stadt", "Fachstelle", "Fachbereichsleitung Soziales (Vorsitz)", "koordination"),
    ("lenkung", "Jobcenter", "Geschäftsführung Jobcenter Kreis Steinfurt", "fm.jobcenter"),
    ("lenkung.agentur", "Agentur", "Bereichsleitung Agentur für Arbeit Rheine", "fm.agentur"),
    ("lenkung.kreis", "ABH", "Leitung Ausländerbehörde", "fm.abh"),
]


def load(*, users: dict, institutions: dict) -> None:
    steering = sync(
        SteeringGroup, {"name": STEERING_GROUP[0]}, {"constituted_on": STEERING_GROUP[1]}
    )
    for member, institution, function, deputy in SEATS:
        sync(
            SteeringGroupMember,
            {"steering_group": steering, "member": users[member]},
            {
                "institution": institutions[institution],
                "function": function,
                "deputy": users[deputy],
            },
        )
