"""The public check of electronic results (the QR code of their stamp) and their download."""
from django.urls import path

from . import views

app_name = "esign"

urlpatterns = [
    path("xac-thuc-ket-qua/", views.check, name="check"),
    path("xac-thuc-ket-qua/<str:token>/", views.verify, name="verify"),
    path("ket-qua-dien-tu/<int:pk>/", views.download, name="download"),
]
