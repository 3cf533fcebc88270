"""Template filters that put the KERN design system's classes on Django's widgets.

Used by templates/forms/field.html, so forms need no KERN knowledge of their own.
"""

from django import template
from django.forms import BoundField
from django.forms.boundfield import BoundWidget

register = template.Library()

# Django's widget type (BoundField.widget_type) -> the KERN class of the input element.
WIDGET_CLASSES = {
    "select": "kern-form-input__select",
    "nullbooleanselect": "kern-form-input__select",
    "selectmultiple": "kern-form-input__select",
    "checkbox": "kern-form-check__checkbox",
    "checkboxselectmultiple": "kern-form-check__checkbox",
    "radioselect": "kern-form-check__radio",
}
DEFAULT_CLASS = "kern-form-input__input"


def widget_class(field: BoundField) -> str:
    css = WIDGET_CLASSES.get(field.widget_type, DEFAULT_CLASS)
    return f"{css} {css}--error" if field.errors else css


def _with_class(attrs: dict, css: str) -> dict:
    existing = attrs.get("class", "")
    return {**attrs, "class": f"{existing} {css}".strip()}


@register.filter
def kern_widget(field: BoundField):
    """The field's widget with the KERN input class (and the error variant when invalid)."""
    return field.as_widget(attrs=_with_class(field.field.widget.attrs, widget_class(field)))


@register.filter
def kern_option(option: BoundWidget, field: BoundField):
    """One checkbox or radio of a multiple-choice field, as a bare KERN-styled input."""
    data = {**option.data, "attrs": _with_class(option.data["attrs"], widget_class(field))}
    if field.errors:
        data["attrs"]["aria-invalid"] = "true"
    context = {"widget": {**data, "wrap_label": False}}
    return option.parent_widget._render(option.template_name, context, option.renderer)


@register.filter
def kern_kind(field: BoundField) -> str:
    """Which KERN wrapper the field needs: select, check, choices or input."""
    widget_type = field.widget_type
    if widget_type in ("select", "nullbooleanselect"):
        return "select"
    if widget_type == "checkbox":
        return "check"
    if widget_type in ("checkboxselectmultiple", "radioselect"):
        return "choices"
    return "input"


@register.filter
def field_errors(form) -> list[tuple[BoundField, str]]:
    """(field, message) for every error of a visible field, for the summary at the top."""
    return [(field, error) for field in form.visible_fields() for error in field.errors]


@register.filter
def mixes_required_and_optional(form) -> bool:
    """Whether the form needs the sentence that says which fields are required."""
    required = {field.field.required for field in form.visible_fields()}
    return required == {True, False}
