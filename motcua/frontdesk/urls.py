"""URLs of the queue: the kiosk and the hall display (public), the officer's counter panel, and the
leaders' monitoring wall (wall_views)."""
from django.urls import path

from . import views, wall_views

app_name = "frontdesk"

urlpatterns = [
    path("kiosk/<str:unit>/", views.kiosk, name="kiosk"),
    path("kiosk/ve/<uuid:token>/in/", views.slip, name="slip"),
    path("hang-doi/ve/<uuid:token>/", views.ticket_status, name="ticket"),
    path("man-hinh/<str:unit>/", views.display, name="display"),
    path("man-hinh/<str:unit>/trang-thai.json", views.display_state, name="display_state"),
    path("can-bo/quay/", views.counter_panel, name="counter"),
    path("can-bo/man-hinh-giam-sat/", wall_views.wall_page, name="wall"),
    path("can-bo/man-hinh-giam-sat/o/", wall_views.wall_tiles, name="wall_tiles"),
    path("can-bo/man-hinh-giam-sat/<str:code>/", wall_views.wall_desk, name="wall_desk"),
    path("can-bo/man-hinh-giam-sat/<str:code>/anh/", wall_views.wall_snapshot, name="wall_snapshot"),
    path("trinh-dien/camera/<str:code>.png", wall_views.demo_camera, name="demo_camera"),
]
