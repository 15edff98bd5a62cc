"""News of the center: categories, articles (rich text, image, featured flag, scheduled publication)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from motcua.common.text import no_control_characters

from .sanitize import EDITOR_EXTENSIONS, clean_html

# The categories the home page shows by name (created as data by migration 0002).
FEATURED_CATEGORY = "tin-noi-bat"
ACTIVITIES_CATEGORY = "hoat-dong-tthcc"


class Category(models.Model):
    name = models.CharField(_("tên chuyên mục"), max_length=120, unique=True, validators=[no_control_characters])
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True, blank=True, help_text=_("Để trống: tạo từ tên chuyên mục."))
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("chuyên mục tin")
        verbose_name_plural = _("chuyên mục tin")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news:category", args=[self.slug])


class Article(models.Model):
    title = models.CharField(_("tiêu đề"), max_length=255, validators=[no_control_characters])
    slug = models.SlugField(
        _("đường dẫn"), max_length=255, unique=True, blank=True,
        help_text=_("Phần cuối địa chỉ của bài, ví dụ: khai-truong-quay-so-20. Để trống: tạo từ tiêu đề."),
    )
    category = models.ForeignKey(Category, verbose_name=_("chuyên mục"), on_delete=models.PROTECT, related_name="articles")
    summary = models.TextField(
        _("tóm tắt"), max_length=600, blank=True, validators=[no_control_characters],
        help_text=_("Một, hai câu hiện trong danh sách tin, trên trang chủ và trong RSS."),
    )
    # Sanitised on every save (sanitize.clean_html, nh3) — the editor's allow-list, nothing else.
    body = ProseEditorField(_("nội dung"), config={"extensions": EDITOR_EXTENSIONS}, sanitize=clean_html, blank=True)
    is_featured = models.BooleanField(_("tin nổi bật"), default=False, help_text=_("Hiện trong mục Tin nổi bật của trang chủ."))
    published_at = models.DateTimeField(
        _("thời điểm đăng"), null=True, blank=True, db_index=True,
        help_text=_("Để trống: bản nháp. Một thời điểm trong tương lai: bài tự hiện ra đúng lúc đó."),
    )
    # Only resized copies are kept (images.prepare_image); the upload as sent is never stored.
    image = models.ImageField(
        _("ảnh"), upload_to="news/%Y/%m/", blank=True, width_field="image_width", height_field="image_height"
    )
    image_thumb = models.ImageField(_("ảnh thu nhỏ"), upload_to="news/%Y/%m/", blank=True, editable=False)
    image_width = models.PositiveIntegerField(_("chiều rộng ảnh (điểm ảnh)"), null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(_("chiều cao ảnh (điểm ảnh)"), null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("mô tả ảnh (văn bản thay thế)"), max_length=300, blank=True, validators=[no_control_characters],
        help_text=_("Bắt buộc khi có ảnh: người khiếm thị nghe câu này thay cho ảnh."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("bài tin")
        verbose_name_plural = _("bài tin")
        constraints = [
            # An image without a description is unusable for a screen reader (WCAG 2.1, 1.1.1).
            models.CheckConstraint(condition=Q(image="") | ~Q(image_alt=""), name="news_image_has_alt"),
        ]
        indexes = [models.Index(fields=["is_featured", "published_at"], name="news_featured_pub")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Whatever path wrote it, the stored body is the sanitised one (the admin's field cleans it too).
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.slug])

    def image_url(self, variant: str = "lon") -> str:
        """Address of the resized image ("lon" for the article page, "nho" for lists), versioned."""
        version = int(self.updated_at.timestamp()) if self.updated_at else 0
        return f"{reverse('news:image', args=[self.pk, variant])}?v={version}"

    @property
    def thumb_url(self) -> str:
        return self.image_url("nho")
