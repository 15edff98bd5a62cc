"""URLs of the queue: the kiosk and the hall display (public), the officer's counter panel."""
from django.urls import path

from . import views

app_name = "frontdesk"

urlpatterns = [
    path("kiosk/<str:unit>/", views.kiosk, name="kiosk"),
    path("kiosk/ve/<uuid:token>/in/", views.slip, name="slip"),
    path("hang-doi/ve/<uuid:token>/", views.ticket_status, name="ticket"),
    path("man-hinh/<str:unit>/", views.display, name="display"),
    path("man-hinh/<str:unit>/trang-thai.json", views.display_state, name="display_state"),
    path("can-bo/quay/", views.counter_panel, name="counter"),
]
