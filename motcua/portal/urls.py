from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("thu-tuc/", views.catalog, name="catalog"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("thu-tuc/<str:code>/in/", views.procedure_print, name="procedure_print"),
    path("thu-tuc/<str:code>/tinh-phi/", views.fee_calculator, name="fee_calculator"),
]
