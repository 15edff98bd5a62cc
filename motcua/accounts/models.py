"""People who use Một Cửa: officers with a role in a unit, citizens, administrators."""
from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    CENTER_DIRECTOR = "center_director", "Giám đốc Trung tâm"
    COUNTER_OFFICER = "counter_officer", "Cán bộ tiếp nhận"
    SPECIALIST = "specialist", "Chuyên viên xử lý"
    DEPARTMENT_HEAD = "department_head", "Lãnh đạo phòng"
    LEADER = "leader", "Lãnh đạo UBND"
    CITIZEN = "citizen", "Công dân / doanh nghiệp"


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    role = models.CharField("vai trò", max_length=32, choices=Role.choices, default=Role.CITIZEN)
    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    is_demo = models.BooleanField("tài khoản demo", default=False, help_text="Chỉ tồn tại ở chế độ demo.")

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_officer(self) -> bool:
        return self.role not in (Role.CITIZEN,) and self.unit_id is not None
