"""Who may see a case: django-guardian's grants and their index-driven mirror.

guardian is the authority for single objects (``user.has_perm(..., case)``); lists, search and
counts read CaseAccess, which cases.permissions writes in the same transaction as every grant and
revocation (see field-notes: get_objects_for_user does not scale to a million cases).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cases.models.case import Scope


class CaseUserObjectPermission(UserObjectPermissionBase):
    # Direct foreign keys: guardian's generic table casts the pk and loses the index.
    content_object = models.ForeignKey("cases.Case", on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("cases.Case", on_delete=models.CASCADE)


def _order_indexes(name: str, field: str) -> list[models.Index]:
    """A list order's two indexes, as the latest activity has: all the institution's rows (the
    lists of all and of closed cases) and its open rows only (the default list; migration
    0012)."""
    fields = ["institution", field, "case"]
    return [
        models.Index(fields=fields, name=f"access_institution_{name}"),
        models.Index(
            fields=fields,
            condition=models.Q(case_open=True),
            name=f"access_institution_open_{name}",
        ),
    ]


class CaseAccess(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="accesses")
    # No index of its own: the indexes below lead with the institution. (One of its own made
    # the planner AND a name search's few matches with all the institution's rows.)
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    is_lead = models.BooleanField(default=False)
    scopes = ArrayField(models.CharField(max_length=20, choices=Scope.choices), default=list)
    # Earliest expiry of the consents behind a shared access: from the day after, lists and
    # pages refuse it even before the nightly job has re-synced (fail closed).
    expires_on = models.DateField(null=True, blank=True)
    # Copy of Case.updated_at so an institution's list is read in order from one index.
    case_updated_at = models.DateTimeField()
    # Copy of "Case.closed_on is empty", kept by database triggers (migration 0008), so the
    # default list of open cases walks an index of open rows only, without a join per row.
    case_open = models.BooleanField(default=True, db_default=True, editable=False)
    # Copies of the case's opening date and of its phase's place in the cycle (intake 1 ...
    # closed 6), kept by the same triggers (migration 0012): the list in either order reads a
    # page from one index instead of sorting every visible case. Never empty once inserted.
    case_opened_on = models.DateField(null=True, editable=False)
    case_phase_rank = models.PositiveSmallIntegerField(null=True, editable=False)
    # Copy of the person's search vector with the institution in every lexeme, kept by database
    # triggers (migrations 0007, 0009): a name search finds the institution's matches in this
    # GIN index alone, without joining persons or ANDing the institution's index.
    search_vector = SearchVectorField(null=True, editable=False)
    # Copy of the person's family name, kept by the same triggers (migration 0011): the list
    # ordered by name reads an institution's rows in that order from one index and stops after
    # a page, instead of sorting every visible case.
    person_family_name = models.CharField(max_length=150, default="", db_default="", editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "institution"], name="one_access_per_institution"
            )
        ]
        indexes = [
            models.Index(
                fields=["institution", "-case_updated_at", "-case"],
                name="access_institution_recent",
            ),
            models.Index(
                fields=["institution", "-case_updated_at", "-case"],
                condition=models.Q(case_open=True),
                name="access_institution_open",
            ),
            GinIndex(fields=["search_vector"], name="access_search_gin"),
            *_order_indexes("name", "person_family_name"),
            *_order_indexes("opened", "case_opened_on"),
            *_order_indexes("phase", "case_phase_rank"),
        ]

    def __str__(self):
        return f"{self.case_id} → {self.institution_id}"
