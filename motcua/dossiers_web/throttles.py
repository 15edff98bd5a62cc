"""The public lookup's rate limit per client IP, shared by every door that reads a dossier by its code:
the API, the lookup page and the Open311 read API count against the same budget."""
from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class LookupThrottle(SimpleRateThrottle):
    """Lookups per client IP, API and page together (default 30 a minute; MOTCUA_LOOKUP_RATE)."""

    scope = "lookup"

    def get_rate(self) -> str:
        return getattr(settings, "MOTCUA_LOOKUP_RATE", "30/minute")

    def get_ident(self, request) -> str:
        from motcua.common.clientip import client_ip

        return client_ip(request)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def lookup_allowed(request) -> tuple[bool, int | None]:
    """The same throttle for a plain Django request (the portal page): (allowed, seconds to wait)."""
    throttle = LookupThrottle()
    if throttle.allow_request(request, None):
        return True, None
    wait = throttle.wait()
    return False, int(wait) + 1 if wait is not None else None
