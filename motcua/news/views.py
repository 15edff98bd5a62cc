"""Public news pages: list, category, article, its images. Views parse, call selectors, render."""
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors
from .models import Article, Category

PAGE_SIZE = 12


def _can_preview(request) -> bool:
    """The center's editors see a draft or a scheduled article as it will look (never the public)."""
    user = request.user
    return user.is_authenticated and user.is_staff and user.has_perm("news.view_article")


def _article_or_404(request, **lookup) -> Article:
    if _can_preview(request):
        return get_object_or_404(Article.objects.select_related("category"), **lookup)
    article = selectors.published_articles().filter(**lookup).first()
    if article is None:
        raise Http404(_("Không tìm thấy bài tin."))
    return article


@require_GET
def article_list(request, category: str | None = None):
    current = get_object_or_404(Category, slug=category) if category else None
    articles = selectors.published_articles()
    if current is not None:
        articles = articles.filter(category=current)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "current": current, "categories": selectors.categories_in_use()}
    return render(request, "news/list.html", context)


@require_GET
def article_detail(request, slug: str):
    article = _article_or_404(request, slug=slug)
    related = selectors.published_articles().filter(category=article.category).exclude(pk=article.pk)[:4]
    if article.published_at is None:
        state = "draft"
    else:
        state = "scheduled" if article.published_at > timezone.now() else "published"
    return render(request, "news/detail.html", {"article": article, "related": related, "state": state})


@require_GET
def permalink(request, pk: int):
    """A stable address (the feeds' identifiers) that follows the article if its slug changes."""
    return redirect(_article_or_404(request, pk=pk), permanent=False)


@require_GET
def image(request, pk: int, variant: str):
    """An article's resized image, from the media storage (served here, so that no web-server rule for
    /media/ is needed and an unpublished article's picture stays private)."""
    article = _article_or_404(request, pk=pk)
    field = {"lon": article.image, "nho": article.image_thumb}.get(variant)
    if not field:
        raise Http404(_("Bài tin không có ảnh."))
    try:
        handle = field.storage.open(field.name, "rb")
    except FileNotFoundError:  # media storage not restored with the database (docs/deployment.md)
        raise Http404(_("Không tìm thấy tệp ảnh.")) from None
    response = FileResponse(handle, content_type="image/jpeg")
    # The address carries the article's change time (Article.image_url), so a replaced picture gets a
    # new address and a day of caching never shows an old one; a preview is not cached at all.
    if article.published_at is not None and article.published_at <= timezone.now():
        patch_cache_control(response, public=True, max_age=86400)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
