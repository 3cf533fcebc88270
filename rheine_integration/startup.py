"""What a serving process does once, after Django is loaded."""

import gc

from django.urls import get_resolver


def freeze_startup_objects() -> None:
    """Move what lives as long as the process (modules, models, URL patterns and views) out of
    the garbage collector's view, so a full collection scans only what requests created: on the
    case page with 200 notes one in twenty requests ran one, and it became short
    (gunicorn.conf.py calls this in each worker; the benchmark does as the workers do)."""
    get_resolver().url_patterns  # noqa: B018 (imports every view)
    gc.freeze()
