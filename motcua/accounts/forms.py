"""Forms of citizens' own accounts: registration, the verification code, password reset by phone, the profile.
Shape only; the rules are in services.py and verification.py."""
from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from motcua.accounts.services import contact_taken, normalize_phone

PHONE = r"^\+?[0-9 .]{9,20}$"
CCCD = r"^[0-9]{12}$"


def _code_field(label) -> forms.RegexField:
    """A 6-digit verification code (spaces around it forgiven)."""
    return forms.RegexField(
        label=label, regex=r"^\s*[0-9]{6}\s*$", max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"invalid": _("Mã xác minh gồm 6 chữ số."), "required": _("Cần nhập mã xác minh.")},
    )


def _check_new_password(form: forms.Form, data: dict) -> None:
    """The two new-password fields match and the password passes the validators (errors on the fields)."""
    p1, p2 = data.get("password1"), data.get("password2")
    if p1 and p2 and p1 != p2:
        form.add_error("password2", _("Hai mật khẩu không khớp."))
    elif p1:
        try:
            password_validation.validate_password(p1)
        except forms.ValidationError as exc:
            form.add_error("password1", exc)


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    email = forms.EmailField(label=_("Thư điện tử"), required=False,
                             error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")})
    phone = forms.RegexField(label=_("Số điện thoại di động"), regex=PHONE, required=False, max_length=20,
                             error_messages={"invalid": _("Số điện thoại không hợp lệ.")})
    identity_number = forms.RegexField(
        label=_("Số định danh cá nhân (CCCD, 12 chữ số)"), regex=CCCD, max_length=12,
        error_messages={"invalid": _("Số định danh cá nhân gồm đúng 12 chữ số."),
                        "required": _("Cần số định danh cá nhân.")},
    )
    password1 = forms.CharField(label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].error_messages["required"] = _("Cần họ và tên.")
        self.fields["password1"].error_messages["required"] = _("Cần mật khẩu.")
        self.fields["password2"].error_messages["required"] = _("Cần nhập lại mật khẩu.")

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean(self):
        data = super().clean()
        email, phone = data.get("email"), data.get("phone")
        if not email and not phone and "email" not in self.errors and "phone" not in self.errors:
            raise forms.ValidationError(_("Cần ít nhất một trong hai: thư điện tử hoặc số điện thoại di động."))
        if contact_taken(email=email or "", phone=phone or ""):
            raise forms.ValidationError(_("Thư điện tử hoặc số điện thoại này đã có tài khoản; hãy đăng nhập hoặc dùng “Quên mật khẩu”."))
        _check_new_password(self, data)
        return data


class CodeForm(forms.Form):
    """One code per channel the registration (or reset) was sent to."""

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = {"email": _("Mã xác minh gửi đến thư điện tử"), "sms": _("Mã xác minh gửi đến số điện thoại")}
        for channel in channels:
            self.fields[channel] = _code_field(labels[channel])


class PhoneResetForm(forms.Form):
    phone = forms.RegexField(label=_("Số điện thoại di động đã xác minh"), regex=PHONE, max_length=20,
                             error_messages={"invalid": _("Số điện thoại không hợp lệ."),
                                             "required": _("Cần số điện thoại.")})


class PhoneResetConfirmForm(forms.Form):
    code = _code_field(_("Mã xác minh gửi đến số điện thoại"))
    password1 = forms.CharField(label=_("Mật khẩu mới"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Nhập lại mật khẩu mới"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        _check_new_password(self, data)
        return data


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    email = forms.EmailField(label=_("Thư điện tử"), required=False,
                             error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")})
    phone = forms.RegexField(label=_("Số điện thoại di động"), regex=PHONE, required=False, max_length=20,
                             error_messages={"invalid": _("Số điện thoại không hợp lệ.")})
    address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    date_of_birth = forms.DateField(label=_("Ngày sinh"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                    error_messages={"invalid": _("Ngày sinh không hợp lệ (ngày/tháng/năm).")})
    identity_number = forms.RegexField(
        label=_("Số định danh cá nhân (CCCD, 12 chữ số)"), regex=CCCD, max_length=12, required=False,
        error_messages={"invalid": _("Số định danh cá nhân gồm đúng 12 chữ số.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["full_name"].error_messages["required"] = _("Cần họ và tên.")
        if user is not None and user.identity_verified:
            self.fields["identity_number"].disabled = True
            self.fields["identity_number"].help_text = _("Đã xác thực qua tài khoản định danh điện tử; không sửa được ở đây.")

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        data = super().clean()
        email, phone = (data.get("email") or "").lower(), data.get("phone") or ""
        if self.user is not None and contact_taken(
            email=email if email != self.user.email else "", phone=phone if phone != self.user.phone else "",
            exclude=self.user,
        ):
            raise forms.ValidationError(_("Thư điện tử hoặc số điện thoại này đã thuộc một tài khoản khác."))
        return data
