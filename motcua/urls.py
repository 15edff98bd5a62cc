"""Root URLs: the public portal, the officers' admin, the REST API."""
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from motcua.api.problems import problem_response

admin.site.site_header = "Một Cửa — Quản trị"
admin.site.site_title = "Một Cửa"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("api/v1/", include("motcua.api.urls")),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("can-bo/thong-ke/", include("motcua.stats.urls")),
    path("can-bo/", include("motcua.dossiers.officer_urls")),
    path("ca-nhan/", include("motcua.dossiers.citizen_urls")),
    path("", include("motcua.accounts.urls")),
    path("tra-cuu/", include("motcua.dossiers.public_urls")),
    path("thong-ke/", include("motcua.stats.public_urls")),
    path("", include("motcua.portal.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)


def handler404(request, exception=None):
    if request.path.startswith("/api/"):
        return problem_response(request, 404, "Không tìm thấy địa chỉ yêu cầu.")
    from motcua.portal.views import not_found

    return not_found(request, exception)


def handler500(request):
    if request.path.startswith("/api/"):
        return problem_response(request, 500, "Lỗi hệ thống; vui lòng thử lại sau.")
    from django.views.defaults import server_error

    return server_error(request)
