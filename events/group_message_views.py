"""Organisers message a group of an event's people: compose, preview with the recipients per
channel, confirm, and follow the deliveries as receipts arrive."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.http import AuthenticatedRequest
from accounts.permissions import can_change
from core.exceptions import DomainError
from events.group_messages import group_message_check, group_message_plan, group_message_send
from events.models import Event, GroupMessage, MessageGroup
from notifications.selectors import batch_counts
from notifications.sms import SMS_MAX_CHARACTERS


class GroupMessageForm(forms.Form):
    group = forms.ChoiceField(
        label=gettext_lazy("Who is the message for?"),
        choices=MessageGroup.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose who the message is for.")},
    )
    by_email = forms.BooleanField(label=gettext_lazy("By e-mail"), required=False)
    by_sms = forms.BooleanField(label=gettext_lazy("By text message"), required=False)
    subject = forms.CharField(
        label=gettext_lazy("Subject (e-mail only)"), required=False, max_length=200
    )
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": gettext_lazy("Write the message.")},
        help_text=gettext_lazy(
            "A text message can be at most 918 characters: 160 make one text (70 if it has "
            "characters such as emoji or accents outside the GSM alphabet), and longer "
            "messages are sent in parts of 153 (or 67)."
        ),
    )


def _event(request: AuthenticatedRequest, pk: int) -> Event:
    event = get_object_or_404(Event, pk=pk)
    if not can_change(request.user, event):
        raise PermissionDenied(_("Only the event's organisers can do this."))
    return event


def _sent(event: Event) -> list[tuple[GroupMessage, dict[str, int]]]:
    return [(m, batch_counts(batch=m.batch)) for m in event.group_messages.all()[:20]]


@login_required
def group_messages(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: the form and the messages sent. POST: the preview; POST with ``confirm``: send."""
    event = _event(request, pk)
    form = GroupMessageForm(request.POST or None)
    context = {"event": event, "form": form, "sms_max": SMS_MAX_CHARACTERS}
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        try:
            if request.POST.get("confirm"):
                message = group_message_send(event=event, by=request.user, **fields)
                messages.success(
                    request,
                    _("Sent: %(emails)d e-mails and %(texts)d text messages.")
                    % {"emails": message.email_count, "texts": message.sms_count},
                )
                return redirect("events:group_messages", pk=event.pk)
            # The sending's own checks, so the preview never offers what would fail.
            group_message_check(**fields)
            plan = group_message_plan(
                event=event,
                group=fields["group"],
                by_email=fields["by_email"],
                by_sms=fields["by_sms"],
                body=fields["body"],
            )
            return render(
                request,
                "events/manage/group_message_confirm.html",
                {**context, "plan": plan, "group_label": MessageGroup(fields["group"]).label},
            )
        except DomainError as error:
            form.add_error(None, error.detail)
    context["sent"] = _sent(event)
    return render(request, "events/manage/group_messages.html", context)
