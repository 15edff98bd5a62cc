from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"

    def ready(self):
        # A calendar or working-hours change must move every open dossier's due instant (domain.md §3).
        from motcua.workdays.services import register_recompute_listener

        from .deadlines import recompute_open_dossiers

        register_recompute_listener(recompute_open_dossiers)
