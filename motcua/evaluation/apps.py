from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class EvaluationConfig(AppConfig):
    name = "motcua.evaluation"
    verbose_name = gettext_lazy("Đánh giá việc giải quyết thủ tục hành chính")
    default_auto_field = "django.db.models.BigAutoField"
