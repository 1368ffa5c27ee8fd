"""Forms for the schools register pages: filters, school details, assessments, rolls, import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import District, Sector, User
from core.dates import DateInputField
from core.forms import ImportUploadForm
from core.geography import postcode_normalise
from core.shown_order import in_shown_order
from core.tabular import split_list
from schools.models import Hub, School
from schools.selectors import YEAR_GROUPS, hub_choices
from schools.services import BENCHMARKS, hubs_coordinated_by

# The expertise the matching engine knows; a wish tag spelt like one of these is matched to it.
KNOWN_TAGS = (
    "careers strategy",
    "STEM",
    "apprenticeships",
    "SEND",
    "employer networks",
    "enterprise",
    "digital",
)


def canonical_tags(value: str) -> list[str]:
    known = {tag.lower(): tag for tag in KNOWN_TAGS}
    return [known.get(tag.lower(), tag) for tag in split_list(value)]


def _select(**attrs: Any) -> forms.Select:
    return forms.Select(attrs={"class": "govuk-select", **attrs})


class SchoolFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or URN"), required=False, max_length=200)
    hub = forms.ModelChoiceField(
        label=_("Careers Hub"),
        queryset=Hub.objects.none(),
        required=False,
        empty_label=_("All hubs"),
        widget=_select(),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.order_by("name"),
        required=False,
        empty_label=_("All districts"),
        widget=_select(),
    )
    phase = forms.ChoiceField(
        label=_("Phase"),
        choices=[("", _("All phases")), *School.Phase.choices],
        required=False,
        widget=_select(),
    )

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hub_choices(viewer=viewer)  # type: ignore[attr-defined]


class SchoolForm(forms.ModelForm):
    adviser_wish_tags = forms.CharField(
        label=_("Adviser wish tags"),
        required=False,
        help_text=_(
            "Separate tags with semicolons, for example: careers strategy; STEM; SEND; "
            "apprenticeships; employer networks; enterprise; digital."
        ),
    )

    class Meta:
        model = School
        fields = [
            "urn",
            "name",
            "phase",
            "district",
            "postcode",
            "hub",
            "adviser_wishes",
            "adviser_wish_tags",
            "adviser_wish_sectors",
        ]
        widgets = {
            "phase": _select(),
            "district": _select(),
            "hub": _select(),
            "adviser_wishes": forms.Textarea(
                attrs={
                    "class": "govuk-textarea",
                    "rows": 4,
                    "aria-describedby": "id_adviser_wishes-hint",
                }
            ),
            "adviser_wish_sectors": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "urn": _("Six digits, from Get Information about Schools."),
            "adviser_wishes": _(
                "In the school's words: what it would like an adviser to help with."
            ),
        }

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hubs = hubs_coordinated_by(viewer)
        school_hub = self.instance.hub if self.instance.pk else None
        if self.instance.pk and (school_hub is None or school_hub not in hubs):
            # A Careers Leader keeps the school's details; URN and hub stay with the hub.
            del self.fields["urn"]
            del self.fields["hub"]
        else:
            hub_field = self.fields["hub"]
            hub_field.queryset = Hub.objects.filter(  # type: ignore[attr-defined]
                pk__in=[hub.pk for hub in hubs]
            )
            hub_field.required = True
            hub_field.empty_label = None  # type: ignore[attr-defined]
        self.fields["district"].empty_label = _("Choose a district")  # type: ignore[attr-defined]
        self.fields["adviser_wish_sectors"].queryset = Sector.objects.order_by("name")  # type: ignore[attr-defined]
        in_shown_order(self.fields["adviser_wish_sectors"])  # sector names are shown translated
        if self.instance.pk:
            self.initial["adviser_wish_tags"] = "; ".join(self.instance.adviser_wish_tags)

    def clean_postcode(self) -> str:
        return postcode_normalise(self.cleaned_data.get("postcode", ""))

    def clean_adviser_wish_tags(self) -> list[str]:
        return canonical_tags(self.cleaned_data.get("adviser_wish_tags", ""))

    def service_fields(self) -> dict[str, Any]:
        """The cleaned fields as the schools services take them."""
        data = dict(self.cleaned_data)
        data.pop("adviser_wish_sectors", None)
        return data


class BenchmarkAssessmentForm(forms.Form):
    """All eight benchmarks or none: every percentage is required, each from 0 to 100."""

    assessed_on = DateInputField(
        label=_("Date of the self-assessment"),
        error_messages={"required": _("Enter the date of the self-assessment")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from schools.models import GatsbyBenchmark

        for number in BENCHMARKS:
            label = GatsbyBenchmark(number).label
            self.fields[f"benchmark_{number}"] = forms.IntegerField(
                label=_("%(benchmark)s (%%)") % {"benchmark": label},
                min_value=0,
                max_value=100,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                # Django formats these messages again with the field's limits: escape the %.
                error_messages={
                    key: str(message).replace("%", "%%")
                    for key, message in {
                        "required": _("Enter a percentage for benchmark %(n)d") % {"n": number},
                        "invalid": _("Benchmark %(n)d must be a whole number, like 75")
                        % {"n": number},
                        "min_value": _("Benchmark %(n)d must be 0%% or more") % {"n": number},
                        "max_value": _("Benchmark %(n)d must be 100%% or less") % {"n": number},
                    }.items()
                },
            )

    def scores(self) -> dict[int, int]:
        return {number: self.cleaned_data[f"benchmark_{number}"] for number in BENCHMARKS}


class YearGroupRollForm(forms.Form):
    """Pupils on roll per year group; leave a year group empty when the school does not teach it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for year in YEAR_GROUPS:
            self.fields[f"year_{year}"] = forms.IntegerField(
                label=_("Year %(n)d") % {"n": year},
                required=False,
                min_value=0,
                max_value=5000,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": _("Year %(n)d must be a whole number of pupils") % {"n": year},
                    "min_value": _("Year %(n)d cannot be negative") % {"n": year},
                    "max_value": _("Year %(n)d must be 5,000 pupils or fewer") % {"n": year},
                },
            )

    def pupils(self) -> dict[int, int | None]:
        return {year: self.cleaned_data.get(f"year_{year}") for year in YEAR_GROUPS}


class SchoolImportForm(ImportUploadForm):
    hub = forms.ModelChoiceField(
        label=_("Careers Hub to import into"),
        queryset=Hub.objects.none(),
        empty_label=None,
        widget=_select(),
    )

    field_order = ["hub", "file"]

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = Hub.objects.filter(  # type: ignore[attr-defined]
            pk__in=[hub.pk for hub in hubs_coordinated_by(viewer)]
        )
