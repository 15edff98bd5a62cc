from django.apps import AppConfig


class LookupConfig(AppConfig):
    name = "motcua.lookup"
    label = "lookup"
    verbose_name = "Tra cứu hồ sơ"
