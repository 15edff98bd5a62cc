"""Web pages of the queue: the kiosk (public) and its printed slip, a ticket's own page (the slip's QR
code), the hall display with its JSON feed, and the officer's counter panel under /can-bo/quay/.
Views parse, call the services and selectors, and render; domain errors become Vietnamese messages."""
from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from motcua.accounts.decorators import officer_required
from motcua.common.errors import DomainError

from . import selectors, services
from .models import Ticket


def _reception_point_or_404(code: str):
    try:
        return services.reception_point(code)
    except DomainError as exc:
        raise Http404(exc.detail) from exc


def qr_svg(text: str) -> str:
    from motcua.forms.marks import qr_svg as svg

    return svg(text, box_size=6).decode()


# -- kiosk (public) ------------------------------------------------------------------------------------
def kiosk(request, unit):
    point = _reception_point_or_404(unit)
    error = None
    if request.method == "POST":
        try:
            ticket = services.issue_ticket(point.code, request.POST.get("service_group") or None)
        except DomainError as exc:
            error = exc.detail
        else:
            return redirect("frontdesk:slip", token=ticket.token)
    groups = list(selectors.groups_of(point))
    context = {"unit": point, "groups": groups, "error": error}
    return render(request, "frontdesk/kiosk.html", context, status=400 if error else 200)


def _ticket(token) -> Ticket:
    return get_object_or_404(Ticket.objects.select_related("unit", "group", "counter"), token=token)


@require_GET
def slip(request, token):
    """The 80 mm slip the kiosk prints (print CSS: @page 80mm auto), with a QR code to the ticket's page."""
    ticket = _ticket(token)
    url = settings.MOTCUA_PUBLIC_URL + reverse("frontdesk:ticket", args=[ticket.token])
    context = {"ticket": ticket, "ahead": selectors.waiting_ahead(ticket), "qr": qr_svg(url), "url": url, "unit": ticket.unit}
    return render(request, "frontdesk/slip.html", context)


@require_GET
def ticket_status(request, token):
    """What the QR code of the slip opens: the ticket's state and how many wait before it."""
    ticket = _ticket(token)
    return render(request, "frontdesk/ticket.html", {"ticket": ticket, "ahead": selectors.waiting_ahead(ticket)})


# -- hall display (public) -----------------------------------------------------------------------------
@require_GET
def display(request, unit):
    point = _reception_point_or_404(unit)
    return render(request, "frontdesk/display.html", {"unit": point, "state": selectors.display_state(point)})


@require_GET
def display_state(request, unit):
    """The display's feed, polled every few seconds: a small JSON body, 304 when nothing changed."""
    point = _reception_point_or_404(unit)
    body = json.dumps(selectors.display_state(point), ensure_ascii=False, separators=(",", ":")).encode()
    etag = f"\"{hashlib.blake2b(body, digest_size=12).hexdigest()}\""
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


# -- the officer's counter panel -----------------------------------------------------------------------
ACTIONS = {
    "open": (services.open_counter, gettext_lazy("Đã mở quầy {counter}.")),
    "close": (services.close_counter, gettext_lazy("Đã đóng quầy {counter}.")),
    "call": (services.call_next, gettext_lazy("Đã gọi số {ticket} đến quầy {counter}.")),
    "recall": (services.recall, gettext_lazy("Đã gọi lại số {ticket}.")),
    "skip": (services.skip, gettext_lazy("Đã bỏ qua số {ticket} (vắng mặt).")),
    "serve": (services.serve, gettext_lazy("Đã hoàn thành phục vụ số {ticket}.")),
}


@officer_required
def counter_panel(request):
    unit = request.user.unit
    if unit is None:
        raise Http404(_("Tài khoản chưa thuộc đơn vị nào."))
    counters = list(selectors.counters_of(unit))
    if request.method == "POST":
        action = request.POST.get("action", "")
        counter_id = request.POST.get("counter", "")
        if action not in ACTIONS:
            messages.error(request, _("Thao tác không hợp lệ."))
        else:
            do, text = ACTIONS[action]
            try:
                result = do(request.user, counter_id)
            except DomainError as exc:
                messages.error(request, exc.detail)
            else:
                if action == "call" and result is None:
                    messages.info(request, _("Không còn ai đang chờ."))
                else:
                    place = result.counter if isinstance(result, Ticket) else result
                    messages.success(request, text.format(ticket=getattr(result, "label", ""), counter=place.number))
        return redirect(reverse("frontdesk:counter") + (f"?quay={counter_id}" if str(counter_id).isdigit() else ""))
    chosen = request.GET.get("quay", "")
    mine = next((c for c in counters if str(c.pk) == chosen), None) or next(
        (c for c in counters if c.officer_id == request.user.pk), None
    )
    context = {
        "counters": counters,
        "counter": mine,
        "panel": selectors.counter_panel(mine) if mine else None,
        "state": selectors.display_state(unit),
        "section": "counter",
    }
    return render(request, "frontdesk/counter.html", context)

