"""The public figures page of the portal, /thong-ke/."""
from django.urls import path

from . import views

app_name = "public_stats"

urlpatterns = [path("", views.public_figures, name="figures")]
