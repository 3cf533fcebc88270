"""Settings for the benchmark's gunicorn: the real settings, plus the benchmark-only urlconf.

Used only by ``manage.py benchmark --load``; production never loads it. DEBUG is off (as in
production); static files are served by plain storage so no collectstatic manifest is needed.
"""

from rheine_integration.settings import *  # noqa: F403
from rheine_integration.settings import STORAGES

DEBUG = False
ROOT_URLCONF = "rheine_integration.benchmark.urls"
ALLOWED_HOSTS = ["127.0.0.1"]
STORAGES = STORAGES | {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
