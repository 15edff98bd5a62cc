from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class FeedbackConfig(AppConfig):
    name = "motcua.feedback"
    verbose_name = gettext_lazy("Phản ánh, kiến nghị")
