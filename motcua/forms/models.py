"""Slips issued at the counter without a dossier (phiếu tại quầy): data and invariants only."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IntakeSlip(models.Model):
    """A Mẫu 02 or Mẫu 03 handed over at the counter when nothing is received (Decree 61/2018, art. 15;
    domain.md §4 intake rules): kept with the applicant, procedure and officer, numbered per unit, kind
    and year, and counted in the unit's figures."""

    class Kind(models.TextChoices):
        # Incomplete: guidance listing everything to supplement, once (Decree 61/2018, art. 15(3)).
        SUPPLEMENT = "supplement", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)")
        # Not eligible or outside competence: refusal with reasons.
        REFUSAL = "refusal", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)")

    # The number's suffix after "Số: 0001/", per kind (Thanh Hóa prints …/HDHS on its guidance slips).
    SUFFIX = {Kind.SUPPLEMENT: "HDHS", Kind.REFUSAL: "TCHS"}

    kind = models.CharField(_("loại phiếu"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey("units.Unit", verbose_name=_("nơi lập phiếu"), on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey("catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+")
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", verbose_name=_("phiên bản thủ tục"), on_delete=models.PROTECT, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ lập phiếu"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("kênh"), max_length=16, default="counter")
    issued_at = models.DateTimeField(_("lập lúc"))
    year = models.PositiveSmallIntegerField(_("năm"))
    sequence = models.PositiveIntegerField(_("số thứ tự"))

    applicant_name = models.CharField(_("chủ hồ sơ"), max_length=255)
    applicant_id_number = models.CharField(_("số định danh"), max_length=32, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    representative_name = models.CharField(_("người nộp thay"), max_length=255, blank=True)
    representative_id_number = models.CharField(_("số định danh người nộp thay"), max_length=32, blank=True)
    representative_relation = models.CharField(_("quan hệ"), max_length=255, blank=True)

    # Mẫu 02: [{"document": id|None, "name", "originals", "copies"}]; Mẫu 03: none.
    missing = models.JSONField(_("giấy tờ cần bổ sung"), default=list, blank=True)
    # Mẫu 02: the reason / what to complete; Mẫu 03: the reasons, one a line.
    reasons = models.TextField(_("lý do"), blank=True)
    # A form sent twice (double click, reload) gives the first slip back, not a second number.
    idempotency_key = models.CharField(_("khóa chống gửi trùng"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("phiếu tại quầy")
        verbose_name_plural = _("phiếu tại quầy")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "year", "sequence"], name="intake_slip_number_unique"),
            models.UniqueConstraint(
                fields=["officer", "idempotency_key"], condition=~models.Q(idempotency_key=""),
                name="intake_slip_idempotency_unique",
            ),
        ]
        indexes = [models.Index(fields=["unit", "issued_at"])]

    def __str__(self) -> str:
        return _("%(kind)s số %(number)s") % {"kind": self.get_kind_display(), "number": self.number}

    @property
    def number(self) -> str:
        return f"{self.sequence:04d}/{self.SUFFIX[self.kind]}"

    @property
    def form_kind(self) -> str:
        return "02" if self.kind == self.Kind.SUPPLEMENT else "03"

    @property
    def reason_lines(self) -> list[str]:
        return [line.strip() for line in self.reasons.splitlines() if line.strip()]
