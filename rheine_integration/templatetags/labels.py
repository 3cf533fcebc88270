"""``{{ note|label:"kind" }}``: a choice field's label (rheine_integration.base.labels);
``{{ note.text|bidi_safe }}``: a free text with its bidi controls shown (rheine_integration.base.bidi)."""

from django import template

from rheine_integration.base import bidi, labels

register = template.Library()


@register.filter
def label(instance, field_name: str) -> str:
    return labels.label(instance, field_name)


@register.filter(is_safe=True)
def bidi_safe(value):
    return bidi.neutralise(value)
