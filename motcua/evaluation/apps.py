from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "motcua.evaluation"
    verbose_name = "Đánh giá việc giải quyết thủ tục hành chính"
    default_auto_field = "django.db.models.BigAutoField"
