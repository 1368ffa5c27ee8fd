"""The public "you said, we did" pages: the county's, and one per Jobcentre. No sign-in, no
personal data: only published records of forums that took place."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Organisation, OrganisationKind
from events.forums import public_theme_rows, theme_totals, you_said_we_did


@require_GET
def voice_of_the_customer(request: HttpRequest) -> HttpResponse:
    voices = you_said_we_did()
    county = theme_totals(public_theme_rows())
    context = {
        "voices": voices,
        "county_themes": county,
        "county_total": sum(forums + feedback for _theme, _label, forums, feedback in county),
        "forum_count": sum(len(voice.records) for voice in voices),
        "today": timezone.localdate(),
    }
    return render(request, "pages/voice_of_the_customer.html", context)


@require_GET
def voice_of_the_customer_jobcentre(request: HttpRequest, jobcentre_id: int) -> HttpResponse:
    jobcentre = get_object_or_404(Organisation, pk=jobcentre_id, kind=OrganisationKind.JOBCENTRE)
    (voice,) = you_said_we_did(jobcentre=jobcentre)
    context = {"voice": voice, "jobcentre": jobcentre, "today": timezone.localdate()}
    return render(request, "pages/voice_of_the_customer_jobcentre.html", context)
