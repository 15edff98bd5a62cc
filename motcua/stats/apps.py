from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "motcua.stats"
    label = "stats"
    verbose_name = _("Thống kê, báo cáo")
