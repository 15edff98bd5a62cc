"""Settings of Một Cửa: one module, configured by environment variables (read here and nowhere else)."""
import json
import os
import tempfile
from datetime import timedelta
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
# ... and Cẩm Phả's change on 1 July 2025 (Resolution 1679/NQ-UBTVQH15): the six new wards and communes with
# their centers and accounts, the old city ended into them (its open dossiers handed over), unless this is 0.
DEMO_REORGANISATION_2025 = _flag("MOTCUA_DEMO_2025", "1")
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

# Secure by default: HTTPS only (redirect, HSTS, Secure cookies). Plain HTTP must be asked for with
# MOTCUA_PLAIN_HTTP=1 — `make run` does so on 127.0.0.1, and so do the tests and `make dev`.
PLAIN_HTTP = _flag("MOTCUA_PLAIN_HTTP")
SECURE_SSL_REDIRECT = not PLAIN_HTTP
SECURE_HSTS_SECONDS = 0 if PLAIN_HTTP else int(os.environ.get("MOTCUA_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not PLAIN_HTTP
SECURE_HSTS_PRELOAD = not PLAIN_HTTP and _flag("MOTCUA_HSTS_PRELOAD", "1")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not PLAIN_HTTP
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy on every response (django-csp): scripts only from our own static
# files (no inline script, no eval: HTMX is configured without them), styles from our files (inline
# style attributes allowed: HTMX's indicator styles and a few templates use them), images from here or
# data: URLs (QR codes), nothing embeddable, forms posting only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Behind a TLS-terminating proxy (docs/deployment.md) the proxy says the request came over HTTPS;
# that header is trusted only when the operator says a proxy is there.
if _flag("MOTCUA_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health endpoints are called by the proxy over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "motcua.common",
    "motcua.audit",
    "motcua.accounts",
    "motcua.units",
    "motcua.workdays",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.desk",
    "motcua.citizen",
    "motcua.lookup",
    "motcua.open311",
    "motcua.portal",
    "motcua.api",
    "motcua.demo",
    "motcua.forms",
    "motcua.notify",
    "motcua.stats",
    "motcua.history",
    "motcua.frontdesk",
    "motcua.evaluation",
    "motcua.feedback",
    "motcua.news",
    "motcua.nationalportal",
    "motcua.payments",
    "motcua.esign",
    "django_prose_editor",
    "django_tasks",
]

MIDDLEWARE = [
    "motcua.common.middleware.EdgeGuardMiddleware",
    "motcua.workdays.middleware.CalendarTokenMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.common.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "motcua.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
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
        # Persistent connections: opening a PostgreSQL connection per request cost more than most
        # requests themselves (issue 10: keeping them open alone gave 3.9x on a trivial view).
        conn_max_age=int(os.environ.get("MOTCUA_DB_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
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
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT: the statistics query's cost estimate (a CASE per figure with event lookups) passes the JIT
    # thresholds, and compiling it took 3.4 s of a 3.5 s answer on the demo year; every other query is
    # short. Decision 0027. An installation can still turn it on per role in PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # Server-side parameters and prepared statements: a query run again on a kept connection is planned
    # once, not on every request (planning the dossier detail's 7-table join took longer than running it;
    # decision 0053). MOTCUA_DB_PREPARE_THRESHOLD=0 turns it off: needed behind PgBouncer in transaction
    # mode older than 1.21 (or without max_prepared_statements), which cannot keep prepared statements.
    _prepare = int(os.environ.get("MOTCUA_DB_PREPARE_THRESHOLD", "2"))
    if _prepare > 0:
        DATABASES["default"]["OPTIONS"].update({"server_side_binding": True, "prepare_threshold": _prepare})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

def _cache(url: str) -> dict:
    """MOTCUA_CACHE_URL: empty for one process's memory (development, tests); `db` for a table in the
    main database, shared by every app process and worker (`make run`, a small deployment);
    `redis://host:6379/0` for Redis (a province's several app machines; needs the `redis` package)."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url == "db":
        # Django culls a third of the table when it holds more than MAX_ENTRIES (300 by default) — a
        # throttle's history among them, so past a few hundred clients a minute the lookup limit would be
        # forgotten. Nothing is culled here: expired rows are deleted every minute by the periodic
        # `prune_expired_cache`, so the table holds about two minutes of clients; and a `set` is one
        # upsert, not Django's count of the table and transaction (motcua.common.cache).
        return {
            "BACKEND": "motcua.common.cache.SharedDatabaseCache", "LOCATION": "motcua_cache",
            "OPTIONS": {"MAX_ENTRIES": 10_000_000},
        }
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ValueError(f"MOTCUA_CACHE_URL: unknown cache {url!r} (empty, 'db' or redis://…)")


# Throttles (public lookup, sign-in) and task progress must be shared by all processes that serve.
CACHES = {"default": _cache(os.environ.get("MOTCUA_CACHE_URL", "").strip())}

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out account or client address before any password is checked.
AUTHENTICATION_BACKENDS = ["motcua.accounts.backends.LockoutBackend", "motcua.accounts.backends.AccountBackend"]

# Sign-in protection (ADR 0018). The client's address is REMOTE_ADDR unless the request comes from a
# proxy listed here, whose X-Forwarded-For is then read: no header is trusted by default.
MOTCUA_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("MOTCUA_TRUSTED_PROXIES", "").split(",") if p.strip()]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # the database: shared by every process
AXES_FAILURE_LIMIT = int(os.environ.get("MOTCUA_SIGNIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MOTCUA_SIGNIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks it
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "motcua.common.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "motcua.accounts.lockout.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Two-factor sign-in (TOTP with recovery codes) for officers and administrators; demo accounts in demo
# mode go without (their password is public anyway).
MOTCUA_REQUIRE_2FA = _flag("MOTCUA_REQUIRE_2FA", "1")
OTP_TOTP_ISSUER = "Một Cửa"
# API bearer tokens expire (hours) and can be revoked (DELETE /api/v1/auth/token).
MOTCUA_TOKEN_TTL_HOURS = int(os.environ.get("MOTCUA_TOKEN_TTL_HOURS", "12"))
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
# A multipart request carries the scans of a dossier (each at most 20 MB, motcua.dossiers.attachments).
MOTCUA_MAX_UPLOAD_REQUEST_BYTES = int(os.environ.get("MOTCUA_MAX_UPLOAD_REQUEST_MB", "100")) * 1024 * 1024

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
    # Throttles identify a client by motcua.common.clientip (REMOTE_ADDR unless from a trusted proxy).
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Một Cửa API",
    "DESCRIPTION": "API của hệ thống một cửa, một cửa liên thông (Nghị định 61/2018/NĐ-CP).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents its problem+json error responses (motcua.api.schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "motcua.api.schema.add_problem_responses",
    ],
}

# The center whose calendar is used when a caller names no unit.
DEFAULT_CENTER_UNIT = os.environ.get("MOTCUA_DEFAULT_CENTER", "CP-HCC")
# The name in every page's header; by default the name of the center in force today (DEFAULT_CENTER_UNIT or
# its successor: common.context_processors).
SITE_NAME = os.environ.get("MOTCUA_SITE_NAME", "")



def public_url(environ) -> str:
    """Public address of the portal: printed in the QR codes of the forms and in notifications.

    MOTCUA_PUBLIC_URL when set; otherwise the address the server was started on (`make run` passes its
    HOST and PORT as MOTCUA_HOST / MOTCUA_PORT; PORT alone is honoured too), so `PORT=8101 make run`
    prints :8101 in its QR codes, e-mails and SMS. A wildcard bind address is not reachable as such:
    it stands for this machine.
    """
    explicit = environ.get("MOTCUA_PUBLIC_URL", "").strip()
    if explicit:
        return explicit.rstrip("/")
    host = environ.get("MOTCUA_HOST", "").strip() or "127.0.0.1"
    if host in {"0.0.0.0", "::", "[::]"}:
        host = "127.0.0.1"
    port = (environ.get("MOTCUA_PORT", "") or environ.get("PORT", "")).strip() or "8000"
    return f"http://{host}" + ("" if port == "80" else f":{port}")


MOTCUA_PUBLIC_URL = public_url(os.environ)
# The key of the check element printed on receipts beside the dossier code (motcua.forms.marks): the
# public lookup needs both. Changing it invalidates every receipt already printed: set it once.
MOTCUA_LOOKUP_KEY = os.environ.get("MOTCUA_LOOKUP_KEY") or SECRET_KEY
# Anchors of the audit chain outside the database (motcua.dossiers.anchors, ADR 0017): an append-only
# file on the application server, signed with a key that is not in the database, and the auditor's
# e-mail address that receives each anchor's head hash.
MOTCUA_AUDIT_ANCHOR_FILE = os.environ.get("MOTCUA_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit" / "anchors.jsonl"))
MOTCUA_AUDIT_ANCHOR_KEY = os.environ.get("MOTCUA_AUDIT_ANCHOR_KEY") or SECRET_KEY
MOTCUA_AUDIT_ANCHOR_EVERY = int(os.environ.get("MOTCUA_AUDIT_ANCHOR_EVERY_SECONDS", str(24 * 3600)))
MOTCUA_AUDIT_EMAIL = os.environ.get("MOTCUA_AUDIT_EMAIL", "")
# Notifications (motcua.notify): the SMS gateway adapter and Django's e-mail backend.
MOTCUA_SMS_BACKEND = os.environ.get("MOTCUA_SMS_BACKEND", "motcua.notify.sms.ConsoleSmsBackend")
# SMS brand-name gateway and Zalo ZNS over HTTP (docs/decisions/0046): MOTCUA_SMS_BACKEND=
# motcua.notify.sms.HttpSmsBackend; what an applicant's phone gets: "sms", "zalo" or "zalo+sms" (Zalo, and
# an SMS when the number has no Zalo account); ZNS template ids as JSON {"received": "123", "default": …}.
MOTCUA_SMS_GATEWAY = {
    key: os.environ.get(f"MOTCUA_SMS_GATEWAY_{key}", "") for key in ("URL", "BRANDNAME", "API_KEY", "API_SECRET", "RECEIPT_SECRET")
} | {"TIMEOUT": float(os.environ.get("MOTCUA_SMS_GATEWAY_TIMEOUT", "10"))}
MOTCUA_PHONE_CHANNELS = os.environ.get("MOTCUA_PHONE_CHANNELS", "sms")
MOTCUA_ZALO_BACKEND = os.environ.get("MOTCUA_ZALO_BACKEND", "motcua.notify.zalo.ConsoleZaloBackend")
MOTCUA_ZALO = {
    key: os.environ.get(f"MOTCUA_ZALO_{key}", "")
    for key in ("APP_ID", "SECRET_KEY", "ACCESS_TOKEN", "REFRESH_TOKEN", "RECEIPT_SECRET")
} | {
    "URL": os.environ.get("MOTCUA_ZALO_URL", "https://business.openapi.zalo.me/message/template"),
    "OAUTH_URL": os.environ.get("MOTCUA_ZALO_OAUTH_URL", "https://oauth.zaloapp.com/v4/oa/access_token"),
    "TIMEOUT": float(os.environ.get("MOTCUA_ZALO_TIMEOUT", "10")),
    "TEMPLATES": json.loads(os.environ.get("MOTCUA_ZALO_TEMPLATES", "{}")),
}
EMAIL_BACKEND = os.environ.get("MOTCUA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("MOTCUA_DEFAULT_FROM_EMAIL", "mot-cua@localhost")
# Citizens' sign-in through an OpenID Connect provider (the national e-identity, VNeID; decision 0044):
# off unless an issuer (its /.well-known/openid-configuration is read) and a client are configured.
MOTCUA_OIDC = {
    "ISSUER": os.environ.get("MOTCUA_OIDC_ISSUER", "").strip().rstrip("/"),
    "CLIENT_ID": os.environ.get("MOTCUA_OIDC_CLIENT_ID", ""),
    "CLIENT_SECRET": os.environ.get("MOTCUA_OIDC_CLIENT_SECRET", ""),
    "SCOPE": os.environ.get("MOTCUA_OIDC_SCOPE", "openid profile email phone"),
    "ID_NUMBER_CLAIM": os.environ.get("MOTCUA_OIDC_ID_NUMBER_CLAIM", "identity_number"),
}
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

# Feedback (phản ánh, kiến nghị; docs/decisions/0033): handling time in working days (product rule,
# no figure in the legal notes for Decree 20/2008/NĐ-CP) and submissions per client IP.
MOTCUA_FEEDBACK_WORKING_DAYS = int(os.environ.get("MOTCUA_FEEDBACK_WORKING_DAYS", "10"))
MOTCUA_FEEDBACK_RATE = os.environ.get("MOTCUA_FEEDBACK_RATE", "5/hour")
# Public lookups per client address a minute (dossiers_web/throttles.py), API and page together.
MOTCUA_LOOKUP_RATE = os.environ.get("MOTCUA_LOOKUP_RATE", "30/minute")

# Open311 GeoReport v2 read API (docs/decisions/0041): the one jurisdiction this server answers for. Empty:
# any `jurisdiction_id` is accepted; set, another value is answered 404.
MOTCUA_OPEN311_JURISDICTION = os.environ.get("MOTCUA_OPEN311_JURISDICTION", "").strip()

# The National Public Service Portal (Cổng Dịch vụ công quốc gia; motcua.nationalportal, decision 0047):
# every dossier's status pushed as it changes, through an outbox. Off unless enabled. Authentication:
# an OAuth2 client-credentials token from MOTCUA_DVCQG_TOKEN_URL (cached until it expires), or, without a
# token URL, the static bearer token MOTCUA_DVCQG_TOKEN.
MOTCUA_DVCQG_ENABLED = os.environ.get("MOTCUA_DVCQG_ENABLED", "") == "1"
MOTCUA_DVCQG_URL = os.environ.get("MOTCUA_DVCQG_URL", "").strip()
MOTCUA_DVCQG_TOKEN_URL = os.environ.get("MOTCUA_DVCQG_TOKEN_URL", "").strip()
MOTCUA_DVCQG_CLIENT_ID = os.environ.get("MOTCUA_DVCQG_CLIENT_ID", "")
MOTCUA_DVCQG_CLIENT_SECRET = os.environ.get("MOTCUA_DVCQG_CLIENT_SECRET", "")
MOTCUA_DVCQG_TOKEN = os.environ.get("MOTCUA_DVCQG_TOKEN", "")
MOTCUA_DVCQG_TIMEOUT = float(os.environ.get("MOTCUA_DVCQG_TIMEOUT_SECONDS", "10"))

# Online payment of fees (motcua.payments, docs/decisions/0042): the gateway adapter (`vnpay`, or a dotted
# class path; empty: no online payment), its payment page and API URLs, the merchant code and shared secret.
# The sandbox gateway (/cong-thanh-toan-thu/) runs inside the project: on in demo and debug, off otherwise;
# with it on and nothing else set, payments go to it with a development secret.
MOTCUA_PAYMENT_SANDBOX = _flag("MOTCUA_PAYMENT_SANDBOX", "1" if DEMO_MODE or DEBUG else "0")
MOTCUA_PAYMENT_GATEWAY = os.environ.get("MOTCUA_PAYMENT_GATEWAY", "vnpay" if MOTCUA_PAYMENT_SANDBOX else "").strip()
MOTCUA_PAYMENT_URL = os.environ.get("MOTCUA_PAYMENT_URL", "").strip()
MOTCUA_PAYMENT_API_URL = os.environ.get("MOTCUA_PAYMENT_API_URL", "").strip()
MOTCUA_PAYMENT_MERCHANT = os.environ.get("MOTCUA_PAYMENT_MERCHANT", "MOTCUA01" if MOTCUA_PAYMENT_SANDBOX else "").strip()
MOTCUA_PAYMENT_SECRET = os.environ.get("MOTCUA_PAYMENT_SECRET", "") or (
    "sandbox-" + SECRET_KEY[:32] if MOTCUA_PAYMENT_SANDBOX else "")
MOTCUA_PAYMENT_SEND_IPN_URL = _flag("MOTCUA_PAYMENT_SEND_IPN_URL", "1" if MOTCUA_PAYMENT_SANDBOX else "0")

# Electronic results (motcua.esign, docs/decisions/0043): a result PDF taken in with `resolve` is stamped and
# signed PAdES with the unit's certificate: a PKCS#12 file (MOTCUA_ESIGN_PKCS12, its password in
# MOTCUA_ESIGN_PKCS12_PASSWORD) or a PEM key, certificate and issuers' chain. With neither present, results are
# kept as uploaded, unsigned. In demo mode `load_demo_city` makes a demo CA and certificate at the PEM paths.
MOTCUA_ESIGN_DIR = Path(os.environ.get("MOTCUA_ESIGN_DIR", VAR_DIR / "esign"))
MOTCUA_ESIGN_KEY = os.environ.get("MOTCUA_ESIGN_KEY", str(MOTCUA_ESIGN_DIR / "signer-key.pem"))
MOTCUA_ESIGN_CERT = os.environ.get("MOTCUA_ESIGN_CERT", str(MOTCUA_ESIGN_DIR / "signer-cert.pem"))
MOTCUA_ESIGN_CHAIN = os.environ.get("MOTCUA_ESIGN_CHAIN", str(MOTCUA_ESIGN_DIR / "ca-cert.pem"))
MOTCUA_ESIGN_PKCS12 = os.environ.get("MOTCUA_ESIGN_PKCS12", "")
MOTCUA_ESIGN_PKCS12_PASSWORD = os.environ.get("MOTCUA_ESIGN_PKCS12_PASSWORD", "")
MOTCUA_ESIGN_DEMO_CERTIFICATE = _flag("MOTCUA_ESIGN_DEMO_CERTIFICATE", "1")  # acted on in demo mode only
MOTCUA_ESIGN_FONT = os.environ.get("MOTCUA_ESIGN_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
