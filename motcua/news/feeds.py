"""RSS 2.0 and Atom 1.0 feeds of the published news (django.contrib.syndication)."""
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .selectors import published_articles

FEED_ITEMS = 30


class LatestNewsFeed(Feed):
    description_template = "news/feed_description.html"

    def title(self):
        return f"Tin tức — {settings.SITE_NAME}"

    def link(self):
        return reverse("news:list")

    def description(self):
        return f"Tin nổi bật và hoạt động của {settings.SITE_NAME}."

    language = "vi"  # the articles are written in Vietnamese whatever the reader's interface language

    def items(self):
        # Evaluated per request: a scheduled article enters the feed when its instant has come.
        return published_articles()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item):
        return [item.category.name]

    def item_guid(self, item):
        return settings.MOTCUA_PUBLIC_URL + reverse("news:permalink", args=[item.pk])

    item_guid_is_permalink = False


class LatestNewsAtomFeed(LatestNewsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
