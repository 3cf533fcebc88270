"""The case list's filters (django-filter). They only narrow permissions.visible_cases."""

import copy
import hashlib

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.core.cache import caches
from django.db.models import Exists, F, OuterRef
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cases import permissions
from cases.models import Case, FollowUp
from cases.models.person import key_words, phonetic_tokens
from networks import choices
from networks.models import FieldOfAction, LegalDomain


class Select(forms.Select):
    """A select whose options are joined in Python instead of one template include each: the
    list's filter form has about a hundred options, which cost more than the list's queries.
    (Named Select so the KERN field template treats it as one.)"""

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"] if option["value"] is not None else "",
                    flatatt(option["attrs"]),  # carries "selected"
                    option["label"],
                )
                for _group, group_options, _index in context["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', context["name"], flatatt(context["attrs"]), options
        )


def name_query(text: str, scope: str = "") -> SearchQuery | None:
    """Each typed word must match a name or spelling by prefix or by sound. ``scope`` prefixes
    every term (permissions.search_scope: the access rows' lexemes carry their institution)."""
    words = key_words(text)[0][:6]  # "Al-Hassan" is one word, as "Alhasan" is
    if not words:
        return None
    parts = []
    for word in words:
        alternatives = [f"{scope}{word}:*", *(scope + token for token in phonetic_tokens(word))]
        parts.append("(" + " | ".join(alternatives) + ")")
    return SearchQuery(" & ".join(parts), search_type="raw", config="simple")


class SharedFields(dict):
    """The fields of a cached filter form class (CaseFilter.get_form_class), shared by its forms.

    Django deep-copies a form class's fields for every form so that one form may change its
    own; the filter form never does, and copying its hundred choices cost a share of
    each list page (README, benchmark records). A form gets its own dict of the same field objects (bound fields and errors stay per
    form). Never set choices, widgets or attributes on ``form.fields[...]`` of this form."""

    def __deepcopy__(self, memo):
        return dict(self)


class FilterCopies(dict):
    """CaseFilter's filters, copied for each filter set without a deep copy.

    django-filter deep-copies a filter set's filters for every instance (it then sets their
    ``parent`` and ``model``); with their labels and about a hundred choices that was a
    measurable share of each list page. A filter's per-instance state is its attributes and its ``extra`` dict
    (CaseFilter sets the choices there): each instance gets a shallow copy of both, and a
    method filter is bound to its copy, not to the class's filter."""

    def __deepcopy__(self, memo):
        return {name: _copy_filter(filter_) for name, filter_ in self.items()}


def _copy_filter(filter_: django_filters.Filter) -> django_filters.Filter:
    copied = copy.copy(filter_)
    copied.extra = dict(filter_.extra)
    copied.__dict__.pop("_field", None)  # a form field built for other choices
    if filter_.method is not None:
        copied.method = filter_.method  # binds the FilterMethod to the copy (its parent)
    return copied


FORM_CLASSES: dict[tuple, type[forms.Form]] = {}  # CaseFilter's form class by its choices


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name oder Schreibweise"), method="filter_name")
    # Every select's empty choice ("– alle –", settings.FILTERS_EMPTY_CHOICE_LABEL) means no
    # filter, so the untouched form lists what the list without parameters lists. The status
    # is the exception: the list without one shows the open cases (views.case.case_list) and
    # the form shows "offen" selected then.
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("offen")), ("closed", _("abgeschlossen"))],
        method="filter_status",
        widget=Select,
    )
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Case.Phase.choices, widget=Select)
    field_of_action = django_filters.ChoiceFilter(
        label=_("Handlungsfeld"),
        choices=FieldOfAction.choices,
        method="filter_field_of_action",
        widget=Select,
    )
    # Choices from networks.choices (cached master data), not from a query per page.
    lead_institution = django_filters.ChoiceFilter(
        label=_("federführend"), choices=[], widget=Select
    )
    case_manager = django_filters.ChoiceFilter(label=_("Fallmanager/in"), choices=[], widget=Select)
    legal_domain = django_filters.ChoiceFilter(
        label=_("Rechtskreis"),
        choices=LegalDomain.choices,
        field_name="person__legal_domain",
        widget=Select,
    )
    residence_expires_before = django_filters.DateFilter(
        label=_("Aufenthaltstitel läuft ab bis"),
        field_name="person__residence_expires_on",
        lookup_expr="lte",
    )
    # A select of its own: django-filter's BooleanWidget offers "Unbekannt" as its blank.
    overdue_follow_ups = django_filters.ChoiceFilter(
        label=_("mit überfälligen Wiedervorlagen"),
        choices=[("true", _("ja")), ("false", _("nein"))],
        method="filter_overdue",
        widget=Select,
    )
    order = django_filters.OrderingFilter(
        label=_("Sortierung"),
        fields=(
            # The access row's copy of updated_at: read in order from the institution's index.
            ("access__case_updated_at", "updated_at"),
            # The access row's copies, read in order from their indexes (migrations 0011, 0012);
            # the phase as its place in the cycle, not alphabetically.
            ("access__case_opened_on", "opened_on"),
            ("access__person_family_name", "name"),
            ("access__case_phase_rank", "phase"),
        ),
        field_labels={
            "access__case_updated_at": _("letzte Aktivität"),
            "access__case_opened_on": _("eröffnet"),
            "access__person_family_name": _("Name"),
            "access__case_phase_rank": _("Phase"),
        },
        empty_label=_("– Standard: letzte Aktivität –"),
        widget=Select,
    )

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # The case managers of the user's own institution: a select of every case manager of a
        # regional installation would be thousands of options (and names of other agencies'
        # staff); it costs more than the list itself at 1 M cases.
        institution = getattr(getattr(request, "user", None), "institution", None)
        institutions, case_managers = choices.filter_choices(getattr(institution, "pk", None))
        self.filters["lead_institution"].extra["choices"] = institutions
        self.filters["case_manager"].extra["choices"] = case_managers
        self.choices_key = (tuple(institutions), tuple(case_managers))
        self.search_scope = permissions.search_scope(getattr(institution, "pk", None))

    def get_form_class(self):
        # django-filter builds the form's fields from the filters on every request (each
        # select normalises its choices). They depend only on the choices, so
        # each process keeps the class per choices; a form instance still gets its own fields.
        form_class = FORM_CLASSES.get(self.choices_key)
        if form_class is None:
            if len(FORM_CLASSES) >= 256:  # bounded: renamed staff leave stale choices behind
                FORM_CLASSES.clear()
            form_class = FORM_CLASSES[self.choices_key] = super().get_form_class()
            form_class.base_fields = SharedFields(form_class.base_fields)
        return form_class

    def filter_name(self, queryset, name, value):
        query = name_query(value, self.search_scope)
        return permissions.search_visible(queryset, query) if query else queryset

    def filter_status(self, queryset, name, value):
        # The access row's copy of the open state (its partial index holds the open rows only),
        # through an alias: a second filter() on access__ would join the access rows again.
        return queryset.alias(access_open=F("access__case_open")).filter(
            access_open=(value == "open")
        )

    def filter_field_of_action(self, queryset, name, value):
        return queryset.filter(fields_of_action__contains=[value])

    def filter_overdue(self, queryset, name, value):
        overdue = FollowUp.objects.filter(
            case=OuterRef("pk"), done_at__isnull=True, due_on__lt=timezone.localdate()
        )
        if value == "true":
            return queryset.filter(Exists(overdue))
        return queryset.exclude(Exists(overdue))


CaseFilter.base_filters = FilterCopies(CaseFilter.base_filters)


def rendered_fields(case_filter: CaseFilter) -> str:
    """The filter form's fields as HTML. Rendering the ten KERN field groups costs about as much
    as the list's queries, yet nearly every list page shows one of a few forms: the same
    language, choices and filter values always give the same HTML, so each process keeps it
    (the "rendered" cache, LRU). A search text is never kept: with one, the search field is
    rendered anew and only the others come from the cache."""
    form = case_filter.form
    searched = bool(form.data.get("q"))
    values = sorted(
        (name, tuple(values))
        for name, values in form.data.lists()
        if name in form.fields and name != "q"
    )
    key = repr((translation.get_language(), case_filter.choices_key, values, searched))
    cache_key = "case-filter:" + hashlib.sha256(key.encode()).hexdigest()
    kept = caches["rendered"].get(cache_key)
    if kept is None:
        fields = (field for field in form if not (searched and field.name == "q"))
        kept = format_html_join("", "{}", ((field.as_field_group(),) for field in fields))
        caches["rendered"].set(cache_key, kept)
    if not searched:
        return kept
    return format_html("{}{}", form["q"].as_field_group(), kept)
