from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "motcua.stats"
    label = "stats"
    verbose_name = "Thống kê, báo cáo"
