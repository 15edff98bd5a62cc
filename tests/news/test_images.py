"""Article images: resized copies only, alt text required, non-images and oversized files refused."""
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image

from motcua.news import images, services
from motcua.news.models import Article, Category

from .conftest import picture, stored_files

pytestmark = pytest.mark.django_db


def _article(**fields):
    return Article(title="Tin có ảnh", category=Category.objects.get(slug="tin-noi-bat"), **fields)


def test_a_large_photo_is_kept_only_as_two_resized_jpeg_copies(media_root):
    article = services.save_article(_article(image_alt="Quầy tiếp nhận"), image_upload=picture((4000, 3000)))
    assert (article.image_width, article.image_height) == (1600, 1200)
    with Image.open(article.image.path) as large, Image.open(article.image_thumb.path) as thumb:
        assert large.format == thumb.format == "JPEG"
        assert large.size == (1600, 1200)
        assert thumb.size[0] <= images.THUMB[0] and thumb.size[1] <= images.THUMB[1]
    assert len(stored_files(media_root)) == 2  # the 4000 × 3000 upload itself is not kept


def test_a_small_picture_is_not_enlarged_and_transparency_becomes_white(media_root):
    out = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(out, "PNG")
    upload = SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")
    article = services.save_article(_article(image_alt="Biểu trưng"), image_upload=upload)
    with Image.open(article.image.path) as img:
        assert img.size == (300, 200)
        assert img.getpixel((10, 10)) == (255, 255, 255)


def test_the_location_a_phone_wrote_into_the_photo_is_not_kept(media_root):
    exif = Image.Exif()
    exif[0x8825] = {2: (21.0, 0.0, 0.0)}  # GPSInfo: a latitude
    out = io.BytesIO()
    Image.new("RGB", (800, 600), "blue").save(out, "JPEG", exif=exif)
    upload = SimpleUploadedFile("dien-thoai.jpg", out.getvalue(), content_type="image/jpeg")
    article = services.save_article(_article(image_alt="Ảnh chụp bằng điện thoại"), image_upload=upload)
    with Image.open(article.image.path) as img:
        assert not img.getexif()


def test_an_image_without_alt_text_is_refused_and_nothing_is_stored(media_root):
    with pytest.raises(ValidationError) as refused:
        services.save_article(_article(image_alt="  "), image_upload=picture())
    assert "văn bản thay thế" in str(refused.value)
    assert Article.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_file_that_is_not_an_image_is_refused_in_vietnamese_and_nothing_is_stored(media_root):
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.7 not a picture at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        services.save_article(_article(image_alt="Ảnh"), image_upload=fake)
    assert refused.value.messages == [
        "Tệp đã chọn không phải là ảnh hoặc ảnh bị hỏng; hãy chọn ảnh JPEG, PNG, WebP hoặc GIF."
    ]
    assert Article.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_40_mb_file_is_refused_in_vietnamese_before_it_is_read(media_root):
    upload = TemporaryUploadedFile("anh-lon.jpg", "image/jpeg", 40 * 1024 * 1024, "utf-8")
    upload.write(b"\xff\xd8\xff" + b"\0" * 1024)  # the size Django was told is what counts
    upload.seek(0)
    try:
        with pytest.raises(ValidationError) as refused:
            services.save_article(_article(image_alt="Ảnh"), image_upload=upload)
    finally:
        upload.close()
    assert refused.value.messages == ["Tệp ảnh quá lớn (40.0 MB); ảnh tối đa 10 MB."]
    assert Article.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_small_file_that_decodes_to_a_giant_picture_is_refused(media_root):
    out = io.BytesIO()
    Image.new("1", (8_000, 8_000)).save(out, "PNG")  # a few kB, 64 megapixels once decoded
    upload = SimpleUploadedFile("bom.png", out.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        images.prepare_image(upload)
    assert "kích thước điểm ảnh quá lớn" in refused.value.messages[0]


def test_a_published_articles_image_is_served_with_its_alt_text_on_the_page(client, media_root):
    from datetime import UTC, datetime

    article = services.save_article(
        _article(image_alt="Người dân lấy số thứ tự", published_at=datetime(2026, 1, 5, tzinfo=UTC)),
        image_upload=picture(),
    )
    page = client.get(f"/tin-tuc/{article.slug}/").content.decode()
    assert 'alt="Người dân lấy số thứ tự"' in page
    response = client.get(article.image_url())
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    assert client.get(article.thumb_url).status_code == 200


def test_a_draft_articles_image_is_not_public(client, media_root):
    article = services.save_article(_article(image_alt="Ảnh nháp"), image_upload=picture())
    assert client.get(article.image_url()).status_code == 404


def test_a_replaced_image_leaves_only_the_new_copies(media_root, django_capture_on_commit_callbacks):
    article = services.save_article(_article(image_alt="Ảnh cũ"), image_upload=picture(colour=(200, 0, 0)))
    old = {article.image.name, article.image_thumb.name}
    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(article, image_upload=picture(colour=(0, 200, 0)))
    kept = {str(p.relative_to(media_root)) for p in stored_files(media_root)}
    assert kept == {article.image.name, article.image_thumb.name}
    assert not kept & old


def test_an_image_file_missing_from_the_storage_is_a_404_not_an_error(client, media_root):
    from datetime import UTC, datetime

    article = services.save_article(
        _article(image_alt="Ảnh", published_at=datetime(2026, 1, 5, tzinfo=UTC)), image_upload=picture()
    )
    article.image.storage.delete(article.image.name)
    assert client.get(article.image_url()).status_code == 404
