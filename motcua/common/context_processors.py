"""Values every page needs: the site's name, the law the one-stop system runs under today, demo mode."""
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

FALLBACK_NAME = "Một Cửa"


def site(request):
    today = timezone.localdate()
    return {"SITE_NAME": settings.SITE_NAME or _center_name(today), "LAW_IN_FORCE": _law(today),
            "DEMO_MODE": settings.DEMO_MODE}


def _center_name(today) -> str:
    """The name of the installation's center as it stands today (MOTCUA_SITE_NAME, when set, wins): Cẩm
    Phả's center until 30 June 2025, the province's after (issue 12) — one query a minute, not per page."""
    def name() -> str:
        from motcua.units.selectors import default_center

        center = default_center(today)
        return center.name if center is not None else FALLBACK_NAME

    return cache.get_or_set(f"site:center-name:{settings.DEFAULT_CENTER_UNIT}:{today.isoformat()}", name, 60)


def _law(today) -> str:
    """The decree and circular in force, in the page's language (marked for translation in regimes)."""
    from django.utils.translation import gettext

    from motcua.forms.regimes import regime_on

    return gettext(regime_on(today).name)
