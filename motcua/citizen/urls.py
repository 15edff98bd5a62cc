"""URLs of the citizens' web, under /ca-nhan/."""
from django.urls import path

from . import views

app_name = "citizen"

urlpatterns = [
    path("", views.my_dossiers, name="dossiers"),
    path("tai-khoan/", views.profile, name="profile"),
    path("nop/<str:code>/", views.submit_online, name="submit"),
    path("ho-so/<int:pk>/", views.my_dossier, name="dossier"),
    path("ho-so/<int:pk>/thao-tac/", views.my_dossier_action, name="dossier_action"),
    path("ho-so/<int:pk>/ket-qua/<int:file_pk>/", views.result_download, name="result_file"),
    path("ho-so/<int:pk>/giay-tiep-nhan/", views.receipt_download, name="receipt"),
]
