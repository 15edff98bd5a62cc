"""URLs of online payment: /thanh-toan/ (the merchant side) and /cong-thanh-toan-thu/ (the sandbox gateway)."""
from django.urls import path

from . import sandbox, views

app_name = "payments"

urlpatterns = [
    path("thanh-toan/ho-so/<int:pk>/", views.start, name="start"),
    path("thanh-toan/ipn/", views.ipn, name="ipn"),
    path("thanh-toan/ket-qua/", views.payment_return, name="return"),
    path("thanh-toan/bien-lai/<str:order_ref>/", views.receipt, name="receipt"),
    path("cong-thanh-toan-thu/thanh-toan/", sandbox.pay_page, name="sandbox_pay"),
    path("cong-thanh-toan-thu/xac-nhan/", sandbox.decide, name="sandbox_decide"),
    path("cong-thanh-toan-thu/api/giao-dich/", sandbox.api, name="sandbox_api"),
]
