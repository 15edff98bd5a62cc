"""The home page shows the featured news and the center's activities, published ones only."""
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)


def _section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"')[1].split("</section>")[0]


@time_machine.travel(NOW, tick=False)
def test_featured_news_and_activities_are_on_the_home_page(client, make_article):
    make_article("Khai trương 20 quầy", category="tin-noi-bat", is_featured=True, published_at=NOW - timedelta(days=1))
    make_article("Hội nghị 6 tháng", category="hoat-dong-tthcc", published_at=NOW - timedelta(days=2))
    make_article("Thông báo thường", category="thong-bao", published_at=NOW - timedelta(days=1))
    make_article("Nổi bật nhưng hẹn giờ", is_featured=True, published_at=NOW + timedelta(hours=1))
    page = client.get("/").content.decode()
    featured = _section(page, "featured-news-title")
    activities = _section(page, "activities-title")
    assert "Khai trương 20 quầy" in featured
    assert "Hội nghị 6 tháng" not in featured and "Thông báo thường" not in featured
    assert "Hội nghị 6 tháng" in activities and "Khai trương 20 quầy" not in activities
    assert "Nổi bật nhưng hẹn giờ" not in page
    assert 'href="/tin-tuc/"' in page


def test_a_home_page_without_news_says_so(client, db):
    page = client.get("/").content.decode()
    assert "Chưa có tin nổi bật." in page and "Chưa có tin hoạt động." in page


def test_the_home_page_news_read_in_english_when_english_is_chosen(client, db):
    client.cookies["django_language"] = "en"
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Featured news" in page and "Activities of the Center" in page


@time_machine.travel(NOW, tick=False)
def test_both_home_lists_cost_one_query(make_article, django_assert_num_queries):
    from motcua.news.selectors import home_news

    for i in range(6):
        make_article(f"Nổi bật {i}", category="tin-noi-bat", is_featured=True, published_at=NOW - timedelta(hours=i + 1))
        make_article(f"Hoạt động {i}", published_at=NOW - timedelta(hours=i + 1))
    with django_assert_num_queries(1):
        lists = home_news(4, 5)
        titles = {k: [a.title for a in v] for k, v in lists.items()}
    assert titles == {
        "featured": [f"Nổi bật {i}" for i in range(4)],
        "activities": [f"Hoạt động {i}" for i in range(5)],
    }
