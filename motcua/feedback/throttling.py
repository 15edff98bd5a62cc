"""The filing throttle of feedback, shared by the portal page and the API."""
from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class FeedbackThrottle(SimpleRateThrottle):
    """Feedback filed per client IP (default 5 an hour; MOTCUA_FEEDBACK_RATE), in the shared cache like
    the lookup's throttle: every attempt counts, so a script cannot try endlessly."""

    scope = "feedback"

    def get_rate(self) -> str:
        return getattr(settings, "MOTCUA_FEEDBACK_RATE", "5/hour")

    def get_ident(self, request) -> str:
        from motcua.common.clientip import client_ip

        return client_ip(request)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
