"""The reach figures as a CSV for strategy leads (counts only, small numbers suppressed)."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone

from accounts.http import AuthenticatedRequest
from accounts.permissions import is_admin, is_lead
from core.periods import financial_year_of
from engagement.reach import reach_csv_rows


@login_required
def reach_csv(request: AuthenticatedRequest) -> HttpResponse:
    if not (is_lead(request.user) or is_admin(request.user)):
        raise Http404
    this_year = financial_year_of(timezone.localdate()).start.year
    buffer = io.StringIO()
    csv.writer(buffer).writerows(reach_csv_rows(start_years=[this_year - 1, this_year]))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="who-we-reach.csv"'
    return response
