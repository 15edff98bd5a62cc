from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "motcua.forms"
    label = "motcua_forms"
    verbose_name = "Biểu mẫu"
