from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "motcua.demo"
    label = "demo"
    verbose_name = "Thành phố demo"
