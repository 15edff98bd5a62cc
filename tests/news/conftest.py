"""News tests: media files go to the test's own folder; a helper that makes articles."""
import io
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from motcua.news import services
from motcua.news.models import Article, Category


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def media_root(_media_in_tmp):
    return _media_in_tmp


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def picture(size=(2400, 1600), fmt="JPEG", name="anh.jpg", colour=(0, 84, 147)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def make_article(db):
    def make(title="Tin thử", *, category="hoat-dong-tthcc", published_at: datetime | None = None, **fields):
        article = Article(
            title=title,
            category=Category.objects.get(slug=category),
            published_at=published_at,
            **fields,
        )
        return services.save_article(article)

    return make
