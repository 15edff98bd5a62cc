from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm as BaseAdminPasswordChangeForm
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.audit.admin import AuditedAdminMixin
from motcua.audit.services import PASSWORD_CHANGED, record_change

from . import services
from .models import ExternalIdentity, User


class ExternalIdentityInline(admin.TabularInline):
    """The identities at an OIDC provider that sign in as this account (decision 0044): shown, removable
    (the person then signs in with the provider as a new account), never typed in."""

    model = ExternalIdentity
    extra = 0
    fields = ("provider", "subject", "created_at", "last_login_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _usable_password_in_words(form, help_text):
    """Django's "password-based authentication" switch has no Vietnamese in Django's catalogue: ours."""
    field = form.fields.get("usable_password")
    if field is not None:
        field.label = _("Đăng nhập bằng mật khẩu")
        field.help_text = help_text
        field.choices = [("true", _("Cho phép")), ("false", _("Không cho phép"))]


class UserCreationForm(AdminUserCreationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _usable_password_in_words(self, _(
            "Người dùng có được đăng nhập bằng mật khẩu hay không. Nếu không, người dùng vẫn có thể đăng nhập "
            "bằng cách khác (ví dụ đăng nhập một lần, LDAP)."
        ))


class AdminPasswordChangeForm(BaseAdminPasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _usable_password_in_words(self, _(
            "Người dùng có được đăng nhập bằng mật khẩu hay không. Nếu không, người dùng vẫn có thể đăng nhập "
            "bằng cách khác (ví dụ đăng nhập một lần, LDAP). Nếu tắt, mật khẩu hiện có của người dùng bị xóa."
        ))


class UserChangeForm(BaseUserChangeForm):
    """Django's words on the password and the superuser's flag have no Vietnamese (or half English) in
    Django's catalogue: ours."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password is not None:
            password.help_text = (
                _("Mật khẩu không được lưu ở dạng đọc được, nên không ai xem được mật khẩu của người dùng.")
                if self.instance.has_usable_password()
                else _("Đặt mật khẩu để người dùng này đăng nhập được bằng mật khẩu.")
            )
        if "is_superuser" in self.fields:
            self.fields["is_superuser"].label = _("Quản trị viên toàn quyền")


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ("username", "full_name", "role", "unit", "is_active", "is_demo")
    list_filter = ("role", "is_active", "is_demo", "unit__kind")
    search_fields = ("username", "full_name", "email")
    autocomplete_fields = ("unit",)
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Một Cửa"), {"fields": ("full_name", "role", "unit", "phone", "is_demo")}),
        (_("Công dân"), {"fields": ("identity_number", "identity_verified", "address", "date_of_birth",
                                   "email_verified", "phone_verified", "registration_pending")}),
    )
    # Only the identity provider verifies an identity number: it reveals the dossiers under it (decision 0044).
    readonly_fields = ("identity_verified",)
    inlines = [ExternalIdentityInline]
    actions = ["reset_two_factor"]

    def get_inlines(self, request, obj):
        # A new account has no identity to show (and the add form then needs no inline formset).
        return self.inlines if obj is not None else []

    def user_change_password(self, request, id, form_url=""):
        # The password form saves outside save_model: journalled here, in one transaction with the change,
        # as the words "đổi mật khẩu" (never the hash).
        with transaction.atomic():
            before = User.objects.filter(pk=id).values_list("password", flat=True).first()
            response = super().user_change_password(request, id, form_url)
            user = User.objects.filter(pk=id).first()
            if user is not None and user.password != before:
                record_change(user, action="password", actor=request.user, changes={"password": PASSWORD_CHANGED},
                              note="trang quản trị")
        return response

    @admin.action(description=_("Đặt lại xác thực hai lớp (mất điện thoại)"), permissions=["change"])
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            services.reset_two_factor(user, actor=request.user)
        self.message_user(
            request, _("Đã đặt lại xác thực hai lớp; lần đăng nhập sau sẽ đăng ký lại."), messages.SUCCESS
        )
