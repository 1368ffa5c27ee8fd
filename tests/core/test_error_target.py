"""The error summary's links move focus to an input that exists, as ``includes/govuk_field.html``
renders each field: a text box's own, the first of a group's radios, the day of a date."""

from __future__ import annotations

from django import forms
from django.template import Context, Template

from core.dates import DateInputField


class _Form(forms.Form):
    name = forms.CharField()
    colour = forms.ChoiceField(choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect)
    day = DateInputField()


def test_every_error_link_points_at_an_input_on_the_page():
    form = _Form(data={})
    assert not form.is_valid()
    fields = Template(
        '{% for field in form %}{% include "includes/govuk_field.html" %}{% endfor %}'
    ).render(Context({"form": form}))

    summary = Template('{% include "includes/error_summary.html" %}').render(
        Context({"form": form})
    )

    targets = [part.split('"')[0] for part in summary.split('href="#')[1:]]
    assert targets == ["id_name", "id_colour_0", "id_day_day"]
    for target in targets:
        assert f'id="{target}"' in fields
