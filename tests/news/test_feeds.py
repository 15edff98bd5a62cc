"""The RSS 2.0 and Atom feeds: well-formed XML listing the published articles, newest first."""
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def articles(make_article):
    older = make_article(
        "Tập huấn cán bộ một cửa", published_at=NOW - timedelta(days=2), summary="Tập huấn kỹ năng.",
        body="<p>Nội dung <strong>tập huấn</strong>.</p>",
    )
    newer = make_article(
        "Khai trương 20 quầy", category="tin-noi-bat", published_at=NOW - timedelta(hours=1), summary="20 quầy mới.",
        body='<p>Chi tiết</p><script>alert("x")</script>',
    )
    make_article("Tin hẹn giờ", published_at=NOW + timedelta(days=1))
    return older, newer


@time_machine.travel(NOW, tick=False)
def test_the_rss_feed_lists_published_articles_newest_first_with_their_category_and_text(client, articles):
    older, newer = articles
    response = client.get("/tin-tuc/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "vi"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Khai trương 20 quầy", "Tập huấn cán bộ một cửa"]
    first = items[0]
    assert first.findtext("category") == "Tin nổi bật"
    assert first.findtext("link").endswith(f"/tin-tuc/{newer.slug}/")
    assert first.findtext("guid").endswith(f"/tin-tuc/bai/{newer.pk}/")
    assert "20 quầy mới." in first.findtext("description")
    assert "<script" not in first.findtext("description")
    assert "<strong>tập huấn</strong>" in items[1].findtext("description")


@time_machine.travel(NOW, tick=False)
def test_the_atom_feed_is_well_formed_and_has_the_same_entries(client, articles):
    response = client.get("/tin-tuc/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Khai trương 20 quầy", "Tập huấn cán bộ một cửa"]
    assert all(e.findtext(f"{ATOM}id") and e.findtext(f"{ATOM}updated") for e in entries)


def test_the_permalink_of_a_feed_item_follows_the_article(client, make_article):
    article = make_article("Tin có đường dẫn cố định", published_at=datetime(2026, 1, 5, tzinfo=UTC))
    response = client.get(f"/tin-tuc/bai/{article.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/tin-tuc/{article.slug}/"


def test_the_news_pages_announce_both_feeds(client, db):
    page = client.get("/tin-tuc/").content.decode()
    assert 'type="application/rss+xml"' in page and 'type="application/atom+xml"' in page
