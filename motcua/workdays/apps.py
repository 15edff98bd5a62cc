from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "motcua.workdays"
    label = "workdays"
    verbose_name = _("Lịch làm việc và thời hạn")

    def ready(self):
        # A unit's working hours or its place in the tree (whose hours and calendar it may inherit) change
        # deadlines: the unit tree calls the calendar's recompute through this registration, so units never
        # imports workdays (the arrow points from workdays to units only).
        from motcua.units.services import register_working_time_listener

        from .services import calendar_changed

        register_working_time_listener(calendar_changed)
