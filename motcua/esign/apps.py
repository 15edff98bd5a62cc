from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class EsignConfig(AppConfig):
    name = "motcua.esign"
    verbose_name = gettext_lazy("Kết quả điện tử ký số")
