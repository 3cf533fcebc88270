"""HTML to PDF with WeasyPrint: accessible (PDF/UA-1), and only our static files are read.

WeasyPrint's default fetcher follows every protocol (file:, http:, ...): a template that ever
echoed a user's URL could make the server read local files or the network. Ours resolves
/static/ URLs to the files the staticfiles finders know and refuses everything else.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticFilesOnly(URLFetcher):
    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        relative = unquote(parsed.path).removeprefix(prefix)
        if parsed.path.startswith(prefix) and ".." not in relative.split("/"):
            found = finders.find(relative)
            if found:
                path = Path(found)
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
        raise ValueError(f"Only static files are read when rendering a PDF, not {url}")


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    html = render_to_string(template, context, request=request)
    return HTML(
        string=html, base_url="http://pdf.invalid/", url_fetcher=StaticFilesOnly()
    ).write_pdf(pdf_variant="pdf/ua-1")
