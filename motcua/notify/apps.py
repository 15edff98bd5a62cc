from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class NotifyConfig(AppConfig):
    name = "motcua.notify"
    verbose_name = gettext_lazy("Thông báo")
