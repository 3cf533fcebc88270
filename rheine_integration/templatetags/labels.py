"""``{{ note|label:"kind" }}``: a choice field's label (rheine_integration.labels)."""

from django import template

from rheine_integration import labels

register = template.Library()


@register.filter
def label(instance, field_name: str) -> str:
    return labels.label(instance, field_name)
