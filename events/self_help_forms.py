"""Forms of the pages where attendees and Careers Leaders help themselves."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TicketLookupForm(forms.Form):
    contact = forms.CharField(
        label=_("E-mail address or mobile phone number"),
        max_length=254,
        help_text=_("The one you registered with. We send your tickets there, not to this page."),
        widget=forms.TextInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": _("Enter your e-mail address or mobile phone number.")},
    )


class GroupBookingResizeForm(forms.Form):
    group_size = forms.IntegerField(
        label=_("Number of pupils"),
        min_value=1,
        max_value=10000,
        error_messages={
            "required": _("Enter the number of pupils."),
            "invalid": _("Enter the number of pupils as a whole number, like 25."),
            "min_value": _("Book at least one place, or cancel the booking."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
