from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class FrontdeskConfig(AppConfig):
    name = "motcua.frontdesk"
    label = "frontdesk"
    verbose_name = gettext_lazy("Tiếp đón, xếp hàng")
