"""The public feedback page, reached by the link in the invitation (no account)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache

from core.forms import form_error_from, posted
from events.feedback import FeedbackError, feedback_answer, feedback_by_token, feedback_check_open
from events.feedback_forms import feedback_form

_CLOSED_STATUS = {"not_attended": 403, "window_closed": 410, "event_not_over": 409}


@never_cache
def feedback_answer_view(request: HttpRequest, token: str) -> HttpResponse:
    feedback = feedback_by_token(token)
    if feedback is None:
        raise Http404
    registration = feedback.registration
    if registration is not None and registration.language:
        # The page opens in the language the person registered in, unless they chose another.
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(registration.language)
            request.LANGUAGE_CODE = translation.get_language()
    context: dict[str, Any] = {"feedback": feedback, "event": feedback.event}
    try:
        feedback_check_open(feedback)
    except FeedbackError as error:
        context["reason"] = error.detail
        status = _CLOSED_STATUS.get(error.code, 400)
        return render(request, "events/feedback/closed.html", context, status=status)
    form = feedback_form(feedback, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            feedback_answer(feedback=feedback, **form.cleaned_data)
        except FeedbackError as error:
            form_error_from(form, error)
        else:
            return render(request, "events/feedback/thanks.html", context)
    context["form"] = form
    return render(request, "events/feedback/answer.html", context)
