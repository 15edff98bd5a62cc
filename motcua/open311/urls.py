"""/open311/v2/: Open311 GeoReport v2, read only (docs/decisions/0041)."""
from django.urls import re_path

from . import views

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)"

urlpatterns = [
    re_path(rf"^services{FMT}$", views.services, name="services"),
    re_path(rf"^services/(?P<code>[^/]+?){FMT}$", views.service_definition, name="service"),
    re_path(rf"^requests{FMT}$", views.service_requests, name="requests"),
    re_path(rf"^requests/(?P<code>[^/]+?){FMT}$", views.service_request, name="request"),
    re_path(r"^(?P<rest>.*?)(?:\.(?P<fmt>json|xml))?$", views.not_found, name="not-found"),
]
