"""URLs of the citizens' web, under /ca-nhan/."""
from django.urls import path

from . import citizen

app_name = "citizen"

urlpatterns = [
    path("", citizen.my_dossiers, name="dossiers"),
    path("nop/<str:code>/", citizen.submit_online, name="submit"),
    path("ho-so/<int:pk>/", citizen.my_dossier, name="dossier"),
    path("ho-so/<int:pk>/thao-tac/", citizen.my_dossier_action, name="dossier_action"),
    path("ho-so/<int:pk>/ket-qua/<int:file_pk>/", citizen.result_download, name="result_file"),
    path("ho-so/<int:pk>/giay-tiep-nhan/", citizen.receipt_download, name="receipt"),
]
