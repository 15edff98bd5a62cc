"""Dossiers (hồ sơ) and their audit trail: data and invariants only; every write goes through services."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    # domain.md §4
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Chờ tiếp nhận")
    # An online or postal submission whose fee must be paid before it is received (Decree 45/2020).
    AWAITING_PAYMENT = "awaiting_payment", _("Chờ nộp phí, lệ phí")
    RECEIVED = "received", _("Đã tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    CONSULTING = "consulting", _("Đang lấy ý kiến")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Chờ bổ sung")
    RESOLVED = "resolved", _("Đã có kết quả")
    RETURNED = "returned", _("Đã trả kết quả")
    REFUSED = "refused", _("Từ chối")
    WITHDRAWN = "withdrawn", _("Đã rút")
    # Dừng giải quyết: at the applicant's written request or where a law requires it (domain.md §4).
    STOPPED = "stopped", _("Dừng giải quyết")


# An open dossier whose process is done and whose result waits at the desk (see Dossier.result_at_desk).
RESULT_AT_DESK_LABEL = _("Kết quả đã về bộ phận một cửa")
# The labels of the statuses by value, built once (Django's get_status_display rebuilds a dict of the
# choices on every call: a tenth of a millisecond per row of a worklist).
STATUS_LABELS = dict(Status.choices)

FINAL_STATUSES = {Status.RETURNED, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED}
# Neither a citizen's draft nor closed: the dossiers somebody still has to work on. A tuple in a fixed order,
# because the partial indexes below are declared with it and SQLite uses a partial index only when the
# query repeats its condition literally (selectors.open_dossiers_q); the history that grows year after
# year is outside these indexes (issue 10, decision 0028).
OPEN_STATUSES = (
    Status.SUBMITTED, Status.AWAITING_PAYMENT, Status.RECEIVED, Status.IN_PROGRESS, Status.CONSULTING,
    Status.AWAITING_SUPPLEMENT, Status.RESOLVED,
)


class Channel(models.TextChoices):
    COUNTER = "counter", _("Trực tiếp")
    POST = "post", _("Bưu chính")
    ONLINE = "online", _("Trực tuyến")
    KIOSK = "kiosk", _("Ki-ốt")


class ResultKind(models.TextChoices):
    APPROVED = "approved", _("Giải quyết")
    REFUSED = "refused", _("Từ chối giải quyết")


class Timeliness(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


# The Vietnamese names of the actions of domain.md §4, for people (pages, messages, forms).
ACTION_LABELS = {
    "receive": pgettext_lazy("action", "Tiếp nhận hồ sơ"),
    "request_supplement": pgettext_lazy("action", "Yêu cầu bổ sung hồ sơ"),
    "supplement": pgettext_lazy("action", "Ghi nhận hồ sơ đã bổ sung"),
    "refuse": pgettext_lazy("action", "Từ chối"),
    "transfer": pgettext_lazy("action", "Chuyển xử lý"),
    "assign": pgettext_lazy("action", "Giao chuyên viên xử lý"),
    "consult": pgettext_lazy("action", "Lấy ý kiến đơn vị phối hợp"),
    "give_opinion": pgettext_lazy("action", "Gửi ý kiến"),
    "approve": pgettext_lazy("action", "Phê duyệt"),
    "resolve": pgettext_lazy("action", "Nhận kết quả tại một cửa"),
    "apologize": pgettext_lazy("action", "Xin lỗi và hẹn lại"),
    "return_result": pgettext_lazy("action", "Trả kết quả"),
    "withdraw": pgettext_lazy("action", "Rút hồ sơ"),
    "stop": pgettext_lazy("action", "Dừng giải quyết"),
    "request_payment": pgettext_lazy("action", "Yêu cầu nộp phí, lệ phí"),
    "pay": pgettext_lazy("action", "Ghi nhận đã nộp phí, lệ phí"),
    "rate": pgettext_lazy("action", "Ghi nhận đánh giá"),
    "submit": pgettext_lazy("action", "Gửi hồ sơ"),
    "create": pgettext_lazy("action", "Tạo hồ sơ nháp"),
    "hand_to_successor": pgettext_lazy("action", "Bàn giao cho đơn vị kế thừa"),
}


class Dossier(models.Model):
    # {unit code}-{yymmdd}-{4-digit seq} (domain.md §4, legal-notes §2.8); null until received.
    code = models.CharField(_("mã hồ sơ"), max_length=64, unique=True, null=True, blank=True)
    procedure = models.ForeignKey("catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="dossiers")
    # The version in force at intake: the dossier keeps its rules even when the catalog changes.
    procedure_version = models.ForeignKey("catalog.ProcedureVersion", verbose_name=_("phiên bản thủ tục"), on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey(
        "catalog.ProcedureVariant", verbose_name=_("trường hợp"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reception_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("nơi tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    current_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị đang giữ"), on_delete=models.PROTECT, related_name="+"
    )
    current_step = models.ForeignKey(
        "catalog.ProcessStep", verbose_name=_("bước hiện tại"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xử lý"), null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_dossiers"
    )
    channel = models.CharField(_("kênh"), max_length=16, choices=Channel.choices)
    status = models.CharField(_("trạng thái"), max_length=32, choices=Status.choices, default=Status.DRAFT)
    # Optimistic lock: +1 on every transition; a caller sends the version it saw.
    version = models.PositiveIntegerField(_("phiên bản bản ghi"), default=1)

    applicant_name = models.CharField(_("chủ hồ sơ"), max_length=255)
    applicant_id_number = models.CharField(_("số định danh"), max_length=32, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    representative_name = models.CharField(_("người nộp thay"), max_length=255, blank=True)
    representative_id_number = models.CharField(_("số định danh người nộp thay"), max_length=32, blank=True)
    representative_relation = models.CharField(_("quan hệ"), max_length=255, blank=True)

    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    # The clock starts at acceptance, not at submission (legal-notes §1.9).
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn giải quyết"), null=True, blank=True)
    # Ledger of the overall deadline: [{"kind": "start"|"pause"|"resume", "at": iso}] (domain.md §3).
    deadline_ledger = models.JSONField(_("sổ thời hạn"), default=list, blank=True)
    resolved_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    result_kind = models.CharField(_("kết quả giải quyết"), max_length=16, choices=ResultKind.choices, blank=True)
    # When the internal process ran to its end and the dossier came back to the one-stop desk with a
    # decision (its last step done, or the implementing unit's approval): only then may the desk take in
    # the result (`resolve`). Cleared when the dossier leaves the desk again.
    process_completed_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    # The result itself (the permit, certificate or written answer): its number and date; its files are the
    # attachments of the `resolve` event.
    result_number = models.CharField(_("số kết quả"), max_length=100, blank=True)
    result_date = models.DateField(_("ngày kết quả"), null=True, blank=True)
    timeliness = models.CharField(_("đúng hạn"), max_length=16, choices=Timeliness.choices, blank=True)
    supplement_count = models.PositiveSmallIntegerField(_("số lần bổ sung khi xử lý"), default=0)
    apology_note = models.TextField(_("lý do xin lỗi"), blank=True)
    new_appointment_at = models.DateTimeField(_("hẹn lại"), null=True, blank=True)
    # {document id: {"originals": n, "copies": n, "present": bool}}
    checklist = models.JSONField(_("giấy tờ đã nhận"), default=dict, blank=True)
    # The procedure-specific information the application form asks for, {key: value} for the fields the
    # version declares (catalog.IntakeField), as `catalog.intake.clean_form_data` checked it (decision 0045).
    form_data = models.JSONField(_("thông tin tờ khai"), default=dict, blank=True)
    rating = models.CharField(_("đánh giá"), max_length=32, blank=True)
    # The instant of that rating (its `rate` event's; one per dossier): the statistics count a rating in
    # the period it was given from this column, not from the events (decision 0052).
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("công dân nộp trực tuyến"), null=True, blank=True, on_delete=models.PROTECT, related_name="own_dossiers"
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-id"]
        # Bringing in past dossiers and stating when an action happened (issue 9; api-contract `at`).
        permissions = [("import_history", "Nhập hồ sơ và thao tác đã qua (dữ liệu lịch sử)")]
        indexes = [
            models.Index(fields=["current_unit", "status"]),
            models.Index(fields=["reception_unit", "status"]),
            # Statistics (motcua/stats): every column a figure reads, after the unit and the receipt
            # instant, so that a unit's figures are read from this index alone (covering), not the wide rows
            # — grouped by field too (a dossier's field is its procedure version's: the leaders' desk).
            models.Index(
                fields=[
                    "reception_unit", "received_at", "resolved_at", "returned_at", "due_at", "status", "channel",
                    "timeliness", "supplement_count", "rating", "procedure", "submitted_at", "procedure_version",
                    "rated_at",
                ],
                name="dossier_statistics",
            ),
            # The officers' worklist (selectors.worklist_counts / worklist_page): open dossiers only, in the
            # order of its tabs (due instant then id; id), so a tab reads its page and its count from the
            # open rows of one unit, whatever the unit's history (issue 10, decision 0028).
            models.Index(
                fields=["current_unit", "due_at", "id"], name="dossier_open_holder_due",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
            models.Index(
                fields=["reception_unit", "id"], name="dossier_open_reception",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
            models.Index(
                fields=["assignee", "due_at", "id"], name="dossier_open_assignee_due",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk} ({self.get_status_display()})"

    @property
    def ref(self) -> str:
        """How URLs name the dossier: its code, or its id while it has none (drafts, online submissions)."""
        return self.code or str(self.pk)

    @property
    def is_online(self) -> bool:
        return self.channel == Channel.ONLINE

    @property
    def result_at_desk(self) -> bool:
        """The process is done and the result came back to the one-stop desk, to be taken in (`resolve`).
        (A procedure done at the desk alone is still "Đã tiếp nhận" until the desk issues its result.)"""
        return self.process_completed_at is not None and self.status == Status.IN_PROGRESS

    @property
    def status_label(self) -> str:
        """The status as people read it: a result back at the desk is no longer "Đang xử lý"."""
        if self.result_at_desk:
            return str(RESULT_AT_DESK_LABEL)
        return str(STATUS_LABELS.get(self.status, self.status))


class AppendOnly(models.Model):
    """Rows that are written once and never changed or deleted (audit)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Bản ghi kiểm toán chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Bản ghi kiểm toán không được xóa.")


class DossierEvent(AppendOnly):
    """One action on a dossier: a row of the control sheet (Mẫu 05) and a link of the audit hash chain.

    Events form one chain per reception unit (`chain` = the unit's id; 0 = the single chain of the events
    written before decision 0048), each in id order: hash = sha256(canonical JSON of the fields + prev_hash).
    `chain` is not hashed: the links already pin an event to its chain (decision 0048)."""

    # No index of its own: `event_dossier_action_at` (dossier, action, at) leads with it and answers every
    # read by dossier; a second, narrower index made the planner probe it and filter the rows (the yearly
    # statistics' rating lookup at 10 M dossiers: 17 s with it, 6 s without; docs/performance.md).
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="events", db_index=False
    )
    action = models.CharField(_("thao tác"), max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(_("vai trò"), max_length=32, blank=True)
    from_status = models.CharField(_("trạng thái trước"), max_length=32, blank=True)
    to_status = models.CharField(_("trạng thái sau"), max_length=32)
    from_unit = models.ForeignKey("units.Unit", verbose_name=_("từ đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("units.Unit", verbose_name=_("đến đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="giao cho", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    at = models.DateTimeField(_("lúc"))
    prev_hash = models.CharField(_("mã băm trước"), max_length=64)
    # Not unique, not indexed: nothing looks an event up by its hash, and the chain itself (each event's
    # prev_hash is the hash of the one before, in id order) is what catches a copied or inserted event.
    # A unique index of random digests cost a third of a bulk load's insert time (decision 0025).
    hash = models.CharField(_("mã băm"), max_length=64)
    # The reception unit's id when the event was written (0: the old single chain, decision 0048).
    chain = models.BigIntegerField(_("chuỗi kiểm toán"), default=0)

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("nhật ký hồ sơ")
        ordering = ["id"]
        indexes = [
            # Statistics: "this dossier had this action in the period" answered from the index alone.
            models.Index(fields=["dossier", "action", "at"], name="event_dossier_action_at"),
            # ... and "the dossiers with this action in the period" (PostgreSQL hashes that set once per
            # query: without this index it read the whole table for each of the four actions).
            models.Index(fields=["action", "at"], name="event_action_at"),
            # Verification walks each chain in id order; the anchor reads each chain past its mark.
            models.Index(fields=["chain", "id"], name="event_chain_id"),
        ]

    def __str__(self) -> str:
        return f"{self.action} @ {self.at:%Y-%m-%d %H:%M}"


class AuditChainHead(models.Model):
    """The end of one audit chain (decision 0048): `id` is the chain's key, the reception unit's id (0: the
    old single chain, frozen). Locking it serialises the appends of that unit only (PostgreSQL)."""

    id = models.BigIntegerField(_("chuỗi kiểm toán"), primary_key=True)
    last_id = models.BigIntegerField(_("sự kiện cuối"), default=0)
    last_hash = models.CharField(_("mã băm cuối"), max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.last_id}:{self.last_hash[:12]}"


class DossierCodeSequence(models.Model):
    """The last code number used by a reception unit on a day; same transaction as the intake → gap-free."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("ngày"))
    last = models.PositiveIntegerField(_("số cuối"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="unique_code_sequence_per_unit_day")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.last}"


def attachment_path(instance, filename):
    # Random names on disk: the original name is kept in the row, never trusted as a path.
    import uuid

    from django.utils import timezone

    now = timezone.localtime()
    return f"dossiers/{now:%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="attachments")
    document = models.ForeignKey(
        "catalog.RequiredDocument", verbose_name=_("giấy tờ"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"))
    event = models.ForeignKey(DossierEvent, verbose_name=_("sự kiện"), null=True, blank=True, on_delete=models.PROTECT, related_name="attachments")

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class IdempotencyKey(models.Model):
    key = models.CharField(_("khóa"), max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="+")
    request_hash = models.CharField(_("mã băm yêu cầu"), max_length=64)
    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_idempotency_key_per_user")]

    def __str__(self) -> str:
        return self.key


class Opinion(models.Model):
    """An opinion asked of a coordinating unit (lấy ý kiến, liên thông), with its own due instant."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="opinions")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị được hỏi"), on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người hỏi"), on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("hỏi lúc"))
    due_at = models.DateTimeField(_("hạn trả lời"), null=True, blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answer = models.TextField(_("ý kiến"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người trả lời"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ý kiến phối hợp")
        verbose_name_plural = _("ý kiến phối hợp")
        ordering = ["id"]

    def __str__(self) -> str:
        state = gettext("đã trả lời") if self.answered_at else gettext("chờ ý kiến")
        return f"{self.unit_id}: {state}"


class UnitHolding(models.Model):
    """A period a unit held the dossier, with its share of the time (domain.md §5): lateness is
    attributed to the unit holding the dossier when its budget ran out."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="holdings")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("nhận lúc"))
    ended_at = models.DateTimeField(_("chuyển đi lúc"), null=True, blank=True)
    budget_minutes = models.PositiveIntegerField(_("thời gian được giao (phút làm việc)"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn của đơn vị"), null=True, blank=True)

    class Meta:
        verbose_name = _("thời gian đơn vị giữ hồ sơ")
        verbose_name_plural = _("thời gian đơn vị giữ hồ sơ")
        ordering = ["id"]
        # Lateness by the holding unit (stats.desk.holding_lateness): the budgets that ran out in a period,
        # found by their due instant instead of a scan of every holding.
        indexes = [models.Index(fields=["due_at"], name="holding_due_at")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_late(self) -> bool:
        return bool(self.due_at and self.ended_at and self.ended_at > self.due_at)


class DossierDeadline(Dossier):
    """The dossiers' deadlines as the admin lists them. A dossier's due instant is kept on the dossier
    (`due_at`, replayed from `deadline_ledger`) and each unit's in its UnitHolding — not in
    workdays.Deadline, whose admin list therefore showed none of them."""

    class Meta:
        proxy = True
        verbose_name = _("thời hạn hồ sơ")
        verbose_name_plural = _("thời hạn hồ sơ")
