"""Web pages of feedback. Public: the form (with or without an account, rate-limited per client), the
filer's tracking page with the satisfaction question, the list of answered and published feedback.
Officers: the unit's list with due instants, one feedback with the answer form. Views parse, call the
services and selectors, and render; domain errors become Vietnamese messages. Text is only ever
rendered escaped (Django's autoescape; no `|safe` in these templates)."""
from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.accounts.decorators import officer_required
from motcua.common.errors import DomainError, NotFound

from . import selectors, services
from .forms import AnswerForm, FeedbackForm, RatingForm
from .models import FeedbackStatus
from .throttling import FeedbackThrottle


def submit_allowed(request) -> tuple[bool, int | None]:
    throttle = FeedbackThrottle()
    if throttle.allow_request(request, None):
        return True, None
    wait = throttle.wait()
    return False, int(wait) + 1 if wait is not None else None


def submit(request):
    units = list(services.addressable_units())
    error, status = None, 200
    if request.method == "POST":
        form = FeedbackForm(request.POST, units=units)
        allowed, wait = submit_allowed(request)
        if not allowed:
            minutes = max(1, (wait or 60) // 60)
            error = _("Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn. Vui lòng thử lại sau khoảng %(m)s phút.") % {"m": minutes}
            response = render(request, "feedback/submit.html", {"form": form, "error": error}, status=429)
            if wait:
                response["Retry-After"] = str(wait)
            return response
        if form.is_valid():
            try:
                feedback = services.submit_feedback(form.cleaned_data, filer=request.user)
            except DomainError as exc:
                error, status = exc.detail, 400
                if exc.field in form.fields:
                    form.add_error(exc.field, exc.detail)
            else:
                messages.success(request, _("Đã gửi phản ánh, kiến nghị. Vui lòng giữ mã theo dõi để xem trả lời."))
                return redirect("feedback:track", code=feedback.code)
        else:
            error, status = _("Vui lòng kiểm tra lại các trường được đánh dấu."), 400
    else:
        initial = {"unit": request.GET.get("don-vi", ""), "dossier_code": request.GET.get("ho-so", "")}
        if request.user.is_authenticated:
            initial.update(name=request.user.full_name, email=request.user.email)
        form = FeedbackForm(initial=initial, units=units)
    context = {"form": form, "error": error, "days": services.working_days_limit()}
    return render(request, "feedback/submit.html", context, status=status)


def track_lookup(request):
    code = services.normalise_code(request.GET.get("ma", ""))
    if code:
        return HttpResponseRedirect(reverse("feedback:track", args=[code]))
    return render(request, "feedback/track_lookup.html", {})


def track(request, code):
    """The filer's page (whoever holds the code): status, due instant, the answer even if not published,
    and the satisfaction question once answered."""
    try:
        feedback = selectors.by_tracking_code(code)
    except NotFound as exc:
        return render(request, "feedback/track_lookup.html", {"code": code, "not_found": exc.detail}, status=404)
    form, status = RatingForm(), 200
    if request.method == "POST":
        form = RatingForm(request.POST)
        try:
            services.rate_feedback(feedback.code, request.POST.get("satisfaction", ""), actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.detail)
            status = 400
        else:
            messages.success(request, _("Cảm ơn bạn đã đánh giá việc xử lý phản ánh, kiến nghị."))
            return redirect("feedback:track", code=feedback.code)
    context = {"feedback": feedback, "form": form, "now": timezone.now()}
    return render(request, "feedback/track.html", context, status=status)


@require_GET
def public_list(request):
    unit_code = request.GET.get("don-vi", "") or None
    page = Paginator(selectors.public_list(unit_code), 20).get_page(request.GET.get("trang"))
    return render(request, "feedback/public_list.html", {"page": page, "unit_code": unit_code})


@require_GET
def public_detail(request, pk):
    try:
        feedback = selectors.public_one(pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    return render(request, "feedback/public_detail.html", {"feedback": feedback})


# -- officers ---------------------------------------------------------------------------------------------
@require_GET
@officer_required
def officer_list(request):
    status = request.GET.get("trang-thai") or None
    now = timezone.now()
    rows = selectors.for_officer(request.user, status=status, now=now)
    context = {
        "rows": rows, "status": status, "statuses": FeedbackStatus.choices, "now": now, "section": "feedback",
        "open_count": sum(1 for r in rows if r.feedback.status == FeedbackStatus.RECEIVED),
        "overdue_count": sum(1 for r in rows if r.overdue),
    }
    return render(request, "feedback/officer_list.html", context)


@officer_required
def officer_detail(request, code):
    try:
        feedback = selectors.for_officer_one(request.user, code)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    form, status = AnswerForm(), 200
    if request.method == "POST":
        action = request.POST.get("action", "answer")
        form = AnswerForm(request.POST)
        try:
            if action == "answer":
                form.is_valid()
                services.answer_feedback(request.user, feedback.code, request.POST.get("answer", ""),
                                         publish=bool(request.POST.get("publish")))
                messages.success(request, _("Đã trả lời phản ánh, kiến nghị."))
            elif action in ("publish", "unpublish"):
                services.set_published(request.user, feedback.code, action == "publish")
                messages.success(request, _("Đã công khai trên cổng.") if action == "publish" else _("Đã thôi công khai."))
            else:
                raise NotFound(_("Thao tác không hợp lệ."))
        except DomainError as exc:
            messages.error(request, exc.detail)
            status = 400
        else:
            return redirect("feedback:officer_detail", code=feedback.code)
    context = {"feedback": feedback, "form": form, "now": timezone.now(), "section": "feedback"}
    return render(request, "feedback/officer_detail.html", context, status=status)
