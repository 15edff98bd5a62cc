from django.apps import AppConfig


class CitizenConfig(AppConfig):
    name = "motcua.citizen"
    label = "citizen"
    verbose_name = "Trang của công dân"
