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

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_officer(self) -> bool:
        return self.role not in (Role.CITIZEN,) and self.unit_id is not None
