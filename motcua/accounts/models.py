"""People who use Một Cửa: officers with a role in a unit, citizens, administrators."""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    CENTER_DIRECTOR = "center_director", _("Giám đốc Trung tâm")
    COUNTER_OFFICER = "counter_officer", _("Cán bộ tiếp nhận")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    DEPARTMENT_HEAD = "department_head", _("Lãnh đạo phòng")
    LEADER = "leader", _("Lãnh đạo UBND")
    CITIZEN = "citizen", _("Công dân / doanh nghiệp")


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices, default=Role.CITIZEN)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    is_demo = models.BooleanField(_("tài khoản demo"), default=False, help_text=_("Chỉ tồn tại ở chế độ demo."))
    # A citizen's profile (decision 0044): what the online submission form is pre-filled with.
    identity_number = models.CharField(_("số định danh cá nhân (CCCD)"), max_length=12, blank=True, db_index=True)
    identity_verified = models.BooleanField(
        _("số định danh đã xác thực"), default=False,
        help_text=_("Số định danh do nhà cung cấp định danh điện tử (VNeID) xác nhận, không phải do người dùng tự khai."),
    )
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    email_verified = models.BooleanField(_("thư điện tử đã xác minh"), default=False)
    phone_verified = models.BooleanField(_("số điện thoại đã xác minh"), default=False)
    registration_pending = models.BooleanField(_("đang chờ xác minh đăng ký"), default=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_officer(self) -> bool:
        return self.role not in (Role.CITIZEN,) and self.unit_id is not None


class CodePurpose(models.TextChoices):
    REGISTER = "register", _("Xác minh đăng ký")
    RESET = "reset", _("Đặt lại mật khẩu")


class CodeChannel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")


class VerificationCode(models.Model):
    """A 6-digit code sent to an e-mail address or a phone: kept only as a keyed hash, valid for a few
    minutes and for a few attempts (accounts/verification.py)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="verification_codes")
    purpose = models.CharField(max_length=16, choices=CodePurpose.choices)
    channel = models.CharField(max_length=8, choices=CodeChannel.choices)
    destination = models.CharField(max_length=254)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác minh")
        verbose_name_plural = _("mã xác minh")
        indexes = [models.Index(fields=["user", "purpose", "channel", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.get_channel_display()}"


class ExternalIdentity(models.Model):
    """An account's identity at an OpenID Connect provider (the national e-identity, VNeID): the provider's
    issuer and its subject (`sub`) identify the person; a sign-in through the provider finds the account here."""

    provider = models.CharField(_("nhà cung cấp định danh"), max_length=255)
    subject = models.CharField(_("mã định danh tại nhà cung cấp"), max_length=255)
    user = models.ForeignKey(User, verbose_name=_("người dùng"), on_delete=models.CASCADE,
                             related_name="external_identities")
    created_at = models.DateTimeField(_("ngày liên kết"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("lần đăng nhập gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("định danh liên kết")
        verbose_name_plural = _("định danh liên kết")
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="external_identity_unique")]

    def __str__(self) -> str:
        return f"{self.provider} {self.subject}"
