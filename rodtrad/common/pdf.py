"""PDF documents rendered with WeasyPrint from the same HTML templates and CSS as the pages.

WeasyPrint is only allowed to read our own static files: any other URL in a document (a link
someone typed into a text, say) is refused instead of fetched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

STATIC_PREFIX = "rodtrad-static:/"


def _static_only_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith(STATIC_PREFIX):
                relative = url[len(STATIC_PREFIX) :].lstrip("/")
                found = finders.find(relative)
                if found:
                    path = Path(found if isinstance(found, str) else found[0])
                    mime = "text/css" if path.suffix == ".css" else "application/octet-stream"
                    return URLFetcherResponse(
                        url, body=path.read_bytes(), headers={"Content-Type": mime}
                    )
            raise ValueError(f"rodtrad PDFs may not load {url!r}")

    return StaticOnlyFetcher()


def render_pdf(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "pdf": True}, request=request)
    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=_static_only_fetcher()).write_pdf()


def pdf_response(content: bytes, title: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    name = slugify(title) or "document"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
