"""The unit tree (province → city → ward, or province → commune): data, never code (domain.md §1)."""
import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Product rule (domain.md §3): 07:30–11:30 and 13:00–17:00 unless a unit or an ancestor says otherwise.
DEFAULT_WORKING_HOURS = [["07:30", "11:30"], ["13:00", "17:00"]]


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CITY = "city", _("Thành phố / huyện")
    WARD = "ward", _("Phường")
    COMMUNE = "commune", _("Xã")
    ADMIN_CENTER = "admin_center", _("Trung tâm Hành chính công")
    ONE_STOP_DESK = "one_stop_desk", _("Bộ phận Một cửa")
    DEPARTMENT = "department", _("Sở / phòng chuyên môn")
    VERTICAL_AGENCY = "vertical_agency", _("Đơn vị ngành dọc")


# The electronic identifier of an agency in the national list (Circular 10/2016/TT-BTTTT, V1V2V3.Z1Z2.Y1Y2.MX1X2,
# e.g. 000.00.22.H50; legal-notes §2.8): four groups of 3, 2, 2 and 3 letters or digits.
AGENCY_IDENTIFIER_VALIDATOR = RegexValidator(
    r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9A-Z]{2}$",
    _("Mã định danh điện tử phải có dạng V1V2V3.Z1Z2.Y1Y2.MX1X2 theo Thông tư 10/2016/TT-BTTTT, ví dụ 000.00.22.H50."),
    flags=re.IGNORECASE,  # typed in lower case, stored in capitals (units.services.save_unit, the admin form)
)

# Kinds that are a level of government (the others are offices inside one).
GOVERNMENT_KINDS = {UnitKind.PROVINCE, UnitKind.CITY, UnitKind.WARD, UnitKind.COMMUNE}


class Unit(models.Model):
    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    # Circular 01/2018/TT-VPCP, art. 19: the dossier code begins with it where it is recorded; a unit without
    # one keeps its readable code there (dossiers.codes.code_prefix).
    agency_identifier = models.CharField(
        _("mã định danh điện tử (TT 10/2016/TT-BTTTT)"), max_length=13, blank=True,
        validators=[AGENCY_IDENTIFIER_VALIDATOR],
        help_text=_("Mã trong danh mục mã định danh điện tử của các cơ quan, ví dụ 000.00.22.H50; dùng làm phần "
        "đầu của mã hồ sơ. Để trống nếu chưa được cấp."),
    )
    kind = models.CharField(_("loại"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of codes ("QN/CP/CP-CTR/"): a subtree is one indexed prefix query.
    path = models.CharField(_("đường dẫn trong cây"), max_length=1000, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(_("cấp trong cây"), editable=False, default=0)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    working_hours = models.JSONField(
        _("giờ làm việc"),
        null=True,
        blank=True,
        help_text=_('Các ca làm việc, ví dụ [["07:30","11:30"],["13:00","17:00"]]; để trống để dùng của đơn vị cấp trên.'),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    # Effective dates (issue 12 item 3; domain.md §9): a unit is set up and dissolved by a decision of the
    # State (e.g. Resolution 1679/NQ-UBTVQH15 ended Cẩm Phả city and its wards on 30 June 2025). Both days
    # count; empty = since always / still in force. A dissolved unit stays in the tree: its past dossiers,
    # codes and figures keep naming it. `is_active` stays the administrators' switch (hide it now);
    # these dates say when the unit exists in law, and intake reads them on the receipt day.
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(
        _("hiệu lực đến hết ngày"), null=True, blank=True,
        help_text=_("Ngày cuối cùng đơn vị hoạt động (ví dụ 30/06/2025); để trống nếu đơn vị còn hoạt động."),
    )
    successor = models.ForeignKey(
        "self", verbose_name=_("đơn vị kế thừa"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("Đơn vị nhận lại hồ sơ đang giải quyết khi đơn vị này chấm dứt hoạt động."),
    )

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            # Two units with one identifier would draw the same dossier codes.
            models.UniqueConstraint(
                fields=["agency_identifier"], condition=~models.Q(agency_identifier=""),
                name="unique_agency_identifier",
                violation_error_message=_("Mã định danh điện tử này đã được ghi cho một đơn vị khác."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_in_force(self, on: date) -> bool:
        """Whether the unit exists on the day `on` (both ends included)."""
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)

    def clean(self) -> None:
        errors = validate_dates(self)
        if errors:
            raise ValidationError(errors)

    def effective_working_hours(self) -> list[list[str]]:
        unit: Unit | None = self
        while unit is not None:
            if unit.working_hours:
                return unit.working_hours
            unit = unit.parent
        return DEFAULT_WORKING_HOURS


def validate_dates(unit: Unit) -> dict[str, str]:
    """{field: Vietnamese message} for effective dates and successor that cannot hold together."""
    errors: dict[str, str] = {}
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        errors["valid_to"] = _("Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực.")
    successor = unit.successor if unit.successor_id else None
    if successor is not None:
        if unit.pk and successor.pk == unit.pk:
            errors["successor"] = _("Đơn vị không thể kế thừa chính nó.")
        elif unit.valid_to is None:
            errors["successor"] = _("Chỉ ghi đơn vị kế thừa khi đơn vị có ngày hết hiệu lực.")
        elif successor.valid_from and successor.valid_from > unit.valid_to + timedelta(days=1):
            # No day without a unit to answer for the dossiers (the successor takes over the next day).
            errors["successor"] = _(
                "Đơn vị kế thừa phải có hiệu lực chậm nhất từ ngày %(day)s, ngay sau ngày đơn vị này hết hiệu lực."
            ) % {"day": f"{unit.valid_to + timedelta(days=1):%d/%m/%Y}"}
        elif successor.valid_to and successor.valid_to <= unit.valid_to:
            errors["successor"] = _("Đơn vị kế thừa phải còn hiệu lực sau ngày đơn vị này hết hiệu lực.")
    return errors


class Counter(models.Model):
    """A counter (quầy) of a one-stop desk or center, for the queue."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="counters")
    number = models.PositiveSmallIntegerField(_("số quầy"))
    name = models.CharField(_("tên quầy"), max_length=200, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # Open = an officer sits at it and may call tickets (motcua.frontdesk); a closed counter calls nothing.
    is_open = models.BooleanField(_("đang mở"), default=False)
    officer = models.ForeignKey(
        "accounts.User", verbose_name=_("cán bộ tại quầy"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="counters",
    )

    class Meta:
        verbose_name = _("quầy")
        verbose_name_plural = _("quầy")
        ordering = ["unit__path", "number"]
        constraints = [models.UniqueConstraint(fields=["unit", "number"], name="unique_counter_number_per_unit")]

    def __str__(self) -> str:
        return _("%(unit)s — quầy %(number)s") % {"unit": self.unit.code, "number": self.number}
