"""URLs of the officers' web, under /can-bo/."""
from django.urls import path

from . import views

app_name = "officer"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("ho-so/<str:code>/", views.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/thao-tac/", views.dossier_action, name="dossier_action"),
    path("ho-so/<str:code>/tep/<int:pk>/", views.attachment_download, name="attachment"),
    path("ho-so/<str:code>/in/<str:kind>/", views.print_form, name="print_form"),
    path("so-theo-doi/", views.tracking_book, name="tracking_book"),
    path("tiep-nhan/", views.intake_search, name="intake"),
    path("tiep-nhan/<str:code>/", views.intake_form, name="intake_form"),
    path("tiep-nhan/<str:code>/han/", views.intake_preview, name="intake_preview"),
    path("phieu-tai-quay/<int:pk>/", views.intake_slip, name="intake_slip"),
    path("phieu-tai-quay/<int:pk>/in/", views.intake_slip_pdf, name="intake_slip_pdf"),
]
