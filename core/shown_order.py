"""Lists in the order a reader reads them: by the label shown, in the active language.

A database orders stored names (English for the strategy's sectors); a Polish reader sees them
translated, so a choice list sorts by the translated label instead, as the Polish alphabet does
(ą a letter after every a, ł after l, ż after ź after z), case ignored; other accents are
dropped for sorting.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator

# Polish letters: each sorts after its base letter followed by anything ("\x7f" is above z).
_POLISH = str.maketrans(
    {
        "ą": "a\x7f",
        "ć": "c\x7f",
        "ę": "e\x7f",
        "ł": "l\x7f",
        "ń": "n\x7f",
        "ó": "o\x7f",
        "ś": "s\x7f",
        "ź": "z\x7f",
        "ż": "z\x7f\x7f",
    }
)


def reading_order_key(text: str) -> tuple[str, str]:
    """Sort key for a label in the Polish (and English) alphabet, case ignored."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_POLISH))
    return "".join(c for c in folded if not unicodedata.combining(c)), text


class ShownOrderChoiceIterator(ModelChoiceIterator):
    """A model choice field's choices sorted by their labels as shown."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        objects = list(self.queryset)
        objects.sort(key=lambda obj: reading_order_key(str(self.field.label_from_instance(obj))))
        for obj in objects:
            yield self.choice(obj)


class ShownOrderModelChoiceField(forms.ModelChoiceField):
    iterator = ShownOrderChoiceIterator


class ShownOrderModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ShownOrderChoiceIterator


def in_shown_order(field: forms.Field) -> None:
    """Make a form's model choice field (one a ModelForm made) list its choices as shown."""
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (a programming error)
    field.iterator = ShownOrderChoiceIterator
    field.widget.choices = field.choices  # the widget took the old iterator's choices
