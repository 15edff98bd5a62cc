"""Reads of the news: only what is published at the given instant is public."""
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from .models import ACTIVITIES_CATEGORY, Article, Category


def published_articles(now: datetime | None = None) -> QuerySet[Article]:
    """Articles whose publication instant has come (a draft has none; a scheduled one is in the future)."""
    now = now or timezone.now()
    return Article.objects.filter(published_at__isnull=False, published_at__lte=now).select_related("category")


def featured_articles(limit: int, now: datetime | None = None) -> list[Article]:
    return list(published_articles(now).filter(is_featured=True)[:limit])


def category_articles(slug: str, limit: int, now: datetime | None = None) -> list[Article]:
    return list(published_articles(now).filter(category__slug=slug)[:limit])


def activities(limit: int, now: datetime | None = None) -> list[Article]:
    """The center's own activities ("Hoạt động của TTHCC") for the home page."""
    return category_articles(ACTIVITIES_CATEGORY, limit, now)


def published_article(slug: str, now: datetime | None = None) -> Article | None:
    return published_articles(now).filter(slug=slug).first()


def categories_in_use(now: datetime | None = None) -> QuerySet[Category]:
    """Categories with at least one published article, for the list page's navigation."""
    now = now or timezone.now()
    return Category.objects.filter(articles__published_at__lte=now).distinct()
