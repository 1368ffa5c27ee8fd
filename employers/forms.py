"""Forms for the employer and Enterprise Adviser pages: filters, records, import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import District, Sector, User
from core.dates import DateInputField
from core.geography import postcode_normalise
from core.shown_order import ShownOrderModelChoiceField, in_shown_order
from employers.imports import canonical_tags, companies_house_number_tidy
from employers.models import Employer, EnterpriseAdviser, SizeBand
from employers.selectors import DBS_NOT_VALID_TODAY, DBS_VALID_TODAY
from employers.services import ADVISER_HUB_FIELDS, keeps_register

SME = "sme"
YES_NO_ANY = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "govuk-select"})


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class EmployerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or Companies House number"), required=False, max_length=200)
    sector = ShownOrderModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.order_by("name"),
        required=False,
        empty_label=_("All sectors"),
        widget=_select(),
    )
    size = forms.ChoiceField(
        label=_("Size"),
        choices=[("", _("All sizes")), (SME, _("SMEs (under 250 employees)")), *SizeBand.choices],
        required=False,
        widget=_select(),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.order_by("name"),
        required=False,
        empty_label=_("All districts"),
        widget=_select(),
    )
    cornerstone = forms.ChoiceField(
        label=_("Cornerstone Employer"), choices=YES_NO_ANY, required=False, widget=_select()
    )


class EmployerForm(forms.ModelForm):
    class Meta:
        model = Employer
        fields = [
            "name",
            "companies_house_number",
            "size_band",
            "sectors",
            "district",
            "postcode",
            "is_cornerstone",
            "disability_confident",
        ]
        widgets = {
            "size_band": _select(),
            "district": _select(),
            "disability_confident": _select(),
            "sectors": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "companies_house_number": _(
                "Optional. 8 characters, for example 01234567 or SC123456."
            ),
        }

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.order_by("name")  # type: ignore[attr-defined]
        in_shown_order(self.fields["sectors"])  # sector names are shown translated
        if not keeps_register(viewer):
            # Only the hub names a Cornerstone Employer.
            del self.fields["is_cornerstone"]

    def clean_companies_house_number(self) -> str:
        value = self.cleaned_data.get("companies_house_number", "")
        return companies_house_number_tidy(value) if value else ""

    def clean_postcode(self) -> str:
        postcode = postcode_normalise(self.cleaned_data.get("postcode", ""))
        if postcode and " " not in postcode:
            raise forms.ValidationError(_("Enter a UK postcode, for example AL10 9AB"))
        return postcode

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("sectors", None)
        return data


class AdviserFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, e-mail or employer"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *EnterpriseAdviser.Status.choices],
        required=False,
        widget=_select(),
    )
    dbs = forms.ChoiceField(
        label=_("DBS check"),
        choices=[
            ("", _("Any")),
            (DBS_VALID_TODAY, _("Valid today")),
            (DBS_NOT_VALID_TODAY, _("Not valid today")),
            *EnterpriseAdviser.DbsStatus.choices,
        ],
        required=False,
        widget=_select(),
    )
    induction = forms.ChoiceField(
        label=_("Induction done"), choices=YES_NO_ANY, required=False, widget=_select()
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        help_text=_("Preferred, or the employer's"),
        queryset=District.objects.order_by("name"),
        required=False,
        empty_label=_("All districts"),
        widget=_select(),
    )


class AdviserForm(forms.ModelForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    expertise_tags = forms.CharField(
        label=_("Expertise"),
        required=False,
        help_text=_(
            "Separate with semicolons, for example: careers strategy; STEM; apprenticeships; "
            "SEND; employer networks; enterprise; digital."
        ),
    )

    class Meta:
        model = EnterpriseAdviser
        fields = [
            "full_name",
            "employer",
            "occupation",
            "sectors",
            "expertise_tags",
            "preferred_districts",
            "postcode",
            "max_travel_km",
            "capacity",
            "dbs_checked_on",
            "dbs_status",
            "induction_done",
            "status",
        ]
        widgets = {
            "employer": _select(),
            "dbs_status": _select(),
            "status": _select(),
            "sectors": forms.CheckboxSelectMultiple,
            "preferred_districts": forms.CheckboxSelectMultiple,
            "max_travel_km": forms.TextInput(attrs={"inputmode": "numeric"}),
            "capacity": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        field_classes = {"dbs_checked_on": DateInputField}
        help_texts = {
            "dbs_checked_on": _("For example, 27 3 2025. A clear check is valid for 3 years."),
        }

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "employer" in self.fields:
            employer_field = self.fields["employer"]
            employer_field.queryset = Employer.objects.order_by("name")  # type: ignore[attr-defined]
            employer_field.empty_label = _("Choose an employer")  # type: ignore[attr-defined]
        self.fields["sectors"].queryset = Sector.objects.order_by("name")  # type: ignore[attr-defined]
        in_shown_order(self.fields["sectors"])  # sector names are shown translated
        self.fields["preferred_districts"].queryset = District.objects.order_by("name")  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["full_name"] = self.instance.user.full_name
            self.initial["expertise_tags"] = "; ".join(self.instance.expertise_tags)
        if not keeps_register(viewer):
            # An adviser keeps their own profile; the rest is the hub's record.
            for name in ADVISER_HUB_FIELDS:
                del self.fields[name]

    def clean_expertise_tags(self) -> list[str]:
        return canonical_tags(self.cleaned_data.get("expertise_tags", ""))

    def clean_postcode(self) -> str:
        postcode = postcode_normalise(self.cleaned_data.get("postcode", ""))
        if postcode and " " not in postcode:
            raise forms.ValidationError(_("Enter a UK postcode, for example AL10 9AB"))
        return postcode

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("sectors", "preferred_districts", "full_name", "email"):
            data.pop(name, None)
        return data


class AdviserCreateForm(AdviserForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("They sign in with a code sent to this address."),
    )
    field_order = ["email", "full_name"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if EnterpriseAdviser.objects.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(_("This person is already an Enterprise Adviser"))
        return email

    def _post_clean(self) -> None:
        # The adviser's user does not exist yet: the service creates it, then validates.
        pass
