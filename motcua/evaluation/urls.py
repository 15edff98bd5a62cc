"""URLs of the evaluation: the tablet, the kiosk and the signed link (public), the desk's tablet button."""
from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("can-bo/danh-gia/<str:ref>/may-tinh-bang/", views.open_tablet, name="open_tablet"),
    path("danh-gia/may-tinh-bang/<str:token>/", views.tablet, name="tablet"),
    path("danh-gia/lien-ket/<str:token>/", views.link, name="link"),
    path("kiosk/<str:unit>/danh-gia/", views.kiosk, name="kiosk"),
]
