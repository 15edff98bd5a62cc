from django.apps import AppConfig


class FrontdeskConfig(AppConfig):
    name = "motcua.frontdesk"
    label = "frontdesk"
    verbose_name = "Tiếp đón, xếp hàng"
