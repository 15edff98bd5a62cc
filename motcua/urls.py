"""Root URLs: the public portal, the officers' admin, the REST API."""
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from motcua.api.problems import problem_response
from motcua.common.views import healthz, readyz

admin.site.site_header = gettext_lazy("Một Cửa — Quản trị")
admin.site.site_title = gettext_lazy("Một Cửa")
# With a context: "Quản trị hệ thống" alone is also the role (System administrator).
admin.site.index_title = pgettext_lazy("admin index title", "Quản trị hệ thống")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/v1/", include("motcua.api.urls")),
    path("open311/v2/", include("motcua.open311.urls")),  # Open311 GeoReport v2, read only (ADR 0041)
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("can-bo/thong-ke/", include("motcua.stats.urls")),
    path("", include("motcua.frontdesk.urls")),  # kiosk, hall display, /can-bo/quay/
    path("", include("motcua.evaluation.urls")),  # tablet, kiosk and link evaluation (Circular 01/2018 Art. 13)
    path("", include("motcua.feedback.urls")),  # /phan-anh/, /can-bo/phan-anh/
    path("can-bo/", include("motcua.desk.urls")),
    path("ca-nhan/", include("motcua.citizen.urls")),
    path("", include("motcua.payments.urls")),  # /thanh-toan/, sandbox /cong-thanh-toan-thu/ (ADR 0042)
    path("", include("motcua.accounts.urls")),
    path("tra-cuu/", include("motcua.lookup.urls")),
    path("thong-ke/", include("motcua.stats.public_urls")),
    path("tin-tuc/", include("motcua.news.urls")),
    path("", include("motcua.esign.urls")),  # /xac-thuc-ket-qua/: signed electronic results (ADR 0043)
    path("", include("motcua.portal.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)


def handler404(request, exception=None):
    if request.path.startswith("/api/"):
        return problem_response(request, 404, _("Không tìm thấy địa chỉ yêu cầu."))
    from motcua.portal.views import not_found

    return not_found(request, exception)


def handler400(request, exception=None):
    """Django's own refusals (too many fields, a malformed upload): problem+json under /api/."""
    if request.path.startswith("/api/"):
        return problem_response(request, 400, _("Yêu cầu không hợp lệ."))
    from django.views.defaults import bad_request

    return bad_request(request, exception)


def handler500(request):
    import sys

    from motcua.common.middleware import database_unavailable, unavailable_response

    if database_unavailable(sys.exc_info()[1]):
        import logging

        logging.getLogger("motcua.availability").error("database unavailable", exc_info=True)
        return unavailable_response(request)
    if request.path.startswith("/api/"):
        return problem_response(request, 500, _("Lỗi hệ thống; vui lòng thử lại sau."))
    from django.views.defaults import server_error

    return server_error(request)
