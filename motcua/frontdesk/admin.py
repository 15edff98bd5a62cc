"""The admin of the reception points' cameras (monitoring wall, decision 0032). The camera's password is
written, never shown back: left empty on a change, the recorded one stays."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy

from motcua.audit.admin import AuditedAdminMixin

from .models import Camera


class CameraForm(forms.ModelForm):
    snapshot_url = forms.URLField(
        label=Camera._meta.get_field("snapshot_url").verbose_name, required=False, max_length=500,
        assume_scheme="http", help_text=Camera._meta.get_field("snapshot_url").help_text,
    )
    password = forms.CharField(
        label=gettext_lazy("Mật khẩu camera"), required=False, strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Chỉ lưu trên máy chủ, không bao giờ gửi tới trình duyệt. Để trống để giữ mật khẩu đã ghi."),
    )
    clear_password = forms.BooleanField(label=gettext_lazy("Xóa mật khẩu đã ghi"), required=False)

    class Meta:
        model = Camera
        fields = ["unit", "name", "snapshot_url", "stream_url", "username", "password", "is_active"]

    def clean_password(self):
        typed = self.cleaned_data.get("password") or ""
        if not typed and self.instance.pk:
            return Camera.objects.filter(pk=self.instance.pk).values_list("password", flat=True).first() or ""
        return typed

    def clean(self):
        data = super().clean()
        if data.get("clear_password"):
            data["password"] = ""
        return data


@admin.register(Camera)
class CameraAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = CameraForm
    list_display = ["unit", "name", "has_stream", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["unit__code", "unit__name", "name"]
    autocomplete_fields = ["unit"]
    fields = ["unit", "name", "snapshot_url", "stream_url", "username", "password", "clear_password", "is_active"]

    @admin.display(boolean=True, description=gettext_lazy("có luồng trực tiếp"))
    def has_stream(self, obj: Camera) -> bool:
        return bool(obj.stream_url)
