"""Writes of the news: saving an article with its image (checked and resized before anything is stored)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from motcua.common.text import fold

from .images import PreparedImage, prepare_image
from .models import Article, Category


def slug_for(title: str, model=Article) -> str:
    """An ASCII address from a Vietnamese title ("Đăng ký" → "dang-ky"), unique among `model`'s rows.

    Not the admin's JavaScript (URLify): it drops the letters with two diacritics ("Cẩm Phả" → "cm-ph").
    """
    base = slugify(fold(title))[:100] or "bai-tin"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _attach(article: Article, image: PreparedImage) -> list[str]:
    """Put the resized copies on the article; returns the names of the files they replace."""
    old = [f.name for f in (article.image, article.image_thumb) if f]
    stem = article.slug or "anh"
    article.image.save(f"{stem}.jpg", image.large, save=False)
    article.image_thumb.save(f"{stem}-nho.jpg", image.thumb, save=False)
    return old


def save_article(article: Article, *, image_upload=None, image: PreparedImage | None = None, actor=None) -> Article:
    """Validate and save an article; `image_upload` (a file as sent) is checked and resized first.

    Bad input raises ValidationError (Vietnamese) and leaves the database and the media storage as they
    were: the image is prepared in memory before any file is written, and the model is checked before.
    """
    if image_upload is not None and image is None:
        image = prepare_image(image_upload)
    if not article.slug:
        article.slug = slug_for(article.title)
    if actor is not None and article.created_by_id is None and getattr(actor, "is_authenticated", False):
        article.created_by = actor
    has_image = image is not None or bool(article.image)
    if has_image and not article.image_alt.strip():
        raise ValidationError({"image_alt": _("Ảnh phải có mô tả (văn bản thay thế) cho người khiếm thị.")})
    article.full_clean(exclude=["image", "image_thumb"])
    replaced: list[str] = []
    if image is not None:
        replaced = _attach(article, image)
    try:
        with transaction.atomic():
            article.save()
    except Exception:
        if image is not None:  # the row was not written: neither are its files
            for f in (article.image, article.image_thumb):
                f.storage.delete(f.name)
        raise
    if replaced:
        storage = article.image.storage

        def _delete_old():
            for name in replaced:
                if name not in {article.image.name, article.image_thumb.name}:
                    storage.delete(name)

        transaction.on_commit(_delete_old)
    return article


def save_category(category: Category) -> Category:
    if not category.slug:
        category.slug = slug_for(category.name, Category)
    category.full_clean()
    category.save()
    return category


def remove_image(article: Article) -> None:
    """Take the image off an article (both copies are deleted once the change is committed)."""
    names = [f.name for f in (article.image, article.image_thumb) if f]
    storage = article.image.storage
    article.image = article.image_thumb = ""
    article.save()
    transaction.on_commit(lambda: [storage.delete(n) for n in names])
