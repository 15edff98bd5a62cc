"""URLs of the leaders' desk, under /can-bo/thong-ke/."""
from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ho-so/", views.dossiers, name="dossiers"),
    path("lien-thong/", views.late_holdings, name="late_holdings"),
    path("bao-cao/", views.reports, name="reports"),
    path("bao-cao/<int:pk>/", views.report_job, name="report_job"),
    path("bao-cao/<int:pk>/tai-ve/", views.report_download, name="report_download"),
]
