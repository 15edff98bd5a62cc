"""Reads of the news: only what is published at the given instant is public."""
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import ACTIVITIES_CATEGORY, Article, Category


def published_articles(now: datetime | None = None) -> QuerySet[Article]:
    """Articles whose publication instant has come (a draft has none; a scheduled one is in the future)."""
    now = now or timezone.now()
    return Article.objects.filter(published_at__isnull=False, published_at__lte=now).select_related("category")


# The home page's two lists come from one query over the newest candidates of either list (the page's
# query budget is tested: tests/portal/test_home.py). Only if more than this many newer featured
# articles crowded them out would the activities list come up short.
HOME_CANDIDATES = 40


def home_news(featured: int, activities: int, now: datetime | None = None) -> dict[str, list[Article]]:
    """The featured news and the center's activities, newest first, from one query."""
    candidates = list(
        published_articles(now).filter(Q(is_featured=True) | Q(category__slug=ACTIVITIES_CATEGORY))[:HOME_CANDIDATES]
    )
    return {
        "featured": [a for a in candidates if a.is_featured][:featured],
        "activities": [a for a in candidates if a.category.slug == ACTIVITIES_CATEGORY][:activities],
    }


def categories_in_use(now: datetime | None = None) -> QuerySet[Category]:
    """Categories with at least one published article, for the list page's navigation."""
    now = now or timezone.now()
    return Category.objects.filter(articles__published_at__lte=now).distinct()
