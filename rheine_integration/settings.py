"""Settings for Rheine Integration, read from the environment.

Development defaults are safe to run on a laptop; production behaviour is switched by
variables (DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, EMAIL_URL, ...), not by
another settings file. Without DATABASE_URL / REDIS_URL the app starts an embedded PostgreSQL
and Redis (rheine_integration/embedded.py); SQLite is never used.
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rheine_integration import embedded
from rheine_integration.countries import german_country_names

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; absent in CI and containers

DEBUG = env.bool("DEBUG", default=True)
# The development keys are in the repository: production (DEBUG=0) refuses them (end of file).
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-set-SECRET_KEY-in-production"  # noqa: S105  # nosec B105
DEVELOPMENT_FIELD_ENCRYPTION_KEY = "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZHU="
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",  # widget templates for the TemplatesSetting-based KERN renderer
    "guardian",
    "django_filters",
    "django_celery_beat",
    "django_countries",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "networks",
    "cases",
    "steering",
    # The composition root: commands that span the apps (demo data, benchmark).
    "rheine_integration",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's SessionMiddleware, but a failed session refresh after a committed write is logged.
    "rheine_integration.base.sessions.TolerantSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages for logged-in users carry personal data: none is kept in a cache (no-store).
    "rheine_integration.caching.NoStoreForUsersMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A body declared larger than an upload may be is refused unread (rheine_integration.uploads).
    "rheine_integration.uploads.RequestSizeLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Deny by default: every view needs a logged-in user unless it opts out explicitly.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Roles with access to case content must pass the second factor (rheine_integration.twofactor).
    "rheine_integration.twofactor.OTPRequiredMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rheine_integration.urls"
WSGI_APPLICATION = "rheine_integration.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "networks.context_processors.navigation",
                "rheine_integration.twofactor.second_factor",
                "rheine_integration.accessibility.session_timeout",
            ],
            "libraries": {
                "kern": "rheine_integration.templatetags.kern",
                "labels": "rheine_integration.templatetags.labels",
            },
        },
    },
    {
        # Partials on hot paths only, asked for by name with using="jinja2" (see its module).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "rheine_integration.base.jinja2.environment"},
    },
]
# Every form renders its fields with the KERN markup (templates/forms/field.html).
FORM_RENDERER = "rheine_integration.base.forms.KernFormRenderer"

# --- Data stores ---------------------------------------------------------------------------
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    DATABASES = {"default": embedded.ensure_postgres()}
# Two roles in production (README, "Datenbankrollen"): DATABASE_URL is the app's role, which owns
# nothing; MIGRATION_DATABASE_URL the owner's, used only by `manage.py migrate` (which then grants
# the app's role its privileges). Unset, migrate runs as DATABASE_URL's role (development).
MIGRATION_DATABASE = (
    env.db_url("MIGRATION_DATABASE_URL") if env.str("MIGRATION_DATABASE_URL", default="") else None
)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Pages run short indexed queries; starting parallel workers for one costs more than the query
# (README, benchmark records) and takes cores from the other requests.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    f"-c max_parallel_workers_per_gather={env.int('DATABASE_PARALLEL_WORKERS', default=0)}"
)
# Parallel test runs on one server (several developers, CI) need distinct test databases.
if env.str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="") or embedded.ensure_redis()
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "rheine",
    },
    # Per process, never shared: HTML that depends only on master data and the request's
    # parameters (cases.filters.rendered_fields). Needs no Redis.
    "rendered": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "rendered",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

# --- Authentication and access -------------------------------------------------------------
AUTH_USER_MODEL = "networks.User"
# What auth_backends.ModelBackend loads with the user for every page (the bell's count).
USER_PAGE_DATA = "cases.notifications.with_unread_count"
AUTHENTICATION_BACKENDS = [
    # First: refuses logins of a locked-out username+address pair before the password is checked.
    "rheine_integration.auth_backends.LockoutBackend",
    "rheine_integration.auth_backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user; nothing is visible without login
GUARDIAN_RAISE_403 = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions end after an hour without activity and with the browser (public-sector practice).
# Activity extends the session at most every SESSION_REFRESH_SECONDS instead of on every
# request (rheine_integration.base.sessions): a page then costs one session read, not a write too.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60)
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=5 * 60)
# WCAG 2.2.1: this long before the session ends, a warning offers to extend it.
SESSION_WARNING_SECONDS = env.int("SESSION_WARNING_SECONDS", default=5 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# Behind a TLS proxy gunicorn marks a request as HTTPS only when it comes from an address in
# FORWARDED_ALLOW_IPS (gunicorn.conf.py); Django then needs no header of its own. Trusting
# X-Forwarded-Proto here would let any client that reaches the app claim HTTPS, so it is opt-in
# for servers without that check, behind a proxy that always overwrites the header.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# "preload" only allows submitting the domain to the browsers' list; that step stays manual.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Lockout after repeated failures (django-axes). Locked per username AND address: one office
# behind one address is not locked out by a single colleague's typos, and guessing one account
# from many addresses is still slowed by the per-pair limit plus the password rules. Password
# spraying (few guesses for many names from one address) meets the higher limit per address
# across user names (rheine_integration.lockout).
AXES_HANDLER = "rheine_integration.lockout.PairAndAddressLockoutHandler"
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=6)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)
AXES_SENSITIVE_PARAMETERS = ["password"]

# Two-factor login (django-otp, TOTP). Every role listed here must pass it before any page but
# the setup/verify pages and logout; tests keep OTP_REQUIRED on.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=True)
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=["case_manager", "coordinator"])
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Rheine Integration")

# Content Security Policy (django-csp 4): no inline scripts or styles, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Field-level encryption of the most sensitive free texts (rheine_integration.base.encryption.EncryptedTextField):
# comma-separated Fernet keys, the first encrypts, all decrypt (rotation: README).
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEY",
    default=[DEVELOPMENT_FIELD_ENCRYPTION_KEY] if DEBUG else environ.Env.NOTSET,
)
if not DEBUG and (
    SECRET_KEY == DEVELOPMENT_SECRET_KEY
    or DEVELOPMENT_FIELD_ENCRYPTION_KEY in FIELD_ENCRYPTION_KEYS
):
    raise ImproperlyConfigured(
        "DEBUG=0 with the development SECRET_KEY or FIELD_ENCRYPTION_KEY from the repository: "
        "set keys of your own (README, Deployment)."
    )

# --- Language, time, formats ----------------------------------------------------------------
LANGUAGE_CODE = "de"
# German only until a catalogue for another language exists in locale/: with English listed, a
# browser asking for English got Django's own texts (form labels, validation messages) in
# English between the app's German ones.
LANGUAGES = [("de", _("Deutsch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# The empty choice of a select: in filter forms it means "all" (django-filter's setting); entry
# forms ask for a choice (cases.forms.SafeTextMixin). Django's own is "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("– alle –")
COUNTRIES_FIRST = ["SY", "AF", "IQ", "ER", "TR", "UA"]
# German names from iso-codes (rheine_integration/countries.py), not django-countries' catalogue.
COUNTRIES_OVERRIDE = {**german_country_names(), "XX": _("staatenlos"), "XU": _("ungeklärt")}

# --- Static files and uploads ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from the npm registry (package.json) and are served from node_modules.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/kern", BASE_DIR / "node_modules/@kern-ux/native/dist"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
    # axe-core: the accessibility checks of the browser tests load it into each page from here.
    ("vendor/axe-core", BASE_DIR / "node_modules/axe-core"),
    ("vendor/cytoscape", BASE_DIR / "node_modules/cytoscape/dist"),
]
STORAGES = {
    # Uploads are personal data: stored outside the web root, served only through access checks.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise before any
# view or login redirect runs.
WHITENOISE_ROOT = BASE_DIR / "webroot"
MEDIA_URL = None
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="integration@rheine.example")

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL.replace("unix://", "redis+socket://", 1)
CELERY_RESULT_BACKEND = None  # results are written to the database by the tasks themselves
CELERY_TASK_ACKS_LATE = True  # tasks are idempotent; a killed worker's task runs again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 300_000  # KiB; WeasyPrint does not return memory
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Reminders (cases.reminders, cases.notifications) ----------------------------------------
# Periods of the daily finders; working days follow the NRW public holidays (rheine_integration.base.workdays).
REMINDER_MEASURE_END_DAYS = env.int("REMINDER_MEASURE_END_DAYS", default=14)
REMINDER_CONSENT_EXPIRY_DAYS = env.int("REMINDER_CONSENT_EXPIRY_DAYS", default=30)
REMINDER_RESIDENCE_EXPIRY_DAYS = env.int("REMINDER_RESIDENCE_EXPIRY_DAYS", default=60)
REMINDER_HANDOVER_WORKING_DAYS = env.int("REMINDER_HANDOVER_WORKING_DAYS", default=5)
REMINDER_NO_CONTACT_DAYS = env.int("REMINDER_NO_CONTACT_DAYS", default=90)
# § 6 Abs. 3 BQFG: a decision within three months of the complete application.
REMINDER_RECOGNITION_WAITING_DAYS = env.int("REMINDER_RECOGNITION_WAITING_DAYS", default=90)
RETENTION_YEARS_AFTER_CLOSING = env.int("RETENTION_YEARS_AFTER_CLOSING", default=3)

# --- Course seats (cases.courses) -----------------------------------------------------------
# Working days a case manager has to accept a seat offered from the waiting list.
COURSE_OFFER_ANSWER_WORKING_DAYS = env.int("COURSE_OFFER_ANSWER_WORKING_DAYS", default=3)
# The network's waiting-list rule: "" serves requests in their order; "obligation" puts persons
# obliged to attend (§ 44a AufenthG) first, in their order of request.
COURSE_WAITING_LIST_PRIORITY = env.str("COURSE_WAITING_LIST_PRIORITY", default="")

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "one_line_for_client_errors": {"()": "rheine_integration.log.OneLineForClientErrors"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["one_line_for_client_errors"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "pgserver": {"level": "WARNING"},
        # WeasyPrint reports each rendering step at INFO, its stylesheets already at import.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
