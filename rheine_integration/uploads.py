"""Refuse a request whose declared size exceeds what an upload may be, before reading its body.

Django reads every multipart body to its end before a form can look at a file: its
DATA_UPLOAD_MAX_MEMORY_SIZE counts the form fields only, not file parts, and
FILE_UPLOAD_MAX_MEMORY_SIZE only decides when an upload is spooled to a temporary file. So a
30 MiB upload was received and written to disk completely before UploadField refused it. The
Content-Length header is known before the body: a request that declares more than the largest
allowed file plus its form fields is answered at once, without touching the body.
"""

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

# Room for the form's other fields and the multipart framing around the file.
FORM_ALLOWANCE_BYTES = 1024 * 1024


def max_request_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES + FORM_ALLOWANCE_BYTES


class RequestSizeLimitMiddleware:
    """Before any view or CSRF check reads request.POST (CsrfViewMiddleware reads it in
    process_view, which runs after every middleware's request phase)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads nothing of a body with an unreadable length
        if declared > max_request_bytes():
            return render(
                request,
                "413.html",
                {"max_size": filesizeformat(settings.UPLOAD_MAX_BYTES)},
                status=413,
            )
        return self.get_response(request)
