"""The evaluation pages: the counter tablet, the kiosk and the signed link (no sign-in; each proves the
applicant of one dossier — services.py), and the desk's button that opens the tablet page. Views parse,
call the services and render; domain errors are shown as Vietnamese sentences, nothing is stored."""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.decorators import officer_required
from motcua.common.errors import Conflict, DomainError
from motcua.frontdesk.services import reception_point

from . import scoring, services
from .forms import EvaluationForm, KioskCheckForm
from .models import Channel


@require_POST
@officer_required
def open_tablet(request, ref):
    """The officer who has just returned the dossier hands the tablet to the applicant."""
    try:
        token = services.open_tablet(request.user, ref)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("officer:dossier", ref)
    return redirect("evaluation:tablet", token=token)


def _evaluate(request, d, channel: str, *, hidden: dict | None = None, template="evaluation/evaluate.html"):
    """The form for dossier `d`, and on POST the one rate action; a refusal is shown, nothing stored."""
    error = None
    try:
        services.check_rateable(d)
    except Conflict as exc:
        return render(request, "evaluation/refused.html", {"d": d, "error": exc.detail}, status=409)
    form = EvaluationForm(request.POST if request.method == "POST" and "evaluate" in request.POST else None)
    if form.is_bound:
        if form.is_valid():
            try:
                services.rate(d, channel, form.payload())
            except DomainError as exc:
                error = exc.detail
            else:
                d.refresh_from_db()
                return render(request, "evaluation/done.html", {"d": d, "evaluation": d.evaluation})
        else:
            error = _("Vui lòng chấm đủ các chỉ số và chọn mức độ hài lòng.")
    context = {"d": d, "form": form, "error": error, "hidden": hidden or {}, "channel": Channel(channel).label,
               "maximum": 2 * len(scoring.PER_DOSSIER)}
    return render(request, template, context, status=400 if error else 200)


def _refused(request, exc: DomainError, status=400):
    return render(request, "evaluation/refused.html", {"d": None, "error": exc.detail}, status=status)


def tablet(request, token):
    try:
        d = services.tablet_dossier(token)
    except DomainError as exc:
        return _refused(request, exc)
    return _evaluate(request, d, Channel.TABLET)


def link(request, token):
    try:
        d = services.link_dossier(token)
    except DomainError as exc:
        return _refused(request, exc)
    return _evaluate(request, d, Channel.LINK)


def kiosk(request, unit):
    """Step 1: the dossier code and the phone's last 4 digits; step 2: the evaluation (its token hidden)."""
    try:
        point = reception_point(unit)
    except DomainError as exc:
        raise Http404(exc.detail) from exc
    token = request.POST.get("token", "") if request.method == "POST" else ""
    if token:
        try:
            d = services.kiosk_dossier(token)
        except DomainError as exc:
            return _refused(request, exc)
        return _evaluate(request, d, Channel.KIOSK, hidden={"token": token})
    check = KioskCheckForm(request.POST if request.method == "POST" else None)
    error = None
    if check.is_bound and check.is_valid():
        try:
            token = services.kiosk_check(point.code, check.cleaned_data["code"], check.cleaned_data["digits"])
        except DomainError as exc:
            error = exc.detail
        else:
            d = services.kiosk_dossier(token)
            context = {"d": d, "form": EvaluationForm(), "hidden": {"token": token}, "channel": Channel.KIOSK.label,
                       "maximum": 2 * len(scoring.PER_DOSSIER), "action": reverse("evaluation:kiosk", args=[point.code])}
            return render(request, "evaluation/evaluate.html", context)
    elif check.is_bound:
        error = _("Vui lòng nhập mã hồ sơ và đúng 4 số cuối điện thoại.")
    return render(request, "evaluation/kiosk.html", {"unit": point, "form": check, "error": error},
                  status=400 if error else 200)
