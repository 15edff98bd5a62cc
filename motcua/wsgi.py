"""WSGI entry point of Một Cửa."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
application = get_wsgi_application()

# Demo accounts (published password) are switched off when a server starts without demo mode.
from motcua.accounts.services import enforce_demo_mode_at_start  # noqa: E402

enforce_demo_mode_at_start()
