"""No lost updates: the forms carry the version they were opened on (cases.forms); on a conflict the user
sees their entries beside the saved version and decides (save again knowingly, or cancel)."""

from django.utils.translation import gettext_lazy as _

SKIPPED_FIELDS = {"version", "base_version"}


def _display(form, name, value) -> str:
    field = form.fields[name]
    if value in (None, "", [], ()):
        return "–"
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if choices:
        return str(choices.get(value, choices.get(str(value), value)))
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return str(value)


def differences(form, saved) -> list[dict]:
    """Fields where the user's entry and the saved version differ: label, mine, saved."""
    rows = []
    cleaned = getattr(form, "cleaned_data", {})
    for name, field in form.fields.items():
        if name in SKIPPED_FIELDS or not hasattr(saved, name):
            continue
        mine, theirs = cleaned.get(name), getattr(saved, name)
        if hasattr(theirs, "pk"):
            theirs = theirs.pk
        if hasattr(mine, "pk"):
            mine = mine.pk
        if (mine or None) != (theirs or None) and str(mine) != str(theirs):
            rows.append(
                {
                    "label": field.label,
                    "mine": _display(form, name, mine),
                    "saved": _display(form, name, theirs),
                }
            )
    return rows


def rebase(form, field_name: str, new_value: int) -> None:
    """Keep the user's entries, but let the next save start from the saved version."""
    data = form.data.copy()
    data[form.add_prefix(field_name)] = new_value
    form.data = data


CONFLICT_TITLE = _("Bearbeitungskonflikt")
