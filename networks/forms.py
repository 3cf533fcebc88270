"""Forms of the working-group pages. Checks that need other rows live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    FieldOfAction,
    Institution,
    Meeting,
    Role,
    Station,
    Strategy,
    Trajectory,
    TrajectoryVersion,
    User,
    WorkingGroup,
)

EMPTY = "– bitte wählen –"


def staff_with_role(role: str):
    return User.objects.filter(is_active=True, membership__roles__contains=[role]).order_by(
        "last_name", "first_name"
    )


class WorkingGroupForm(forms.ModelForm):
    field_of_action = forms.MultipleChoiceField(
        label=_("Handlungsfelder"),
        choices=FieldOfAction.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WorkingGroup
        fields = ["name", "field_of_action", "description"]


class MembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Mitglieder"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    chair = forms.ModelChoiceField(
        label=_("Vorsitz"), queryset=User.objects.none(), required=False, empty_label=EMPTY
    )
    deputy = forms.ModelChoiceField(
        label=_("Stellvertretung"), queryset=User.objects.none(), required=False, empty_label=EMPTY
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = staff_with_role(Role.WORKING_GROUP_MEMBER).select_related("membership__institution")
        for name in ("members", "chair", "deputy"):
            self.fields[name].queryset = staff
            self.fields[name].label_from_instance = lambda u: (
                f"{u} ({u.membership.institution.short_name})"
            )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        return data


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description", "trajectory_version", "strategy"]

    def __init__(self, *args, trajectories, strategies, **kwargs):
        super().__init__(*args, **kwargs)
        latest = [t.current_version().pk for t in trajectories]
        self.fields["trajectory_version"].queryset = TrajectoryVersion.objects.filter(
            pk__in=latest
        ).select_related("trajectory")
        self.fields["trajectory_version"].empty_label = _("– keiner –")
        self.fields["strategy"].queryset = strategies
        self.fields["strategy"].empty_label = _("– keine –")


class MinutesForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["discussion", "decisions"]


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["description", "assignee", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members
        self.fields["assignee"].empty_label = EMPTY


class AttendanceForm(forms.Form):
    """One status select (and deputy) per member of the group."""

    def __init__(self, *args, members, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            held = current.get(member.pk)
            self.fields[f"status_{member.pk}"] = forms.ChoiceField(
                label=str(member),
                choices=Attendance.Status.choices,
                initial=held.status if held else Attendance.Status.PRESENT,
            )
            self.fields[f"deputy_{member.pk}"] = forms.ModelChoiceField(
                label=_("vertreten durch (bei „vertreten“)"),
                queryset=staff_with_role(Role.WORKING_GROUP_MEMBER)
                | User.objects.filter(pk__in=[m.pk for m in self.members]),
                required=False,
                empty_label=_("– niemand –"),
                initial=held.deputy_id if held else None,
            )

    def clean(self):
        data = super().clean()
        for member in self.members:
            if data.get(f"status_{member.pk}") == "deputy" and not data.get(f"deputy_{member.pk}"):
                self.add_error(
                    f"deputy_{member.pk}", _("Bei „vertreten“ bitte angeben, wer vertreten hat.")
                )
        return data

    def rows(self):
        return [
            (m, self.cleaned_data[f"status_{m.pk}"], self.cleaned_data.get(f"deputy_{m.pk}"))
            for m in self.members
        ]


class ApproveMinutesForm(forms.Form):
    at = forms.ModelChoiceField(
        label=_("genehmigt in der Sitzung"), queryset=Meeting.objects.none(), empty_label=EMPTY
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].queryset = Meeting.objects.filter(
            body=meeting.body, working_group=meeting.working_group, starts_at__gt=meeting.starts_at
        ).order_by("starts_at")


class TrajectoryForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("Art"),
        choices=[c for c in Trajectory.Kind.choices if c[0] != Trajectory.Kind.OBSERVED],
    )

    class Meta:
        model = Trajectory
        fields = ["title", "kind", "field_of_action", "description"]


class StationForm(forms.ModelForm):
    class Meta:
        model = Station
        fields = [
            "institution",
            "step",
            "duration_weeks",
            "wait_weeks",
            "is_break_point",
            "break_point_note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].empty_label = EMPTY
        self.fields["institution"].queryset = self.fields["institution"].queryset.filter(
            is_active=True
        )

    def clean(self):
        data = super().clean()
        if data.get("is_break_point") and not data.get("break_point_note"):
            self.add_error(
                "break_point_note", _("Bitte beschreiben Sie, was an der Bruchstelle geschieht.")
            )
        return data


class MoveStationForm(forms.Form):
    to = forms.IntegerField(label=_("neue Position"), min_value=1)


class CompareForm(forms.Form):
    left = forms.ModelChoiceField(
        label=_("Fallverlauf links"), queryset=Trajectory.objects.none(), empty_label=EMPTY
    )
    right = forms.ModelChoiceField(
        label=_("Fallverlauf rechts"), queryset=Trajectory.objects.none(), empty_label=EMPTY
    )

    def __init__(self, *args, trajectories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["left"].queryset = self.fields["right"].queryset = trajectories


class StrategyForm(forms.ModelForm):
    break_points = forms.ModelMultipleChoiceField(
        label=_("Bruchstellen"),
        queryset=Station.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Strategy
        fields = ["title", "trajectory", "break_points", "problem", "proposal", "expected_effect"]

    def __init__(self, *args, trajectories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trajectory"].queryset = trajectories
        self.fields["trajectory"].empty_label = _("– keiner –")
        versions = [t.current_version() for t in trajectories]
        self.fields["break_points"].queryset = Station.objects.filter(
            version__in=[v for v in versions if v], is_break_point=True
        ).select_related("version__trajectory")
        self.fields["break_points"].label_from_instance = lambda s: (
            f"{s.version.trajectory}: {s.step} – {s.break_point_note}"
        )

    def clean(self):
        data = super().clean()
        trajectory = data.get("trajectory")
        wrong = [s for s in data.get("break_points", []) if s.version.trajectory != trajectory]
        if wrong:
            self.add_error(
                "break_points", _("Die Bruchstellen müssen zum gewählten Fallverlauf gehören.")
            )
        return data


class AffectedInstitutionForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("betroffene Institution"),
        queryset=Institution.objects.filter(is_active=True),
        empty_label=EMPTY,
    )
    change = forms.CharField(label=_("was sich dort ändern würde"), widget=forms.Textarea)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Kommentar"), widget=forms.Textarea)


class ObservedRunForm(forms.Form):
    field_of_action = forms.ChoiceField(
        label=_("Handlungsfeld"),
        choices=[("", _("– alle –")), *FieldOfAction.choices],
        required=False,
    )
    start = forms.DateField(
        label=_("Fälle eröffnet ab"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("bis"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Das Ende des Zeitraums liegt vor seinem Anfang."))
        return data


class NetworkFilterForm(ObservedRunForm):
    start = forms.DateField(label=_("Übergaben ab"), widget=forms.DateInput(attrs={"type": "date"}))
