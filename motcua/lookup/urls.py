"""The public lookup pages (/tra-cuu/), mounted before the portal."""
from django.urls import path

from . import public

app_name = "public"

urlpatterns = [
    path("", public.lookup_page, name="lookup"),
    path("<str:code>/", public.lookup_result, name="lookup_result"),
]
