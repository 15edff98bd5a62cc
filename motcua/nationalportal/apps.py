from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class NationalPortalConfig(AppConfig):
    name = "motcua.nationalportal"
    label = "nationalportal"
    verbose_name = gettext_lazy("Cổng Dịch vụ công quốc gia")
