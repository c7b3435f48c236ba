"""How values are written in OCDS: the ocid, organisation identifiers, RFC 3339 times, money
in SEK and absolute links into rodtrad."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from rodtrad.procurements.models import Procurement

CURRENCY = "SEK"
# org-id.guide's list for Swedish organisation numbers (Bolagsverket).
ORGANISATION_SCHEME = "SE-BLV"


def ocid(procurement: Procurement) -> str:
    return f"{settings.RODTRAD_OCID_PREFIX}-{procurement.pk}"


def organisation_id(organisation_number: str) -> str:
    """The organisation number as its ten digits (the scheme's form, without the hyphen)."""
    return "".join(ch for ch in organisation_number if ch.isdigit())


def party_id(organisation_number: str) -> str:
    return f"{ORGANISATION_SCHEME}-{organisation_id(organisation_number)}"


def timestamp(value: datetime) -> str:
    """RFC 3339 with the offset of Swedish time, to the second."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def start_of_day(value: date) -> str:
    """A calendar day as the moment it starts in Swedish time."""
    return timestamp(timezone.make_aware(datetime.combine(value, time.min)))


def snapshot_time(value: str | None) -> str | None:
    """A time or day as a published snapshot keeps it (ISO text), in RFC 3339."""
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is not None:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return timestamp(moment)
    day = parse_date(value)
    return start_of_day(day) if day is not None else None


def amount(value: Decimal | str | None) -> dict[str, Any] | None:
    """A Value in SEK, or None when there is no amount."""
    if value is None or value == "":
        return None
    number = Decimal(str(value))
    plain: int | float = int(number) if number == number.to_integral_value() else float(number)
    return {"amount": plain, "currency": CURRENCY}


def link(url_name: str, *args: Any) -> str:
    """An absolute URL of one of rodtrad's own pages."""
    return settings.SITE_URL + reverse(url_name, args=args)
