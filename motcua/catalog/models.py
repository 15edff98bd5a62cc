"""The procedure catalog (domain.md §2): procedures, their versions, documents, fees, variants, steps.

A procedure is a stable identity (its national code); everything that can change lives on a version.
Published versions are never edited: a change is a new draft, then published. A dossier keeps the
version it was received under.
"""
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.common.text import fold


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    CITY = "city", _("Cấp huyện / thành phố")
    WARD = "ward", _("Cấp xã / phường")


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    SAME_DAY = "same_day", _("trong ngày")
    CALENDAR_DAYS = "calendar_days", _("ngày")
    NONE = "none", _("không quy định thời hạn")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không trực tuyến")


# Decree 224/2026/NĐ-CP (in force 1 July 2026, replaces Decree 42/2022), art. 14: an online public service
# is full online ("toàn trình") unless a legal reason for offering it only partly is recorded and published.
# Versions in force from this day on carry that reason when they are not full online; older ones do not.
FULL_ONLINE_DEFAULT_FROM = date(2026, 7, 1)


class LienThongKind(models.TextChoices):
    NONE = "none", _("Không liên thông")
    HORIZONTAL = "horizontal", _("Liên thông cùng cấp")
    TWO_LEVEL = "two_level", _("Liên thông hai cấp")
    THREE_LEVEL = "three_level", _("Liên thông ba cấp")


class PausePolicy(models.TextChoices):
    """What a supplement during processing does to the time limit once the complete dossier is back:
    counted again from the start (Decree 61/2018, art. 19(4) — the default), or, where the procedure's
    sector law says so, paused and continued with the time left."""

    RESTART = "restart", _("Tính lại từ đầu (NĐ 61/2018, Điều 19 khoản 4)")
    CONTINUE = "continue", _("Tạm dừng, tiếp tục thời gian còn lại (theo luật chuyên ngành)")


class ReceptionPoint(models.TextChoices):
    """Where a procedure is received, as a kind of place (resolved to units by the tree)."""

    PROVINCE_ADMIN_CENTER = "province_admin_center", _("Trung tâm Phục vụ hành chính công tỉnh")
    CITY_ADMIN_CENTER = "city_admin_center", _("Trung tâm Hành chính công thành phố")
    WARD_ONE_STOP_DESK = "ward_one_stop_desk", _("Bộ phận Một cửa cấp xã")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đang áp dụng")
    ARCHIVED = "archived", _("Hết hiệu lực")


class Field(models.Model):
    """A field of procedures (lĩnh vực): Hộ tịch, Chứng thực, Xây dựng…"""

    code = models.SlugField(_("mã lĩnh vực"), max_length=64, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255, unique=True)
    # English interface (decision 0037): a translation for readers, not the legal name; blank = none.
    name_en = models.CharField(_("tên lĩnh vực bằng tiếng Anh"), max_length=255, blank=True, default="")

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    code = models.CharField(_("mã thủ tục"), max_length=64, unique=True)
    current_version = models.OneToOneField(
        "ProcedureVersion",
        verbose_name=_("phiên bản đang áp dụng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("đang công bố"), default=True)
    # Whether the national code was checked against the national TTHC database; demo codes not yet
    # checked are illustrative and say so (admin column, a discreet note on the portal).
    code_confirmed = models.BooleanField(_("mã đã đối chiếu CSDL quốc gia"), default=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    # English interface (decision 0037): translations for readers, kept on the procedure rather than on a
    # version (a published version is never edited; a translation may be added or corrected at any time).
    # The Vietnamese name and result of the version in force remain the legal text.
    name_en = models.CharField(
        _("tên thủ tục bằng tiếng Anh"), max_length=500, blank=True, default="",
        help_text=_("Bản dịch để người đọc giao diện tiếng Anh hiểu; để trống thì hiển thị tên tiếng Việt."),
    )
    result_en = models.TextField(_("kết quả thực hiện bằng tiếng Anh"), blank=True, default="")
    # Folded English name: what the catalog search matches besides the Vietnamese search_text.
    search_text_en = models.TextField(_("chuỗi tìm kiếm tiếng Anh"), editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        name = self.current_version.name if self.current_version_id else ""
        return f"{self.code} — {name}" if name else self.code

    def save(self, *args, **kwargs):
        self.search_text_en = fold(self.name_en or "")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name_en" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_text_en"}
        super().save(*args, **kwargs)


class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    effective_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    published_at = models.DateTimeField(_("ngày công bố"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    change_note = models.CharField(_("nội dung thay đổi"), max_length=500, blank=True)

    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="versions")
    level = models.CharField(_("cấp thực hiện"), max_length=16, choices=Level.choices)
    # A unit code of the tree, or a role of a kind of unit ("ward_people_committee") when every ward does it.
    implementing_unit_ref = models.CharField(_("cơ quan thực hiện"), max_length=64)
    implementing_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("cơ quan thực hiện (đơn vị)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.JSONField(_("nơi tiếp nhận"), default=list)
    processing_amount = models.DecimalField(_("thời hạn giải quyết"), max_digits=7, decimal_places=2, default=Decimal(0))
    time_unit = models.CharField(_("đơn vị thời gian"), max_length=16, choices=TimeUnit.choices)
    online_processing_amount = models.DecimalField(
        _("thời hạn khi nộp trực tuyến"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    same_day_cutoff = models.TimeField(_("giờ tiếp nhận muộn nhất để trả trong ngày"), null=True, blank=True)
    pause_policy = models.CharField(
        _("khi bổ sung hồ sơ trong quá trình giải quyết"), max_length=16, choices=PausePolicy.choices,
        default=PausePolicy.RESTART,
    )
    dossier_sets = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    legal_basis = models.JSONField(_("căn cứ pháp lý"), default=list)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    subjects = models.CharField(_("đối tượng thực hiện"), max_length=255, blank=True)
    steps_text = models.TextField(_("trình tự thực hiện"), blank=True)
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"), max_length=16, choices=OnlineLevel.choices, default=OnlineLevel.FULL
    )
    partial_online_reason = models.TextField(
        _("căn cứ pháp lý không cung cấp toàn trình"), blank=True,
        help_text=_("Bắt buộc với phiên bản áp dụng từ ngày 01/07/2026 không ở mức toàn trình "
        "(Nghị định 224/2026/NĐ-CP, Điều 14): lý do và văn bản quy định việc chỉ cung cấp một phần."),
    )
    legacy_online_level = models.PositiveSmallIntegerField(
        _("mức độ cũ (NĐ 43/2011)"), null=True, blank=True,
        choices=[(i, format_lazy(_("Mức {}"), i)) for i in range(1, 5)],
    )
    lienthong_kind = models.CharField(
        _("liên thông"), max_length=16, choices=LienThongKind.choices, default=LienThongKind.NONE
    )
    lienthong_units = models.JSONField(_("đơn vị tham gia liên thông"), default=list, blank=True)
    lienthong_note = models.TextField(_("ghi chú liên thông"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # Folded (no diacritics, đ→d, lower case) name, code and field: what diacritic-blind search matches.
    search_text = models.TextField(_("chuỗi tìm kiếm"), editable=False, default="")

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="unique_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} — {self.name}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class ProcedureVariant(models.Model):
    """A case (trường hợp) of a procedure with its own time limit and, optionally, documents and steps."""

    version = models.ForeignKey(ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="variants")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("trường hợp"), max_length=500)
    processing_amount = models.DecimalField(_("thời hạn"), max_digits=7, decimal_places=2, null=True, blank=True)
    time_unit = models.CharField(_("đơn vị thời gian"), max_length=16, choices=TimeUnit.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("trường hợp")
        verbose_name_plural = _("trường hợp")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class RequiredDocument(models.Model):
    """A document of the dossier (thành phần hồ sơ) with its number of originals and copies."""

    version = models.ForeignKey(ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="documents")
    variant = models.ForeignKey(
        ProcedureVariant, verbose_name=_("trường hợp"), null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    is_optional = models.BooleanField(_("không bắt buộc"), default=False)
    template_name = models.CharField(_("mẫu đơn, tờ khai"), max_length=255, blank=True)
    template_file = models.FileField(_("tệp mẫu"), upload_to="catalog/templates/", blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class IntakeKind(models.TextChoices):
    """The kinds of information a procedure's application form asks for (decision 0045)."""

    TEXT = "text", _("Chữ (một dòng)")
    LONG_TEXT = "long_text", _("Đoạn văn")
    INTEGER = "integer", _("Số nguyên")
    DECIMAL = "decimal", _("Số thập phân")
    DATE = "date", _("Ngày")
    CHOICE = "choice", _("Chọn một trong danh sách")
    PARCEL = "parcel", _("Thửa đất (số tờ bản đồ, số thửa)")
    ADDRESS = "address", _("Địa chỉ")


class IntakeField(models.Model):
    """A piece of information the application form of a version asks for (e.g. the construction address and
    the land parcel of a building permit): declared here, checked by `catalog.intake.clean_form_data` at
    every intake, stored on the dossier (`Dossier.form_data`) under its `key`. Decision 0045."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="intake_fields"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    key = models.SlugField(
        _("mã trường"), max_length=64, help_text=_("Chữ thường không dấu, số, gạch dưới; ví dụ dia_chi_cong_trinh.")
    )
    label = models.CharField(_("tên trường"), max_length=255)
    label_en = models.CharField(_("tên trường bằng tiếng Anh"), max_length=255, blank=True, default="")
    kind = models.CharField(_("kiểu dữ liệu"), max_length=16, choices=IntakeKind.choices, default=IntakeKind.TEXT)
    required = models.BooleanField(_("bắt buộc"), default=False)
    choices = models.JSONField(
        _("các lựa chọn"), default=list, blank=True, help_text=_("Với kiểu “chọn một trong danh sách”: danh sách các lựa chọn.")
    )
    max_length = models.PositiveIntegerField(_("độ dài tối đa"), null=True, blank=True)
    min_value = models.DecimalField(_("giá trị nhỏ nhất"), max_digits=18, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("giá trị lớn nhất"), max_digits=18, decimal_places=4, null=True, blank=True)
    pattern = models.CharField(
        _("mẫu kiểm tra (biểu thức chính quy)"), max_length=255, blank=True,
        help_text=_("Với kiểu chữ: giá trị phải khớp toàn bộ với mẫu này, ví dụ [0-9]{6}."),
    )
    help_text = models.CharField(_("hướng dẫn"), max_length=500, blank=True)
    help_text_en = models.CharField(_("hướng dẫn bằng tiếng Anh"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("thông tin cần khai")
        verbose_name_plural = _("thông tin cần khai khi nộp hồ sơ")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_intake_field_key")]

    def __str__(self) -> str:
        return self.label


class FeePer(models.TextChoices):
    CASE = "case", _("trường hợp / hồ sơ")
    COPY = "copy", _("bản")
    PAGE = "page", _("trang")
    LICENSE = "license", _("giấy phép")


class Fee(models.Model):
    """A fee or charge (phí, lệ phí). `formula` holds a per-page rule, e.g.
    {"first_pages": 2, "first_page_fee": 2000, "next_page_fee": 1000, "max_per_copy": 200000}."""

    version = models.ForeignKey(ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("loại phí"), max_length=255, default="Lệ phí")
    text = models.CharField(_("mức thu (như công bố)"), max_length=1000)
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True)
    per = models.CharField(_("tính theo"), max_length=16, choices=FeePer.choices, default=FeePer.CASE)
    formula = models.JSONField(_("công thức"), null=True, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text


class ProcessStep(models.Model):
    """A step of the internal process (quy trình nội bộ, ISO 9001:2015) with its share of the time budget."""

    version = models.ForeignKey(ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="steps")
    variant = models.ForeignKey(ProcedureVariant, verbose_name=_("trường hợp"), null=True, blank=True, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("bước"))
    name = models.CharField(_("nội dung công việc"), max_length=500)
    role = models.CharField(_("vai trò thực hiện"), max_length=32)
    # A unit code, or a kind relative to where the dossier is ("one_stop_desk", "ward", "department").
    unit_ref = models.CharField(_("đơn vị thực hiện"), max_length=64)
    share = models.DecimalField(_("tỷ lệ thời gian"), max_digits=6, decimal_places=4)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class ImportJob(models.Model):
    """An import of the catalog from a file, run in the background; the admin page polls it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Đã nhập xong")
        FAILED = "failed", _("Có lỗi, không nhập")

    file_name = models.CharField(_("tên tệp"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(_("tổng số thủ tục"), default=0)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    report = models.JSONField(_("kết quả"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập danh mục")
        verbose_name_plural = _("lần nhập danh mục")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ReceptionAssignment(models.Model):
    """A recorded decision that a reception point (a center or a one-stop desk) receives — or does not
    receive — a procedure, from a day to a day. Where one is recorded it wins over what the unit's level
    of government would give it (catalog.selectors.receives; decision 0024): a province may, by its own
    decision, have a commune center take a provincial procedure, or keep one at the provincial center only.
    """

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("nơi tiếp nhận"), on_delete=models.PROTECT, related_name="reception_assignments",
        limit_choices_to={"kind__in": ["admin_center", "one_stop_desk"]},
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="reception_assignments"
    )
    receives = models.BooleanField(
        _("tiếp nhận"), default=True, help_text=_("Bỏ chọn để ghi rằng nơi này không tiếp nhận thủ tục này.")
    )
    valid_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến hết ngày"), null=True, blank=True)
    basis = models.CharField(_("căn cứ (quyết định giao)"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("giao tiếp nhận thủ tục")
        verbose_name_plural = _("giao tiếp nhận thủ tục")
        ordering = ["unit__path", "procedure__code", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="reception_assignment_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        verb = gettext("tiếp nhận") if self.receives else gettext("không tiếp nhận")
        return f"{self.unit_id} {verb} {self.procedure_id}"

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.db.models import Q

        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": gettext("Ngày kết thúc phải sau ngày bắt đầu áp dụng.")})
        if self.unit_id is None or self.procedure_id is None:
            return
        # Two records for the same place, procedure and day would leave the answer to chance.
        overlapping = ReceptionAssignment.objects.filter(unit_id=self.unit_id, procedure_id=self.procedure_id).exclude(
            pk=self.pk
        )
        if self.valid_to is not None:
            overlapping = overlapping.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=self.valid_to))
        if self.valid_from is not None:
            overlapping = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        if overlapping.exists():
            raise ValidationError(gettext("Đã có một ghi nhận giao tiếp nhận thủ tục này tại nơi này trùng thời gian áp dụng."))

    def applies_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)
