"""Forms of the case management. Validation messages are German and stay at the field."""

import datetime
import re

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Assessment,
    Case,
    Document,
    EligibilityReview,
    FollowUp,
    Handover,
    IntegrationPlan,
    Language,
    Measure,
    MeasureType,
    Note,
    NotificationKind,
    Person,
    Qualification,
    RecognitionProcedure,
    ResidenceRecord,
    ResidenceStatus,
    Scope,
    SubGoal,
)
from cases.residence import LEGAL_BASIS_CHOICES
from cases.services import PERSON_LEGAL_DOMAINS
from networks.models import FieldOfAction, Institution, LegalDomain, Role, User
from rheine_integration.base.bidi import reject_bidi_controls

LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def reject_unstorable(value: str) -> None:
    """Any typed text is taken ("Sprachniveau <A2"): safety comes from escaping on output and
    the Content Security Policy. Only what UTF-8 cannot store is refused (NUL is refused by
    Django's CharField itself)."""
    if isinstance(value, str) and LONE_SURROGATE.search(value):
        raise ValidationError(
            _("Der Text enthält ein ungültiges Zeichen. Bitte neu eingeben."), code="surrogate"
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


PLEASE_CHOOSE = _("– bitte wählen –")


class SafeTextMixin:
    """The case forms' common ground: the storability check on every text field, date pickers,
    and "– bitte wählen –" as the empty choice of every select (Django's is "---------")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name_empty_choice(field)
            if isinstance(field, forms.CharField):
                field.validators.append(reject_unstorable)
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                field.input_formats = ["%Y-%m-%d", "%d.%m.%Y"]


def name_empty_choice(field: forms.Field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:  # None: required with an initial value, no blank
            field.empty_label = PLEASE_CHOOSE
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)
        if choices and choices[0][0] in ("", None) and choices[0][1] == BLANK_CHOICE_DASH[0][1]:
            field.choices = [("", PLEASE_CHOOSE), *choices[1:]]


class LinesField(forms.CharField):
    """One value per line (alternative spellings)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def run_validators(self, value):
        for line in value:
            super().run_validators(line)


class PersonForm(SafeTextMixin, forms.ModelForm):
    name_variants = LinesField(
        label=_("andere Schreibweisen"),
        required=False,
        max_length=300,
        validators=[reject_bidi_controls],
        help_text=_(
            "Eine Schreibweise pro Zeile, z. B. wie im Ausweis, beim BAMF oder im Jobcenter."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Sprachen"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_domain = forms.ChoiceField(
        label=_("aktueller Rechtskreis"),
        choices=[
            (d.value, d.label)
            for d in LegalDomain
            if d in PERSON_LEGAL_DOMAINS or d == LegalDomain.NONE
        ],
    )

    class Meta:
        model = Person
        fields = [
            "given_names",
            "family_name",
            "name_variants",
            "birth_year",
            "birth_month",
            "birth_day",
            "gender",
            "nationality",
            "languages",
            "arrival_date",
            "residence_status",
            "residence_expires_on",
            "legal_domain",
            "phone",
            "email",
            "street",
            "postal_code",
            "city",
            "interpreter_needed",
            "interpreter_language",
        ]
        help_texts = {
            "birth_year": _("Oft ist nur das Jahr bekannt; Monat und Tag dürfen leer bleiben.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].min_value = 1900
        self.fields["birth_month"].widget.attrs.update(min=1, max=12)
        self.fields["birth_day"].widget.attrs.update(min=1, max=31)

    def clean(self):
        cleaned = super().clean()
        year, month, day = (cleaned.get(k) for k in ("birth_year", "birth_month", "birth_day"))
        today = timezone.localdate()
        if year is not None and not 1900 <= year <= today.year:
            self.add_error(
                "birth_year",
                _("Bitte ein Geburtsjahr zwischen 1900 und %(year)s angeben.")
                % {"year": today.year},
            )
        if month is not None and (year is None or not 1 <= month <= 12):
            self.add_error(
                "birth_month", _("Ein Monat (1–12) geht nur zusammen mit dem Geburtsjahr.")
            )
        if day is not None:
            if month is None:
                self.add_error("birth_day", _("Ein Tag geht nur zusammen mit Monat und Jahr."))
            elif year and 1 <= month <= 12:
                try:
                    born = datetime.date(year, month, day)
                except ValueError:
                    self.add_error("birth_day", _("Dieses Datum gibt es nicht."))
                else:
                    if born > today:
                        self.add_error("birth_day", _("Das Geburtsdatum liegt in der Zukunft."))
        arrival = cleaned.get("arrival_date")
        if arrival and arrival > today:
            self.add_error("arrival_date", _("Das Einreisedatum liegt in der Zukunft."))
        if arrival and year and arrival.year < year:
            self.add_error("arrival_date", _("Die Einreise liegt vor dem Geburtsjahr."))
        if cleaned.get("interpreter_needed") and not cleaned.get("interpreter_language"):
            self.add_error(
                "interpreter_language", _("Bitte die Sprache für die Dolmetschung angeben.")
            )
        return cleaned


class RegistrationForm(PersonForm):
    """Person plus the opening of their case."""

    fields_of_action = forms.MultipleChoiceField(
        label=_("Handlungsfelder"),
        choices=FieldOfAction.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(PersonForm.Meta):
        fields = PersonForm.Meta.fields


class InquiryForm(SafeTextMixin, forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Anliegen"),
        choices=[
            ("consent", _("Bitte um Einwilligung zur Zusammenarbeit")),
            ("handover", _("Bitte um Übergabe")),
        ],
    )
    typed_name = forms.CharField(widget=forms.HiddenInput, max_length=300)
    typed_birth_year = forms.IntegerField(widget=forms.HiddenInput, required=False)
    message = forms.CharField(
        label=_("Nachricht"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


def case_managers_of(institution: Institution):
    return User.objects.filter(
        is_active=True,
        membership__institution=institution,
        membership__roles__contains=[Role.CASE_MANAGER],
    ).order_by("last_name", "first_name")


class CaseForm(SafeTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    fields_of_action = forms.MultipleChoiceField(
        label=_("Handlungsfelder"),
        choices=FieldOfAction.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Case
        fields = ["case_manager", "fields_of_action", "phase"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers_of(self.instance.lead_institution)
        self.fields["phase"].choices = [c for c in Case.Phase.choices if c[0] != Case.Phase.CLOSED]
        self.initial.setdefault("version", self.instance.version)


class CloseCaseForm(SafeTextMixin, forms.Form):
    closed_on = forms.DateField(label=_("abgeschlossen am"), initial=timezone.localdate)
    reason = forms.ChoiceField(label=_("Abschlussgrund"), choices=Case.ClosingReason.choices)
    note = forms.CharField(
        label=_("Bemerkung"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def clean_closed_on(self):
        value = self.cleaned_data["closed_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Ein Fall kann nicht in der Zukunft abgeschlossen werden."))
        return value


class ReopenForm(forms.Form):
    fields_of_action = forms.MultipleChoiceField(
        label=_("Handlungsfelder"),
        choices=FieldOfAction.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class UploadField(forms.FileField):
    """Checks the type by the file's content (magic bytes), not by its name, and the size."""

    ALLOWED = {"application/pdf": _("PDF"), "image/jpeg": _("JPEG"), "image/png": _("PNG")}

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("Die Datei ist zu groß (%(size)s). Erlaubt sind höchstens %(max)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
                }
            )
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.mime not in self.ALLOWED:
            raise ValidationError(
                _("Dieser Dateityp ist nicht erlaubt. Erlaubt sind PDF, JPEG und PNG.")
            )
        upload.detected_content_type = kind.mime
        return upload


class ConsentForm(SafeTextMixin, forms.Form):
    """A consent names recipients and, for each, the parts of the data (§67b SGB X)."""

    signed_on = forms.DateField(label=_("unterschrieben am"))
    valid_until = forms.DateField(
        label=_("gültig bis"),
        required=False,
        help_text=_("Leer lassen, wenn die Einwilligung bis zum Widerruf gilt."),
    )
    form_file = UploadField(
        label=_("unterschriebenes Formular (PDF, JPEG oder PNG)"), required=False
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.recipients = list(
            Institution.objects.filter(is_active=True).exclude(pk=case.lead_institution_id)
        )
        for institution in self.recipients:
            self.fields[f"scopes_{institution.pk}"] = forms.MultipleChoiceField(
                label=institution.name,
                choices=Scope.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def clean(self):
        cleaned = super().clean()
        signed_on, valid_until = cleaned.get("signed_on"), cleaned.get("valid_until")
        if signed_on and signed_on > timezone.localdate():
            self.add_error("signed_on", _("Das Unterschriftsdatum liegt in der Zukunft."))
        if signed_on and valid_until and valid_until < signed_on:
            self.add_error("valid_until", _("„Gültig bis“ liegt vor dem Unterschriftsdatum."))
        if not any(cleaned.get(f"scopes_{i.pk}") for i in self.recipients):
            raise ValidationError(
                _("Bitte mindestens eine Institution und einen Datenbereich auswählen.")
            )
        return cleaned

    @property
    def grants(self) -> dict[int, list[str]]:
        return {i.pk: self.cleaned_data.get(f"scopes_{i.pk}") or [] for i in self.recipients}

    def recipient_fields(self):
        return [self[f"scopes_{i.pk}"] for i in self.recipients]


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("widerrufen am"), initial=timezone.localdate, widget=DateInput()
    )

    def clean_withdrawn_on(self):
        value = self.cleaned_data["withdrawn_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Der Widerruf kann nicht in der Zukunft liegen."))
        return value


class AssessmentForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "assessed_on",
            "german_listening",
            "german_reading",
            "german_writing",
            "german_speaking",
            "literacy",
            "school_level",
            "school_years",
            "school_country",
            "work_experience",
            "own_goals",
            "childcare_needed",
            "other_constraints",
            "health_constraints",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ["work_experience", "own_goals", "other_constraints", "health_constraints"]
        }
        help_texts = {
            "health_constraints": _(
                "Besondere Kategorie (Art. 9 DSGVO): nur für die federführende Institution sichtbar."
            )
        }

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Das Datum der Feststellung liegt in der Zukunft."))
        return value


class QualificationForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["kind", "title", "country", "year", "recognition"]


QualificationFormSet = forms.formset_factory(
    QualificationForm, extra=2, can_delete=True, max_num=20
)


class PlanForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = IntegrationPlan
        fields = ["goal", "agreed_on"]

    def clean_agreed_on(self):
        value = self.cleaned_data["agreed_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Die Vereinbarung kann nicht in der Zukunft liegen."))
        return value


class SubGoalForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = SubGoal
        fields = ["description", "target_date", "achieved_on"]


SubGoalFormSet = forms.formset_factory(SubGoalForm, extra=3, can_delete=True, max_num=30)


def _check_order(form, start_field, end_field, message):
    start, end = form.cleaned_data.get(start_field), form.cleaned_data.get(end_field)
    if start and end and end < start:
        form.add_error(end_field, message)


class MeasureForm(SafeTextMixin, forms.ModelForm):
    justification = forms.CharField(
        label=_("Begründung trotz fehlender Voraussetzungen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Nur ausfüllen, wenn die Maßnahme bewusst trotz fehlender Voraussetzungen geplant wird."
        ),
    )

    class Meta:
        model = Measure
        fields = [
            "measure_type",
            "provider",
            "responsible_institution",
            "planned_start",
            "planned_end",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_type"].queryset = MeasureType.objects.filter(is_active=True)
        self.fields["responsible_institution"].queryset = Institution.objects.filter(is_active=True)
        self.fields["status"].choices = [
            (s.value, s.label) for s in (Measure.Status.PLANNED, Measure.Status.WAITING)
        ]

    def clean(self):
        cleaned = super().clean()
        _check_order(self, "planned_start", "planned_end", _("Das Ende liegt vor dem Beginn."))
        return cleaned


class MeasureUpdateForm(SafeTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Measure
        fields = [
            "provider",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "status",
            "abort_reason",
        ]
        widgets = {"abort_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)

    def clean(self):
        cleaned = super().clean()
        _check_order(self, "planned_start", "planned_end", _("Das Ende liegt vor dem Beginn."))
        _check_order(self, "actual_start", "actual_end", _("Das Ende liegt vor dem Beginn."))
        status = cleaned.get("status")
        if status == Measure.Status.ABORTED and not (cleaned.get("abort_reason") or "").strip():
            self.add_error("abort_reason", _("Bitte den Grund für den Abbruch angeben."))
        if status in (Measure.Status.RUNNING, Measure.Status.COMPLETED) and not cleaned.get(
            "actual_start"
        ):
            self.add_error("actual_start", _("Bitte den tatsächlichen Beginn angeben."))
        if status == Measure.Status.COMPLETED and not cleaned.get("actual_end"):
            self.add_error("actual_end", _("Bitte das tatsächliche Ende angeben."))
        for field in ("actual_start", "actual_end"):
            if cleaned.get(field) and cleaned[field] > timezone.localdate():
                self.add_error(field, _("Dieses Datum liegt in der Zukunft."))
        return cleaned


class NoteForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = Note
        fields = ["kind", "channel", "occurred_on", "text", "confidential"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Vermerke und Kontakte können nicht in der Zukunft liegen."))
        return value


class FollowUpForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["due_on", "assignee", "description"]

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = case_managers_of(institution)


class HandoverForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = Handover
        fields = ["to_institution", "reason", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_institution"].queryset = Institution.objects.filter(is_active=True).exclude(
            pk=case.lead_institution_id
        )


class HandoverAnswerForm(SafeTextMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("annehmen")), ("decline", _("ablehnen"))], widget=forms.HiddenInput
    )
    decline_reason = forms.CharField(
        label=_("Grund der Ablehnung"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == "decline"
            and not (cleaned.get("decline_reason") or "").strip()
        ):
            self.add_error("decline_reason", _("Bitte einen Grund für die Ablehnung angeben."))
        return cleaned


class DocumentForm(SafeTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Art"), choices=Document.Kind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    file = UploadField(label=_("Datei (PDF, JPEG oder PNG)"))


class MeasureTypeForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = MeasureType
        fields = [
            "name",
            "description",
            "field_of_action",
            "min_german_level",
            "min_literacy",
            "leads_to_german_level",
            "leads_to_literacy",
            "allowed_residence_statuses",
            "required_preceding",
            "typical_duration_weeks",
            "is_active",
        ]
        widgets = {"allowed_residence_statuses": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allowed_residence_statuses"] = forms.MultipleChoiceField(
            label=_("zulässige Aufenthaltsstatus (leer: alle)"),
            choices=ResidenceStatus.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        if self.instance.pk:
            self.fields["required_preceding"].queryset = MeasureType.objects.exclude(
                pk=self.instance.pk
            )


class AuditFilterForm(forms.Form):
    case = forms.IntegerField(label=_("Fall-Nr."), required=False, min_value=1)
    username = forms.CharField(label=_("Benutzerkonto"), required=False, max_length=150)


class ResidenceRecordForm(SafeTextMixin, forms.ModelForm):
    """A status of the residence history; the checks against the history are the service's
    (cases.residence_services.check_record), so they are the same for every caller."""

    legal_basis = forms.ChoiceField(label=_("Rechtsgrundlage"), choices=[])

    class Meta:
        model = ResidenceRecord
        fields = ["status", "legal_basis", "valid_from", "valid_until", "decided_on", "authority"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_basis"].choices = [("", "---------"), *LEGAL_BASIS_CHOICES]
        self.fields["authority"].required = True
        self.fields["decided_on"].required = True
        self.fields["authority"].initial = _("Ausländerbehörde Rheine")

    def clean(self):
        cleaned = super().clean()
        # The service checks again (with the history); here so the message sits at the field.
        _check_order(
            self, "valid_from", "valid_until", _("Das Ende der Gültigkeit liegt vor ihrem Beginn.")
        )
        return cleaned


class EligibilityDecisionForm(SafeTextMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[("", "---------"), *EligibilityReview.Decision.choices],
    )
    justification = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    replacement_type = forms.ModelChoiceField(
        label=_("ersetzende Maßnahmeart"), queryset=MeasureType.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement_type"].queryset = MeasureType.objects.filter(is_active=True)


class PreparedHandoverForm(SafeTextMixin, forms.Form):
    to_institution = forms.ModelChoiceField(
        label=_("an Institution"), queryset=Institution.objects.none()
    )
    summary = forms.CharField(
        label=_("Übergabezusammenfassung"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def __init__(self, *args, institutions: list[Institution], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_institution"].queryset = Institution.objects.filter(
            pk__in=[i.pk for i in institutions]
        )


class RecognitionForm(SafeTextMixin, forms.ModelForm):
    """One recognition procedure; the consistency rules are the service's (check_procedure)."""

    class Meta:
        model = RecognitionProcedure
        fields = [
            "qualification",
            "reference_occupation",
            "competent_body",
            "counselling_on",
            "counselling_by",
            "applied_on",
            "documents_submitted",
            "documents_missing",
            "fees",
            "fees_paid_by",
            "decided_on",
            "outcome",
            "missing_parts",
            "compensation",
        ]
        widgets = {
            "documents_submitted": forms.Textarea(attrs={"rows": 2}),
            "documents_missing": forms.Textarea(attrs={"rows": 2}),
            "missing_parts": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        latest = case.assessments.order_by("-version").first()
        self.fields["qualification"].queryset = Qualification.objects.filter(
            assessment=latest
        ).exclude(kind=Qualification.Kind.SCHOOL)
        self.fields["qualification"].required = self.instance.pk is None
        self.fields["qualification"].label = _("Qualifikation aus der Kompetenzfeststellung")


class CompensationForm(SafeTextMixin, forms.Form):
    measure_type = forms.ModelChoiceField(
        label=_("Maßnahmeart der Ausgleichsmaßnahme"), queryset=MeasureType.objects.none()
    )
    justification = forms.CharField(
        label=_("Begründung trotz fehlender Voraussetzungen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_type"].queryset = MeasureType.objects.filter(is_active=True)


# No lost updates (cases.versioning): the forms carry the version they were opened on.
class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    legal_domain = None

    class Meta(PersonForm.Meta):
        # Status and legal domain follow the residence history (cases.residence), not typing.
        fields = [
            f
            for f in PersonForm.Meta.fields
            if f not in ("residence_status", "residence_expires_on", "legal_domain")
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)


class BaseVersionMixin:
    """``base_version``: the latest version when the form was opened (0: there was none)."""

    def __init__(self, *args, base_version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0
        )
        self.initial["base_version"] = base_version


class VersionedAssessmentForm(BaseVersionMixin, AssessmentForm):
    pass


class VersionedPlanForm(BaseVersionMixin, PlanForm):
    pass


class EmailPreferencesForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Per E-Mail im Tagesbericht"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
