"""The center's staff write news in the admin: the rich-text editor, an image with its alt text, safe HTML."""
import re

import pytest
from django.contrib.auth.models import Permission

from motcua.news.models import Article, Category
from tests.factories import UserFactory

from .conftest import picture, stored_files

pytestmark = pytest.mark.django_db

ADD = "/quan-tri/news/article/add/"


@pytest.fixture
def editor(client):
    """A staff member of the center with the news permissions only (not a superuser)."""
    user = UserFactory(role="center_director", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="news"))
    client.force_login(user)
    return user


def _form(**overrides):
    data = {
        "title": "Khai trương quầy số 20",
        "slug": "khai-truong-quay-so-20",
        "category": Category.objects.get(slug="tin-noi-bat").pk,
        "summary": "Quầy mới phục vụ nhóm thủ tục đất đai.",
        "body": '<p>Từ hôm nay <strong>quầy 20</strong> mở cửa.</p><script>alert(1)</script><p onmouseover="x()">Hết.</p>',
        "is_featured": "on",
        "published_at_0": "02/03/2026",
        "published_at_1": "08:00:00",
        "image_alt": "Quầy số 20 ngày khai trương",
    }
    data.update(overrides)
    return data


def test_the_add_page_has_the_rich_text_editor_loaded_under_the_strict_policy(client, editor):
    response = client.get(ADD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-django-prose-editor-configurable" in page
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in page or re.search(
        rf'<script[^>]*type="importmap"[^>]*nonce="{re.escape(nonce)}"', page
    )
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]


def test_the_add_page_names_the_date_and_time_inputs_and_loads_the_editor_naming_script(client, editor):
    """Accessibility (decision 0039): the split date/time inputs have names of their own, and the editing area
    of the rich-text editor is named by a static script (no inline script under the strict policy)."""
    page = client.get(ADD).content.decode()
    assert re.search(r'<input[^>]*aria-label="Ngày đăng"[^>]*id="id_published_at_0"', page)
    assert re.search(r'<input[^>]*aria-label="Giờ đăng"[^>]*id="id_published_at_1"', page)
    assert re.search(r'<script src="[^"]*news/prose-editor-a11y\.js"', page)


def test_the_date_and_time_names_are_in_english_for_an_english_admin(client, editor, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(ADD).content.decode()
    assert 'aria-label="Date of publication"' in page and 'aria-label="Time of publication"' in page


def test_an_editor_adds_an_article_with_an_image_and_the_body_is_stored_safe(client, editor, media_root):
    response = client.post(ADD, _form(image_upload=picture((3000, 2000))))
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert article.created_by == editor and article.is_featured
    assert article.body == "<p>Từ hôm nay <strong>quầy 20</strong> mở cửa.</p><p>Hết.</p>"
    assert (article.image_width, article.image_height) == (1600, 1067)
    assert article.image_alt == "Quầy số 20 ngày khai trương"
    assert len(stored_files(media_root)) == 2


def test_an_image_without_alt_text_is_refused_in_the_form_and_nothing_is_stored(client, editor, media_root):
    response = client.post(ADD, _form(image_alt="", image_upload=picture()))
    assert response.status_code == 200
    assert "Ảnh phải có mô tả (văn bản thay thế) cho người khiếm thị." in response.content.decode()
    assert not Article.objects.exists() and stored_files(media_root) == []


def test_a_file_that_is_not_an_image_gets_a_vietnamese_error_in_the_form(client, editor, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.png", b"<?php echo 1; ?>", content_type="image/png")
    response = client.post(ADD, _form(image_upload=fake))
    assert response.status_code == 200
    assert "Tệp đã chọn không phải là ảnh hoặc ảnh bị hỏng" in response.content.decode()
    assert not Article.objects.exists() and stored_files(media_root) == []


def test_an_editor_removes_the_image_of_an_article(client, editor, media_root, django_capture_on_commit_callbacks):
    client.post(ADD, _form(image_upload=picture()))
    article = Article.objects.get()
    data = _form(remove_image="on", image_alt="")
    with django_capture_on_commit_callbacks(execute=True):  # the files go once the change is committed
        response = client.post(f"/quan-tri/news/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert not article.image and not article.image_thumb
    assert stored_files(media_root) == []


def test_a_citizen_cannot_reach_the_news_admin(client):
    client.force_login(UserFactory())
    assert client.get(ADD).status_code == 302


def test_an_empty_address_is_made_from_the_vietnamese_title(client, editor):
    # The admin's own JavaScript would drop "ở", "ả", "ố" ("trung-tam-m-them"); the service folds them.
    response = client.post(ADD, _form(slug="", title="Mở thêm quầy trả kết quả ở Cẩm Phả"))
    assert response.status_code == 302
    assert Article.objects.get().slug == "mo-them-quay-tra-ket-qua-o-cam-pha"


def test_a_category_added_in_the_admin_gets_its_address_from_its_name(client, editor):
    response = client.post("/quan-tri/news/category/add/", {"name": "Cải cách hành chính", "slug": "", "sort_order": 4})
    assert response.status_code == 302
    assert Category.objects.get(name="Cải cách hành chính").slug == "cai-cach-hanh-chinh"


def test_a_40_mb_upload_through_the_admin_gets_a_vietnamese_error_and_nothing_is_stored(client, editor, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    huge = SimpleUploadedFile("anh-40mb.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (40 * 1024 * 1024), content_type="image/jpeg")
    response = client.post(ADD, _form(image_upload=huge))
    assert response.status_code == 200
    assert "Tệp ảnh quá lớn (40.0 MB); ảnh tối đa 10 MB." in response.content.decode()
    assert not Article.objects.exists() and stored_files(media_root) == []
