"""Sign-in and sign-out at /dang-nhap/ and /dang-xuat/ (settings.LOGIN_URL)."""
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/xac-thuc/", views.two_factor, name="two_factor"),
]
