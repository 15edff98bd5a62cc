"""The leaders' monitoring wall under /can-bo/man-hinh-giam-sat/ (issue 13 item 4, decision 0032): the
wall page, the ONE fragment its tiles poll for every figure, a desk's detail, the camera snapshots the
server relays (cameras' addresses and passwords stay on the server), and the demo's own camera images."""
from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from motcua.accounts.decorators import role_required

from . import cameras, selectors, wall
from .models import Camera

wall_required = role_required(
    lambda user: wall.wall_root(user) is not None,
    gettext_lazy("Màn hình giám sát dành cho lãnh đạo: Giám đốc Trung tâm và lãnh đạo UBND."),
    gettext_lazy("Cán bộ theo dõi hàng đợi tại trang Gọi số tại quầy."),
)


def _context(request, now=None) -> dict:
    root = wall.wall_root(request.user)
    now = now or timezone.now()
    desks = wall.wall_desks(root, now)
    rows = wall.tiles(root, desks, now)
    return {
        "root": root, "tiles": rows, "totals": wall.totals(rows), "now": now, "section": "wall",
        "figures_every": wall.FIGURES_EVERY, "down_message": cameras.DOWN_MESSAGE,
    }


@require_GET
@wall_required
def wall_page(request):
    return render(request, "frontdesk/wall.html", _context(request))


def _signed_out_poll(view):
    """A wall left open after its session ended: the poll takes the whole page to the sign-in page
    (HX-Redirect) instead of swapping the sign-in form into the grid."""
    def wrapped(request, *args, **kwargs):
        if request.headers.get("HX-Request") and not request.user.is_authenticated:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = f"{settings.LOGIN_URL}?next={reverse('frontdesk:wall')}"
            return response
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@_signed_out_poll
@wall_required
def wall_tiles(request):
    """Every tile's figures and camera state in one response: what the wall polls every FIGURES_EVERY s."""
    response = render(request, "frontdesk/_wall_tiles.html", _context(request))
    response["Cache-Control"] = "no-store"
    return response


def _desk_or_404(request, code):
    desk = wall.desk_of(wall.wall_root(request.user), code)
    if desk is None:
        raise Http404(_("Không có điểm tiếp nhận này trong phạm vi theo dõi của bạn."))
    return desk


@require_GET
@wall_required
def wall_desk(request, code):
    """One desk opened: its live picture (the relay's stream, or a snapshot every LIVE_EVERY s), its
    counters with the number each called last, the queue per service group, and its open dossiers."""
    desk = _desk_or_404(request, code)
    root = wall.wall_root(request.user)
    now = timezone.now()
    tile = wall.tiles(root, [desk], now)[0]
    context = {
        "root": root, "desk": desk, "tile": tile, "now": now, "section": "wall",
        "state": selectors.display_state(desk, now), "dossiers": wall.open_dossiers(desk),
        "live_every": wall.LIVE_EVERY, "down_message": cameras.DOWN_MESSAGE,
    }
    return render(request, "frontdesk/wall_desk.html", context)


@require_GET
@wall_required
def wall_snapshot(request, code):
    """The desk's camera image as the server last fetched it (at most SNAPSHOT_TTL s old, or LIVE_EVERY s
    with ?live=1); 503 with a Vietnamese line when the camera cannot be reached."""
    desk = _desk_or_404(request, code)
    camera = Camera.objects.filter(unit=desk, is_active=True).first()
    if camera is None:
        raise Http404(_("Điểm tiếp nhận này chưa có camera."))
    live = request.GET.get("live") == "1"
    snap = cameras.fetch(camera, max_age=wall.LIVE_EVERY if live else cameras.SNAPSHOT_TTL)
    if not snap.ok:
        response = HttpResponse(snap.error, status=503, content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response
    response = HttpResponse(snap.body, content_type=snap.content_type)
    # The wall asks for a new address once per SNAPSHOT_EVERY; the same address is served from the cache.
    response["Cache-Control"] = f"private, max-age={wall.LIVE_EVERY if live else wall.SNAPSHOT_EVERY}"
    return response


@require_GET
def demo_camera(request, code):
    """A camera image the app draws (demo only, so that the demo wall works offline)."""
    if not settings.DEMO_MODE:
        raise Http404(_("Chỉ có ở bản trình diễn."))
    body = cameras.demo_png(code, int(timezone.now().timestamp()))
    response = HttpResponse(body, content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response
