"""``{{ field|error_target }}``: the id an error summary's link for a form field moves focus to,
as GOV.UK's error summary asks: the field's own input, or, for a group of radios or boxes (which
Django gives no id for a label), its first option."""

from __future__ import annotations

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def error_target(field: BoundField) -> str:
    if target := field.id_for_label:
        return target
    for option in field.subwidgets:
        if target := option.id_for_label:
            return target
    return "main-content"
