"""Sign-in and sign-out at /dang-nhap/ and /dang-xuat/ (settings.LOGIN_URL); citizens' registration, password
reset and sign-in through the identity provider (decision 0044)."""
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/xac-thuc/", views.two_factor, name="two_factor"),
    path("dang-ky/", views.register, name="register"),
    path("dang-ky/xac-minh/", views.register_verify, name="register_verify"),
    path("dang-nhap/dinh-danh/", views.oidc_start, name="oidc_start"),
    path("dang-nhap/dinh-danh/ve/", views.oidc_callback, name="oidc_callback"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("quen-mat-khau/so-dien-thoai/", views.reset_by_phone, name="reset_phone"),
    path("quen-mat-khau/so-dien-thoai/xac-minh/", views.reset_by_phone_confirm, name="reset_phone_confirm"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("dat-lai-mat-khau/xong/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
