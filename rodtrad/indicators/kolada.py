"""Indicator values from Kolada, the open database of Swedish municipal statistics, through its
v2 JSON API (https://api.kolada.se/v2).

A Kolada answer (a "page") is ``{"count": n, "values": [item, ...], "next_page": url | null}``;
an item is ``{"kpi": "U23471", "municipality": "1280" (or "ou": "V15E…"), "period": 2024,
"values": [{"gender": "T" | "K" | "M", "value": 87.0 | null, "count": 1, "status": ""}]}``.
We take the total (gender T), skip empty values and say so, and match items to the contract's
indicators by KPI and municipality or unit. Malformed items are reported per item and left out.

Two ways in: an uploaded file (one page, or a list of pages) and the live API:
``{KOLADA_API_URL}/data/kpi/{kpi}/municipality/{id}`` for municipalities and
``{KOLADA_API_URL}/oudata/kpi/{kpi}/ou/{id}`` for units (KOLADA_API_URL defaults to
https://api.kolada.se/v2), read with a timeout and following ``next_page`` (on the same host)
up to a bound. Both produce the same rows as a spreadsheet, for the same preview and confirm.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rodtrad.indicators.imports import Parsed, add_row, max_bytes, parse_decimal
from rodtrad.indicators.models import Indicator

DEFAULT_API_URL = "https://api.kolada.se/v2"
TIMEOUT_SECONDS = 10
MAX_PAGES = 20
KPI_RE = re.compile(r"^[NU]\d{5}$")
MUNICIPALITY_RE = re.compile(r"^\d{4}$")
OU_RE = re.compile(r"^V\d{2}E\d{4,15}$")


class KoladaError(ValidationError):
    """Kolada could not be read: the message says why, in the request's language."""


def api_url() -> str:
    return str(getattr(settings, "KOLADA_API_URL", DEFAULT_API_URL)).rstrip("/")


def _area(item: dict[str, Any]) -> tuple[str, str] | None:
    for kind in ("municipality", "ou"):
        raw = item.get(kind)
        if isinstance(raw, str | int) and str(raw).strip():
            return kind, str(raw).strip()
    return None


def _pages(document: Any) -> list[dict[str, Any]]:
    pages = document if isinstance(document, list) else [document]
    if not pages or not all(
        isinstance(page, dict) and isinstance(page.get("values"), list) for page in pages
    ):
        raise KoladaError(
            _("This is not Kolada data: expected an object with a “values” list (Kolada API v2).")
        )
    return pages


def parse_pages(pages: Iterable[dict[str, Any]], indicators: Sequence[Indicator]) -> Parsed:
    """Rows for the contract's indicators from Kolada pages (already checked by `_pages`)."""
    wanted: dict[tuple[str, str, str], list[Indicator]] = {}
    for indicator in indicators:
        if indicator.kolada_kpi and indicator.kolada_municipality:
            key = (indicator.kolada_kpi, "municipality", indicator.kolada_municipality)
        elif indicator.kolada_kpi and indicator.kolada_ou:
            key = (indicator.kolada_kpi, "ou", indicator.kolada_ou)
        else:
            continue
        wanted.setdefault(key, []).append(indicator)
    parsed = Parsed()
    seen: dict[tuple[int, str], str] = {}
    number = 0
    for page in pages:
        for item in page["values"]:
            number += 1
            label = _("Item %(number)s") % {"number": number}
            if number > _max_items():
                raise KoladaError(
                    _("The Kolada data has more than %(count)s items. Fetch fewer at a time.")
                    % {"count": _max_items()}
                )
            _item(parsed, seen, wanted, label, item)
    return parsed


def _max_items() -> int:
    from rodtrad.indicators.imports import max_rows

    return max_rows()


def _item(parsed: Parsed, seen, wanted, label: str, item: Any) -> None:
    area = _area(item) if isinstance(item, dict) else None
    if (
        not isinstance(item, dict)
        or area is None
        or not isinstance(item.get("kpi"), str)
        or not isinstance(item.get("values"), list)
        or "period" not in item
    ):
        parsed.problem(
            label,
            _("Not a Kolada data item: it needs kpi, municipality or ou, period and values."),
        )
        return
    kpi = item["kpi"].strip().upper()
    kind, area_id = area
    period = str(item["period"]).strip()
    if not re.fullmatch(r"\d{4}", period) or not 1950 <= int(period) <= 2100:
        parsed.problem(
            label, _("“%(period)s” is not a year.") % {"period": str(item["period"])[:20]}
        )
        return
    totals = [v for v in item["values"] if isinstance(v, dict) and v.get("gender") == "T"]
    where = f"{kpi} {area_id} {period}"
    if not totals:
        parsed.problem(
            label, _("%(where)s has no total (gender T); it is left out.") % {"where": where}
        )
        return
    raw = totals[0].get("value")
    if raw is None:
        parsed.skipped.append(
            _("%(where)s: Kolada has no value for the period.") % {"where": where}
        )
        return
    value = parse_decimal(raw) if isinstance(raw, int | float) else None
    if value is None:
        parsed.problem(
            label,
            _("%(where)s: the value “%(value)s” is not a number.")
            % {"where": where, "value": str(raw)[:40]},
        )
        return
    indicators = wanted.get((kpi, kind, area_id))
    if not indicators:
        parsed.problem(
            label,
            _("No indicator of the contract follows %(kpi)s for %(area)s.")
            % {"kpi": kpi, "area": area_id},
        )
        return
    for indicator in indicators:
        add_row(
            parsed,
            seen,
            label=label,
            indicator=indicator,
            period=period,
            value=value,
            reference=f"Kolada {where}",
        )


def parse_file(data: bytes, indicators: Sequence[Indicator]) -> Parsed:
    """An uploaded Kolada answer: one page or a list of pages."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise KoladaError(_("The file is not JSON from Kolada.")) from error
    return parse_pages(_pages(document), indicators)


# --- the live API ------------------------------------------------------------------------------


def urls_for(indicators: Sequence[Indicator]) -> list[str]:
    base, urls = api_url(), []
    for indicator in indicators:
        kpi = quote(indicator.kolada_kpi)
        if indicator.kolada_kpi and indicator.kolada_municipality:
            url = f"{base}/data/kpi/{kpi}/municipality/{quote(indicator.kolada_municipality)}"
        elif indicator.kolada_kpi and indicator.kolada_ou:
            url = f"{base}/oudata/kpi/{kpi}/ou/{quote(indicator.kolada_ou)}"
        else:
            continue
        if url not in urls:
            urls.append(url)
    return urls


def _unreachable() -> KoladaError:
    return KoladaError(
        _("Kolada could not be reached. Nothing was fetched; try again later or upload a file.")
    )


def _garbage() -> KoladaError:
    return KoladaError(
        _("Kolada answered with something that is not Kolada data. Nothing was fetched.")
    )


def _get(url: str) -> dict[str, Any]:
    if urlsplit(url).scheme not in ("http", "https"):
        raise _unreachable()
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url, headers={"Accept": "application/json", "User-Agent": "rodtrad"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(max_bytes() * 4 + 1)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise _unreachable() from error
    if len(body) > max_bytes() * 4:
        raise _garbage()
    try:
        document = json.loads(body.decode("utf-8"))
        if not isinstance(document, dict):
            raise _garbage()
        return _pages(document)[0]
    except (UnicodeDecodeError, ValueError, ValidationError) as error:
        raise _garbage() from error


def _same_service(url: str, base: str) -> bool:
    one, two = urlsplit(url), urlsplit(base)
    return one.scheme in ("http", "https") and (one.scheme, one.netloc) == (two.scheme, two.netloc)


def fetch(indicators: Sequence[Indicator]) -> Parsed:
    """Every page Kolada has for the indicators' KPIs and areas, parsed."""
    urls = urls_for(indicators)
    if not urls:
        raise KoladaError(
            _("No indicator has a Kolada KPI id with a municipality or unit to fetch.")
        )
    pages: list[dict[str, Any]] = []
    budget = MAX_PAGES
    for url in urls:
        next_url: str | None = url
        while next_url:
            if budget == 0:
                raise KoladaError(
                    _("Kolada sent more than %(count)s pages. Nothing was fetched.")
                    % {"count": MAX_PAGES}
                )
            budget -= 1
            page = _get(next_url)
            pages.append(page)
            following = page.get("next_page")
            next_url = following if isinstance(following, str) and following else None
            if next_url and not _same_service(next_url, url):
                raise _garbage()
    return parse_pages(pages, indicators)


def check_ids(kpi: str, municipality: str, ou: str) -> dict[str, list[str]]:
    """Field errors for an indicator's Kolada ids (empty when they are fine)."""
    errors: dict[str, list[str]] = {}
    if kpi and not KPI_RE.match(kpi):
        errors["kolada_kpi"] = [
            _("A Kolada KPI id is a letter and five digits, for example U23471.")
        ]
    if municipality and not MUNICIPALITY_RE.match(municipality):
        errors["kolada_municipality"] = [
            _("A municipality id in Kolada has four digits, for example 1280.")
        ]
    if ou and not OU_RE.match(ou):
        errors["kolada_ou"] = [_("A unit id in Kolada looks like V15E128000301.")]
    if municipality and ou:
        errors["kolada_ou"] = [_("Give a municipality or a unit, not both.")]
    if (municipality or ou) and not kpi:
        errors["kolada_kpi"] = [_("Give the KPI id to fetch for the municipality or unit.")]
    return errors
