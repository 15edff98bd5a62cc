"""The leaders' desk (bàn làm việc của lãnh đạo): figures of a period with charts, the deadline watch,
lateness by the unit that held a dossier, drill-down to the dossiers behind any figure, report exports;
and the public figures page of the portal. Views parse and render; figures come from `selectors`."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_cookie

from motcua.accounts.decorators import role_required
from motcua.evaluation.selectors import results as evaluation_results
from motcua.units.models import Unit, UnitKind
from motcua.units.selectors import government_of

from . import charts, desk, services
from . import selectors as stats
from .forms import ExportForm, PeriodForm
from .models import ExportJob

desk_required = role_required(
    lambda user: desk.desk_root(user) is not None,
    gettext_lazy("Trang thống kê dành cho lãnh đạo: Giám đốc Trung tâm, lãnh đạo UBND và lãnh đạo phòng chuyên môn."),
    gettext_lazy("Cán bộ xem hồ sơ của đơn vị tại trang Công việc của cán bộ."),
)

# Every count a leader can click, with its name: the path into the statistics body.
FIGURE_LABELS = {
    "received.total": gettext_lazy("Tổng số hồ sơ tiếp nhận"),
    "received.carried_over": gettext_lazy("Kỳ trước chuyển sang"),
    "received.new": gettext_lazy("Tiếp nhận mới trong kỳ"),
    "received.online": gettext_lazy("Tiếp nhận trực tuyến"),
    "received.counter": gettext_lazy("Tiếp nhận trực tiếp"),
    "received.post": gettext_lazy("Tiếp nhận qua bưu chính"),
    "resolved.total": gettext_lazy("Đã giải quyết"),
    "resolved.early": gettext_lazy("Giải quyết trước hạn"),
    "resolved.on_time": gettext_lazy("Giải quyết đúng hạn"),
    "resolved.late": gettext_lazy("Giải quyết quá hạn"),
    "in_progress.total": gettext_lazy("Đang giải quyết (cuối kỳ)"),
    "in_progress.within_deadline": gettext_lazy("Đang giải quyết, trong hạn"),
    "in_progress.overdue": gettext_lazy("Đang giải quyết, quá hạn"),
    "awaiting_supplement": gettext_lazy("Chờ bổ sung (cuối kỳ)"),
    "returned": gettext_lazy("Đã trả kết quả"),
    "refused": gettext_lazy("Từ chối"),
    "withdrawn": gettext_lazy("Rút hồ sơ"),
    "satisfaction.ratings": gettext_lazy("Lượt đánh giá"),
    "satisfaction.satisfied": gettext_lazy("Hài lòng và rất hài lòng"),
}
GROUP_LABELS = {
    "unit": gettext_lazy("đơn vị"), "procedure": gettext_lazy("thủ tục"), "field": gettext_lazy("lĩnh vực"),
    "month": gettext_lazy("tháng"), "channel": gettext_lazy("kênh"),
}


def value(body: dict, figure: str):
    """The number at a dotted path of a statistics body ("resolved.late")."""
    node = body
    for part in figure.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _today() -> date:
    return timezone.localdate()


def _query(unit: Unit, date_from: date, date_to: date, **extra) -> str:
    params = {"unit": unit.code, "date_from": date_from.isoformat(), "date_to": date_to.isoformat()}
    params.update({k: v for k, v in extra.items() if v not in (None, "")})
    return urlencode(params)


class Links:
    """Drill-down addresses for one period: `links.figure("resolved.late", key, group_by)`."""

    def __init__(self, unit, date_from, date_to):
        self.unit, self.date_from, self.date_to = unit, date_from, date_to
        self.base = reverse("stats:dossiers")

    def figure(self, figure: str, key=None, group_by=None) -> str:
        return f"{self.base}?{_query(self.unit, self.date_from, self.date_to, figure=figure, key=key, group_by=group_by)}"


def _cards(body: dict, links: Links) -> list[dict]:
    def item(figure, label=None):
        return {"label": label or FIGURE_LABELS[figure], "value": value(body, figure), "href": links.figure(figure),
                "figure": figure}

    return [
        {**item("received.total", _("Tiếp nhận")), "parts": [item("received.carried_over"), item("received.new"),
                                                          item("received.online", _("Trực tuyến")),
                                                          item("received.counter", _("Trực tiếp")),
                                                          item("received.post", _("Bưu chính"))]},
        {**item("resolved.total"), "parts": [item("resolved.early", _("Trước hạn")), item("resolved.on_time", _("Đúng hạn")),
                                             item("resolved.late", _("Quá hạn"))]},
        {**item("in_progress.total", _("Đang giải quyết")), "parts": [item("in_progress.within_deadline", _("Trong hạn")),
                                                                   item("in_progress.overdue", _("Quá hạn"))]},
        {**item("returned"), "parts": [item("awaiting_supplement", _("Chờ bổ sung")), item("refused"),
                                       item("withdrawn")]},
    ]


def _rates(body: dict, links: Links) -> list[dict]:
    sat = body.get("satisfaction") or {}
    return [
        {"label": _("Tỷ lệ giải quyết đúng hạn"), "rate": body.get("on_time_rate"),
         "basis": _("(trước hạn + đúng hạn) / đã giải quyết = {part}/{whole}").format(
             part=value(body, "resolved.early") + value(body, "resolved.on_time"), whole=value(body, "resolved.total")
         ),
         "href": links.figure("resolved.total")},
        {"label": _("Tỷ lệ tiếp nhận trực tuyến"), "rate": body.get("online_rate"),
         "basis": _("trực tuyến / tiếp nhận mới = {part}/{whole}").format(
             part=value(body, "received.online"), whole=value(body, "received.new")
         ),
         "href": links.figure("received.online")},
        {"label": _("Tỷ lệ hài lòng"), "rate": sat.get("rate"),
         "basis": _("hài lòng / lượt đánh giá = {part}/{whole}").format(part=sat.get("satisfied"), whole=sat.get("ratings")),
         "href": links.figure("satisfaction.ratings")},
        *_payment_rate(body),
    ]


def _payment_rate(body: dict) -> list[dict]:
    """The share of the period's fee payments made online through the payment gateway (decision 0042)."""
    pay = body.get("payments")
    if not pay:
        return []
    return [{"label": _("Tỷ lệ nộp phí, lệ phí trực tuyến"), "rate": pay["online_rate"], "href": "",
             "figure": "payments",
             "basis": _("qua cổng thanh toán / hồ sơ đã nộp phí = {part}/{whole}").format(part=pay["online"], whole=pay["paid"])}]


def _unit_kinds(groups: list[dict]) -> dict[str, Unit]:
    return Unit.objects.in_bulk([g["key"] for g in groups], field_name="code")


def _month_label(key: str, single_year: bool) -> str:
    year, month = key.split("-")
    return _("Tháng {month}").format(month=int(month)) if single_year else f"{int(month)}/{year}"


def _charts(months: list[dict], units: list[dict], links: Links) -> dict:
    # By month: the dossiers newly received in each month (carried-over ones would be counted again every
    # month) beside those resolved in it.
    received_resolved = [charts.Series(_("Tiếp nhận mới"), "solid"), charts.Series(_("Đã giải quyết"), "hatch")]
    out = {}
    if months:
        single_year = len({g["key"][:4] for g in months}) == 1
        out["months"] = charts.columns(
            _("Hồ sơ tiếp nhận mới và đã giải quyết theo tháng"),
            [_month_label(g["key"], single_year) for g in months], received_resolved,
            [[g["received"] for g in months], [g["resolved"] for g in months]],
            [[links.figure("received.new", g["key"], "month") for g in months],
             [links.figure("resolved.total", g["key"], "month") for g in months]],
        )
    resolving = [g for g in units if value(g, "resolved.total")]
    if resolving:
        out["on_time"] = charts.bars(
            _("Tỷ lệ giải quyết đúng hạn theo đơn vị (%)"),
            [g["name"] for g in resolving], [charts.Series(_("Tỷ lệ đúng hạn"), "solid")],
            [[g.get("on_time_rate") for g in resolving]],
            [[links.figure("resolved.total", g["key"], "unit") for g in resolving]], maximum=100, suffix=" %",
        )
    kinds = _unit_kinds(units)
    wards = [g for g in units if getattr(kinds.get(g["key"]), "kind", None) in desk.LOCAL_KINDS]
    if wards:
        out["wards"] = charts.bars(
            _("{count} phường, xã: hồ sơ tiếp nhận và đã giải quyết").format(count=len(wards)),
            [g["name"] for g in wards], [charts.Series(_("Tiếp nhận"), "solid"), charts.Series(_("Đã giải quyết"), "hatch")],
            [[value(g, "received.total") for g in wards], [value(g, "resolved.total") for g in wards]],
            [[links.figure("received.total", g["key"], "unit") for g in wards],
             [links.figure("resolved.total", g["key"], "unit") for g in wards]],
        )
    return out


TABLE_COLUMNS = [
    ("received.total", gettext_lazy("Tiếp nhận")), ("received.carried_over", gettext_lazy("Kỳ trước")),
    ("received.online", gettext_lazy("Trực tuyến")), ("resolved.total", gettext_lazy("Đã giải quyết")),
    ("resolved.early", gettext_lazy("Trước hạn")), ("resolved.on_time", gettext_lazy("Đúng hạn")),
    ("resolved.late", gettext_lazy("Quá hạn")), ("in_progress.total", gettext_lazy("Đang giải quyết")),
    ("in_progress.overdue", gettext_lazy("Đang quá hạn")),
]


def _has_work(g: dict) -> bool:
    return any(value(g, f) for f in ("received.total", "resolved.total", "in_progress.total", "returned"))


def _table(groups: list[dict], group_by: str, links: Links) -> list[dict]:
    return [
        {"key": g["key"], "name": g.get("name") or g["key"],
         "cells": [{"value": value(g, f), "href": links.figure(f, g["key"], group_by)} for f, _ in TABLE_COLUMNS],
         "on_time_rate": g.get("on_time_rate"), "online_rate": g.get("online_rate"),
         "satisfaction_rate": (g.get("satisfaction") or {}).get("rate")}
        for g in groups
    ]


def _period_form(request, root):
    form = PeriodForm(request.GET or None, root=root, today=_today())
    if not request.GET:
        form = PeriodForm({"unit": root.code, "pick": "nam-nay"}, root=root, today=_today())
    return form


def _period_context(form, unit, date_from, date_to) -> dict:
    today = _today()
    choices = list(desk.QUICK_PICKS.items()) + [
        (f"nam-{y}", _("Năm {year}").format(year=y)) for y in desk.years_with_dossiers(unit) if y < today.year - 1
    ]
    picks = [
        {"label": label, "href": "?" + urlencode({"unit": unit.code, "pick": slug}),
         "current": desk.quick_period(slug, today) == (date_from, date_to)}
        for slug, label in choices
    ]
    return {"form": form, "unit": unit, "date_from": date_from, "date_to": date_to, "picks": picks,
            "query": _query(unit, date_from, date_to)}


@require_GET
@desk_required
def dashboard(request):
    root = desk.desk_root(request.user)
    form = _period_form(request, root)
    if not form.is_valid():
        return render(request, "stats/dashboard.html", {"form": form, "section": "stats", "root": root}, status=400)
    unit, date_from, date_to = form.period()
    links = Links(unit, date_from, date_to)
    # The whole unit's figures, its units' and its fields' from one pass over the rows (each dossier's
    # code computed once); the Decision 766 indicators reuse the figures they share with them.
    unit_body, field_body = stats.figures_by_unit_and_field(unit, date_from, date_to)
    body, by_unit, by_field = {**unit_body, "groups": []}, unit_body["groups"], field_body["groups"]
    # Two numbers a month for the chart: one pass (figures(group_by="month") computes every figure of
    # every month, seconds on a city's year).
    months = desk.monthly_flow(unit, date_from, date_to)
    now = timezone.now()
    start, end = desk.bounds(date_from, date_to)
    context = {
        **_period_context(form, unit, date_from, date_to),
        "section": "stats", "root": root, "body": body,
        "cards": _cards(body, links), "rates": _rates(body, links),
        "charts": _charts(months, by_unit, links),
        "columns": [label for _, label in TABLE_COLUMNS],
        # Units and fields with nothing in the period are left out of the tables (they would be rows of 0).
        "unit_rows": _table([g for g in by_unit if _has_work(g)], "unit", links),
        "field_rows": _table([g for g in by_field if _has_work(g)], "field", links),
        "indicators": stats.decision766(unit, date_from, date_to, figures_body=unit_body)["indicators"],
        "evaluation": evaluation_results(unit, date_from, date_to, by_unit=True),
        "watch": desk.deadline_watch(unit, now), "now": now,
        "holdings": desk.holding_lateness(unit, start, end, now),
        "holding_link": reverse("stats:late_holdings") + "?" + _query(unit, date_from, date_to),
    }
    return render(request, "stats/dashboard.html", context)


@require_GET
@desk_required
def dossiers(request):
    """The dossiers behind one figure: the same count as the figure, each linking to its page."""
    root = desk.desk_root(request.user)
    form = PeriodForm(request.GET, root=root, today=_today())
    figure = request.GET.get("figure", "")
    group_by = request.GET.get("group_by") or None
    key = request.GET.get("key") or None
    if not form.is_valid() or figure not in FIGURE_LABELS or (group_by and group_by not in GROUP_LABELS):
        raise Http404(_("Không tìm thấy số liệu này."))
    unit, date_from, date_to = form.period()
    body = stats.figures(unit, date_from, date_to, group_by=group_by)
    group = None
    if group_by:
        group = next((g for g in body["groups"] if str(g["key"]) == key), None)
        if group is None:
            raise Http404(_("Không tìm thấy nhóm số liệu này."))
    expected = value(group or body, figure)
    qs = stats.dossiers_behind(unit, date_from, date_to, figure, key=key, group_by=group_by)
    qs = qs.select_related("procedure_version", "reception_unit", "current_unit", "assignee").order_by("received_at", "pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        **_period_context(form, unit, date_from, date_to),
        "section": "stats", "figure": figure, "figure_label": FIGURE_LABELS[figure], "expected": expected,
        "group": group, "group_label": GROUP_LABELS.get(group_by or ""), "page": page,
        "page_query": _query(unit, date_from, date_to, figure=figure, key=key, group_by=group_by),
        "back": reverse("stats:dashboard") + "?" + _query(unit, date_from, date_to),
    }
    return render(request, "stats/dossiers.html", context)


@require_GET
@desk_required
def late_holdings(request):
    """The dossiers one unit held past its own time budget (liên thông lateness, domain.md §5)."""
    root = desk.desk_root(request.user)
    form = PeriodForm(request.GET, root=root, today=_today())
    held = Unit.objects.filter(code=request.GET.get("held", "")).first()
    if not form.is_valid() or held is None:
        raise Http404(_("Không tìm thấy đơn vị này."))
    unit, date_from, date_to = form.period()
    start, end = desk.bounds(date_from, date_to)
    qs = desk.late_holding_dossiers(unit, held, start, end, timezone.now())
    qs = qs.select_related("procedure_version", "reception_unit", "current_unit", "assignee").order_by("received_at", "pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        **_period_context(form, unit, date_from, date_to),
        "section": "stats", "figure_label": _("Hồ sơ {unit} giữ quá thời hạn của đơn vị").format(unit=held.name),
        "expected": page.paginator.count, "page": page,
        "page_query": _query(unit, date_from, date_to, held=held.code),
        "back": reverse("stats:dashboard") + "?" + _query(unit, date_from, date_to),
    }
    return render(request, "stats/dossiers.html", context)


# -- reports ---------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@desk_required
def reports(request):
    root = desk.desk_root(request.user)
    today = _today()
    if request.method == "POST":
        form = ExportForm(request.POST, root=root, today=today)
        if form.is_valid():
            unit, date_from, date_to = form.period()
            job = services.start_export(
                actor=request.user, kind=form.cleaned_data["kind"], format=form.cleaned_data["format"], unit=unit,
                date_from=date_from, date_to=date_to,
            )
            return redirect("stats:report_job", job.pk)
    else:
        initial = {"unit": request.GET.get("unit") or root.code, "date_from": request.GET.get("date_from"),
                   "date_to": request.GET.get("date_to"), "kind": ExportJob.Kind.PERIODIC,
                   "format": ExportJob.Format.XLSX}
        form = ExportForm(None, root=root, today=today, initial=initial)
    jobs = ExportJob.objects.filter(created_by=request.user).select_related("unit").defer("content")[:10]
    return render(request, "stats/reports.html", {"form": form, "jobs": jobs, "section": "reports"},
                  status=400 if form.is_bound else 200)


def _own_job(request, pk) -> ExportJob:
    # A report is its author's: scoped on the server, never by an unguessable link alone.
    return get_object_or_404(ExportJob.objects.select_related("unit").defer("content"), pk=pk, created_by=request.user)


@require_GET
@desk_required
def report_job(request, pk):
    job = _own_job(request, pk)
    template = "stats/_job_status.html" if getattr(request, "htmx", False) else "stats/report_job.html"
    return render(request, template, {"job": job, "section": "reports"})


@require_GET
@desk_required
def report_download(request, pk):
    job = get_object_or_404(ExportJob, pk=pk, created_by=request.user, status=ExportJob.Status.DONE)
    content_type = {
        ExportJob.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ExportJob.Format.PDF: "application/pdf",
    }[job.format]
    response = HttpResponse(bytes(job.content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response


# -- public ----------------------------------------------------------------------------------------------
PUBLIC_CACHE_SECONDS = 300


def public_figures_context(today: date, asked: str | None = None) -> dict:
    """A year's figures of the city, its center and each ward — counts and rates only. The current year
    so far by default; while it has no dossier yet, the latest year that has some (a history brought in)."""
    from motcua.units.selectors import default_center

    center = default_center(today)
    if center is None:
        return {"rows": [], "today": today}
    years = desk.years_with_dossiers(government_of(center))
    year = int(asked) if asked and asked.isdigit() and int(asked) in years else None
    if year is None:
        year = today.year if today.year in years or not years else years[0]
    date_from, date_to = date(year, 1, 1), min(date(year, 12, 31), today)
    # The center as it stood at the end of that year (issue 12: Cẩm Phả's until 30 June 2025, the province's
    # after): its government's figures; a year across the change counts each dossier once, by its receipt.
    center = default_center(date_to) or center
    city = government_of(center)
    body = stats.figures(city, date_from, date_to, group_by="unit")
    kinds = _unit_kinds(body["groups"])
    shown = (UnitKind.ADMIN_CENTER, UnitKind.ONE_STOP_DESK, *desk.LOCAL_KINDS)
    rows = [_public_row(g) for g in body["groups"] if getattr(kinds.get(g["key"]), "kind", None) in shown]
    rows.sort(key=lambda r: r["key"] != center.code)  # the center first, then the wards in the tree's order
    return {"city": city, "total": _public_row({**body, "key": city.code, "name": city.name}), "rows": rows,
            "evaluation": evaluation_results(city, date_from, date_to, by_unit=True),
            "date_from": date_from, "date_to": date_to, "today": today, "year": year,
            "years": sorted(set(years) | {today.year}, reverse=True)}


def _public_row(g: dict) -> dict:
    return {
        "key": g["key"], "name": g.get("name") or g["key"],
        "received": value(g, "received.total"), "resolved": value(g, "resolved.total"),
        "on_time": (value(g, "resolved.early") or 0) + (value(g, "resolved.on_time") or 0),
        "late": value(g, "resolved.late"), "on_time_rate": g.get("on_time_rate"), "online_rate": g.get("online_rate"),
        "satisfaction_rate": (g.get("satisfaction") or {}).get("rate"),
    }


def _center_code() -> str:
    from django.conf import settings

    return settings.DEFAULT_CENTER_UNIT


@require_GET
@cache_control(public=True, max_age=PUBLIC_CACHE_SECONDS)
@vary_on_cookie  # the language is chosen by a cookie: a shared cache keeps one copy per language
def public_figures(request):
    today = _today()
    asked = request.GET.get("nam", "")[:4]
    context = cache.get_or_set(  # per language: the context holds translated labels
        f"stats:public:{_center_code()}:{today.isoformat()}:{asked}:{translation.get_language()}",
        lambda: public_figures_context(today, asked),
        PUBLIC_CACHE_SECONDS,
    )
    return render(request, "stats/public.html", context)
