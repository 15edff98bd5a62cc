from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class NewsConfig(AppConfig):
    name = "motcua.news"
    label = "news"
    verbose_name = gettext_lazy("Tin tức")
