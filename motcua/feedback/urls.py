"""URLs of feedback: the public pages under /phan-anh/ and the officers' under /can-bo/phan-anh/."""
from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("phan-anh/", views.public_list, name="public_list"),
    path("phan-anh/gui/", views.submit, name="submit"),
    path("phan-anh/theo-doi/", views.track_lookup, name="track_lookup"),
    path("phan-anh/theo-doi/<str:code>/", views.track, name="track"),
    path("phan-anh/<int:pk>/", views.public_detail, name="public_detail"),
    path("can-bo/phan-anh/", views.officer_list, name="officer_list"),
    path("can-bo/phan-anh/<str:code>/", views.officer_detail, name="officer_detail"),
]
