"""The demo city has a few articles: featured news and activities on the home page, one scheduled."""
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from motcua.news import selectors
from motcua.news.demo import ARTICLES, load_demo_news
from motcua.news.models import Article

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_the_demo_articles_load_once_with_their_pictures_and_one_scheduled(client):
    assert load_demo_news() == len(ARTICLES)
    assert load_demo_news() == 0
    assert Article.objects.count() == len(ARTICLES)
    with_picture = Article.objects.exclude(image="")
    assert with_picture.count() == 2 and all(a.image_alt for a in with_picture)
    assert selectors.published_articles().count() == len(ARTICLES) - 1
    page = client.get("/").content.decode()
    assert "Trung tâm Hành chính công Cẩm Phả đưa vào hoạt động 20 quầy tiếp nhận" in page
    assert "Hội nghị đánh giá kết quả giải quyết thủ tục hành chính 6 tháng" in page


def test_the_scheduled_demo_article_appears_a_week_later():
    load_demo_news(now=NOW)
    with time_machine.travel(NOW + timedelta(days=8), tick=False):
        assert selectors.published_articles().count() == len(ARTICLES)
