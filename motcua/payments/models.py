"""Online payment of fees and charges (phí, lệ phí; decision 0042): the orders sent to the payment gateway,
every callback the gateway made (kept whatever its verdict), the refunds asked for, and the sandbox
gateway's own ledger (only used when the sandbox runs inside the project)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Thanh toán không thành công")
    CANCELLED = "cancelled", _("Đã hủy")
    REFUNDED = "refunded", _("Đã hoàn tiền")


class PaymentOrder(models.Model):
    dossier = models.ForeignKey("dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="payment_orders")
    payer = models.ForeignKey("accounts.User", verbose_name=_("người nộp"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    order_ref = models.CharField(_("mã đơn hàng"), max_length=40, unique=True)
    gateway = models.CharField(_("cổng thanh toán"), max_length=40)
    status = models.CharField(_("trạng thái"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    transaction_no = models.CharField(_("mã giao dịch tại cổng"), max_length=64, blank=True)
    bank_code = models.CharField(_("ngân hàng"), max_length=32, blank=True)
    response_code = models.CharField(_("mã phản hồi của cổng"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn thanh toán")
        verbose_name_plural = _("đơn thanh toán")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "paid_at"], name="payment_status_paid_at")]

    def __str__(self) -> str:
        return self.order_ref


class CallbackVerdict(models.TextChoices):
    CONFIRMED = "00", _("Đã xác nhận")
    NOT_FOUND = "01", _("Không tìm thấy đơn hàng")
    ALREADY = "02", _("Đơn hàng đã được xác nhận trước đó")
    BAD_AMOUNT = "04", _("Số tiền không khớp")
    BAD_SIGNATURE = "97", _("Chữ ký không hợp lệ")
    ERROR = "99", _("Lỗi khác")


class CallbackLog(models.Model):
    """Every server-to-server notification (IPN) received, as it came, and what was answered."""

    order = models.ForeignKey(PaymentOrder, verbose_name=_("đơn thanh toán"), null=True, blank=True, on_delete=models.SET_NULL, related_name="callbacks")
    params = models.JSONField(_("tham số nhận được"))
    verdict = models.CharField(_("kết luận"), max_length=4, choices=CallbackVerdict.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    remote_addr = models.CharField(_("địa chỉ gửi"), max_length=64, blank=True)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thông báo từ cổng thanh toán")
        verbose_name_plural = _("thông báo từ cổng thanh toán")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.verdict} {self.at:%Y-%m-%d %H:%M:%S}"


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Đã gửi yêu cầu")
    DONE = "done", _("Đã hoàn tiền")
    FAILED = "failed", _("Hoàn tiền không thành công")


class Refund(models.Model):
    order = models.ForeignKey(PaymentOrder, verbose_name=_("đơn thanh toán"), on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    reason = models.CharField(_("lý do"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=16, choices=RefundStatus.choices, default=RefundStatus.REQUESTED)
    request_id = models.CharField(_("mã yêu cầu"), max_length=40, unique=True)
    transaction_no = models.CharField(_("mã giao dịch hoàn tiền"), max_length=64, blank=True)
    response_code = models.CharField(_("mã phản hồi của cổng"), max_length=8, blank=True)
    message = models.CharField(_("thông báo của cổng"), max_length=255, blank=True)
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    done_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hoàn tiền")
        verbose_name_plural = _("hoàn tiền")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return self.request_id


class SandboxTransaction(models.Model):
    """The sandbox gateway's own ledger (motcua.payments.sandbox): what a real gateway keeps on its side."""

    merchant = models.CharField(max_length=40)
    txn_ref = models.CharField(max_length=40)
    amount = models.PositiveBigIntegerField()
    transaction_no = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=16)  # paid, cancelled, refunded
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["merchant", "txn_ref"], name="sandbox_one_txn_per_order")]

    def __str__(self) -> str:
        return self.transaction_no
