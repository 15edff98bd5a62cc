"""The real client address of a request: REMOTE_ADDR, unless the request came through one of the
proxies the operator listed (MOTCUA_TRUSTED_PROXIES); then the right-most address of X-Forwarded-For
that is not itself a trusted proxy. A client-sent X-Forwarded-For is never believed by default."""
from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = set(settings.MOTCUA_TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(chain):
        if address not in trusted:
            return address
    return remote
