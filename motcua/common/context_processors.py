"""Values every page needs: the site's name and whether demo mode is on."""
from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "DEMO_MODE": settings.DEMO_MODE}
