"""Editing the news in the admin: the center's staff write with the prose editor (safe HTML only)."""
from csp.constants import NONCE
from csp.decorators import csp_update
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from js_asset import Media

from . import services
from .images import MAX_BYTES, prepare_image
from .models import Article, Category


class PublicationDateTimeWidget(AdminSplitDateTime):
    """The admin's date and time pair with a name for each input: the admin shows only "Ngày:" / "Giờ:" as
    text beside them, not as labels (axe `label`, decision 0039). Each name holds the text the eye sees."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        date, time = self.widgets
        date.attrs["aria-label"] = _("Ngày đăng")
        time.attrs["aria-label"] = _("Giờ đăng")


class ArticleAdminForm(forms.ModelForm):
    # Not the model's ImageField: the upload is checked and resized (images.prepare_image) and only the
    # resized copies are stored, by services.save_article.
    image_upload = forms.FileField(
        label=_("Ảnh"),
        required=False,
        help_text=format_lazy(
            _("JPEG, PNG, WebP hoặc GIF, tối đa {mb} MB; ảnh được thu nhỏ tự động."), mb=MAX_BYTES // 1024 // 1024
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    remove_image = forms.BooleanField(label=_("Bỏ ảnh hiện có"), required=False)

    class Meta:
        model = Article
        fields = ["title", "slug", "category", "summary", "body", "is_featured", "published_at", "image_alt"]
        widgets = {"published_at": PublicationDateTimeWidget}

    prepared_image = None

    def clean_image_upload(self):
        upload = self.cleaned_data.get("image_upload")
        if upload:
            self.prepared_image = prepare_image(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        keeps_image = bool(self.instance.image) and not cleaned.get("remove_image")
        if (self.prepared_image is not None or keeps_image) and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", ValidationError(_("Ảnh phải có mô tả (văn bản thay thế) cho người khiếm thị.")))
        return cleaned


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "sort_order"]

    def save_model(self, request, obj, form, change):
        services.save_category(obj)


class PublicationFilter(admin.SimpleListFilter):
    title = _("tình trạng đăng")
    parameter_name = "dang"

    def lookups(self, request, model_admin):
        return [("da-dang", _("Đã đăng")), ("hen-gio", _("Hẹn giờ đăng")), ("nhap", _("Bản nháp"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        return {
            "da-dang": queryset.filter(published_at__lte=now),
            "hen-gio": queryset.filter(published_at__gt=now),
            "nhap": queryset.filter(published_at__isnull=True),
        }.get(self.value(), queryset)


@admin.register(Article)
@method_decorator(csp_update({"script-src": [NONCE]}), name="changeform_view")
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "category", "is_featured", "published_at", "status"]
    list_filter = [PublicationFilter, "category", "is_featured"]
    search_fields = ["title", "summary"]
    date_hierarchy = "published_at"
    readonly_fields = ["current_image"]

    class Media:
        # Names the prose editor's editing area after the field's label (a static file: the CSP allows no
        # inline script).
        js = ["news/prose-editor-a11y.js"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "body"]}),
        (_("Ảnh"), {"fields": ["current_image", "image_upload", "image_alt", "remove_image"]}),
        (_("Đăng tin"), {"fields": ["is_featured", "published_at"]}),
    ]

    @admin.display(description=_("tình trạng"))
    def status(self, obj: Article) -> str:
        if obj.published_at is None:
            return _("Bản nháp")
        return _("Hẹn giờ đăng") if obj.published_at > timezone.now() else _("Đã đăng")

    @admin.display(description=_("ảnh hiện có"))
    def current_image(self, obj: Article):
        if not obj.pk or not obj.image_thumb:
            return "—"
        return format_html('<img src="{}" alt="{}" style="max-width:320px;height:auto">', obj.thumb_url, obj.image_alt)

    def render_change_form(self, request, context, *args, **kwargs):
        # The editor's modules are found through an import map, an inline <script>: it carries this
        # response's CSP nonce (and only this view allows one), so the strict policy stays on.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("remove_image") and obj.image and form.prepared_image is None:
            services.remove_image(obj)
        services.save_article(obj, image=form.prepared_image, actor=request.user)
