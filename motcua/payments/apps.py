from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    verbose_name = gettext_lazy("Thanh toán trực tuyến")
