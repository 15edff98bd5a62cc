"""The public lookup pages (/tra-cuu/), mounted before the portal."""
from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.lookup_page, name="lookup"),
    path("<str:code>/", views.lookup_result, name="lookup_result"),
]
