"""{% home_news %}: the home page's featured news and the center's activities, as a fragment."""
from django import template

from motcua.news import selectors

register = template.Library()

HOME_FEATURED = 4
HOME_ACTIVITIES = 5


@register.inclusion_tag("news/_home_news.html")
def home_news():
    return selectors.home_news(HOME_FEATURED, HOME_ACTIVITIES)
