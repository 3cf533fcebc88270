"""Logging helpers referenced from settings.LOGGING."""

import logging


class OneLineForClientErrors(logging.Filter):
    """A refused or missing page (4xx) is logged as one line: Django attaches the exception
    (PermissionDenied, Http404, SuspiciousOperation) to the record, and its traceback tells
    nothing the line does not, while it buries the real errors. 5xx keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
