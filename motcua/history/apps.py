from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "motcua.history"
    label = "history"
    verbose_name = "Dữ liệu lịch sử"
