from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class NationalPortalConfig(AppConfig):
    name = "motcua.nationalportal"
    label = "nationalportal"
    verbose_name = gettext_lazy("Cổng Dịch vụ công quốc gia")

    def ready(self):
        # The periodic clock (`run_scheduler`, motcua.notify) enqueues the tasks of notify.tasks.PERIODIC; the
        # portal's sending joins them here, so that notify's files stay as they are (decision 0047).
        from motcua.notify import tasks as notify_tasks

        from .tasks import push_national_portal

        if push_national_portal not in notify_tasks.PERIODIC:
            notify_tasks.PERIODIC = (*notify_tasks.PERIODIC, push_national_portal)
