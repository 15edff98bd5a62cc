"""An article with a future publication instant is invisible until that instant; a draft never shows."""
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from motcua.news import selectors
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)  # 12:00 in Cẩm Phả
LATER = NOON + timedelta(hours=2)


@pytest.fixture
def scheduled(make_article):
    return make_article("Lịch làm việc mới", published_at=LATER, is_featured=True, summary="Hẹn giờ.")


@time_machine.travel(NOON, tick=False)
def test_a_scheduled_article_is_missing_everywhere_before_its_instant(client, scheduled):
    assert list(selectors.published_articles()) == []
    assert client.get(f"/tin-tuc/{scheduled.slug}/").status_code == 404
    assert client.get(f"/tin-tuc/bai/{scheduled.pk}/").status_code == 404
    for address in ("/tin-tuc/", "/", "/tin-tuc/rss/", "/tin-tuc/atom/"):
        assert "Lịch làm việc mới" not in client.get(address).content.decode(), address


def test_it_appears_on_its_own_at_the_instant(client, scheduled):
    with time_machine.travel(LATER - timedelta(seconds=1), tick=False):
        assert client.get(f"/tin-tuc/{scheduled.slug}/").status_code == 404
    with time_machine.travel(LATER, tick=False):
        assert client.get(f"/tin-tuc/{scheduled.slug}/").status_code == 200
        for address in ("/tin-tuc/", "/", "/tin-tuc/rss/", "/tin-tuc/atom/"):
            assert "Lịch làm việc mới" in client.get(address).content.decode(), address


def test_a_draft_without_an_instant_is_never_public(client, make_article):
    draft = make_article("Bản nháp chưa đăng", published_at=None)
    assert client.get(f"/tin-tuc/{draft.slug}/").status_code == 404
    assert "Bản nháp chưa đăng" not in client.get("/tin-tuc/").content.decode()


@time_machine.travel(NOON, tick=False)
def test_an_editor_previews_a_scheduled_article_marked_as_not_yet_public(client, scheduled):
    editor = UserFactory(role="admin", is_staff=True, is_superuser=True)
    client.force_login(editor)
    page = client.get(f"/tin-tuc/{scheduled.slug}/").content.decode()
    assert "Lịch làm việc mới" in page
    assert "công chúng chưa nhìn thấy bài này" in page
