"""Settings of Một Cửa: one module, configured by environment variables (read here and nowhere else)."""
import os
import tempfile
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def _flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("MOTCUA_DEBUG")
# Demo mode: the demo city's accounts (with a published password) may exist only when this is on.
DEMO_MODE = _flag("MOTCUA_DEMO")
# `load_demo_city` also loads the seed's year (Cẩm Phả 2018, motcua/history/scenarios) unless this is 0.
DEMO_YEAR = _flag("MOTCUA_DEMO_YEAR", "1")
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))


def _secret_key() -> str:
    """MOTCUA_SECRET_KEY, or a random key made once and kept in var/secret_key (never committed)."""
    key = os.environ.get("MOTCUA_SECRET_KEY", "")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    import secrets

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [h for h in os.environ.get("MOTCUA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("MOTCUA_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "motcua.common",
    "motcua.accounts",
    "motcua.units",
    "motcua.workdays",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.portal",
    "motcua.api",
    "motcua.demo",
    "motcua.forms",
    "motcua.notify",
    "motcua.stats",
    "motcua.history",
    "django_tasks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.common.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.common.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("MOTCUA_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL + a busy timeout let the web process and the worker share the embedded database; IMMEDIATE
    # transactions take the write lock at BEGIN, so two concurrent intakes queue for the code sequence
    # instead of failing with "database is locked" when both upgrade a read lock (ADR 0014).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a file, not Django's shared-cache memory database: shared cache locks tables without
    # waiting, so the concurrent-intake test could not show how the real file database behaves.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("MOTCUA_TEST_SQLITE", str(Path(tempfile.gettempdir()) / f"motcua-test-{os.getpid()}.sqlite3"))
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/dang-nhap/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on a missing root
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}
    if not DEBUG
    else {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "motcua.api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "motcua.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "motcua.api.problems.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Một Cửa API",
    "DESCRIPTION": "API của hệ thống một cửa, một cửa liên thông (Nghị định 61/2018/NĐ-CP).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

# The center whose calendar is used when a caller names no unit.
DEFAULT_CENTER_UNIT = os.environ.get("MOTCUA_DEFAULT_CENTER", "CP-HCC")
SITE_NAME = os.environ.get("MOTCUA_SITE_NAME", "Trung tâm Hành chính công thành phố Cẩm Phả")

# Public address of the portal: printed in the QR codes of the forms and in notifications.
MOTCUA_PUBLIC_URL = os.environ.get("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# Notifications (motcua.notify): the SMS gateway adapter and Django's e-mail backend.
MOTCUA_SMS_BACKEND = os.environ.get("MOTCUA_SMS_BACKEND", "motcua.notify.sms.ConsoleSmsBackend")
EMAIL_BACKEND = os.environ.get("MOTCUA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("MOTCUA_DEFAULT_FROM_EMAIL", "mot-cua@localhost")
# Background tasks (django-tasks). 0.12 ships only the immediate and dummy backends; the database
# backend is the separate django-tasks-db package: MOTCUA_TASKS_BACKEND=django_tasks_db.DatabaseBackend.
TASKS = {"default": {"BACKEND": os.environ.get("MOTCUA_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
if TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
    INSTALLED_APPS.append("django_tasks_db")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MOTCUA_LOG_LEVEL", "WARNING")},
}
