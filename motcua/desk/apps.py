from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "motcua.desk"
    label = "desk"
    verbose_name = "Bàn làm việc của cán bộ"
