"""Writes for a contract's indicators: define and change them (the buyer), take over the
procurement's planned indicators, record values by hand, and import values in two steps — a
preview of what would be saved, then confirm (everything valid in one transaction) or cancel
(nothing). Every function checks permission, validates, saves in one transaction and records
an audit event."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.audit.services import record_event
from rodtrad.common import clock
from rodtrad.contracts.models import Contract
from rodtrad.indicators import imports, kolada, permissions
from rodtrad.indicators.models import ImportPreview, Indicator, IndicatorValue, Source
from rodtrad.procurements.models import Direction, PlannedIndicator

PREVIEW_LIFETIME = timedelta(hours=2)
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class IndicatorData:
    name: str
    direction: str
    target: Any
    unit: str = ""
    goal_id: int | None = None
    criterion_id: int | None = None
    kolada_kpi: str = ""
    kolada_municipality: str = ""
    kolada_ou: str = ""


def goal_choices(contract: Contract):
    return list(contract.procurement.goals.order_by("order", "id"))


def criterion_choices(contract: Contract):
    from rodtrad.qualitymodels.models import Criterion

    return list(
        Criterion.objects.filter(
            pk__in=contract.procurement.criteria.values("criterion_id")
        ).order_by("order", "id")
    )


def _clean(contract: Contract, data: IndicatorData) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    name = (data.name or "").strip()
    if not name:
        errors["name"] = [_("Name the indicator.")]
    elif len(name) > 200:
        errors["name"] = [_("The name can be at most 200 characters.")]
    unit = (data.unit or "").strip()
    if len(unit) > 40:
        errors["unit"] = [_("The unit can be at most 40 characters.")]
    if data.direction not in Direction.values:
        errors["direction"] = [_("Choose whether higher or lower is better.")]
    target = imports.parse_decimal(data.target) if data.target not in (None, "") else None
    if target is None:
        errors["target"] = [_("Give the target as a number, for example 90 or 87,5.")]
    goal = None
    if data.goal_id is not None:
        goal = contract.procurement.goals.filter(pk=data.goal_id).first()
        if goal is None:
            errors["goal"] = [_("Choose one of the procurement's goals.")]
    criterion = None
    if data.criterion_id is not None:
        criterion = next(
            (c for c in criterion_choices(contract) if c.pk == data.criterion_id), None
        )
        if criterion is None:
            errors["criterion"] = [_("Choose one of the procurement's award criteria.")]
    kpi = (data.kolada_kpi or "").strip().upper()
    municipality = (data.kolada_municipality or "").strip()
    ou = (data.kolada_ou or "").strip().upper()
    errors.update(kolada.check_ids(kpi, municipality, ou))
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "unit": unit,
        "direction": data.direction,
        "target": target,
        "goal": goal,
        "criterion": criterion,
        "kolada_kpi": kpi,
        "kolada_municipality": municipality,
        "kolada_ou": ou,
    }


def _summary(indicator: Indicator) -> dict[str, Any]:
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "target": str(indicator.target),
        "goal": indicator.goal_id,
        "criterion": indicator.criterion_id,
        "kolada_kpi": indicator.kolada_kpi,
        "kolada_municipality": indicator.kolada_municipality,
        "kolada_ou": indicator.kolada_ou,
    }


def save_indicator(
    *, actor: Actor, contract: Contract, indicator: Indicator | None, data: IndicatorData
) -> Indicator:
    """Define a new indicator or change one (the buyer's side)."""
    if not permissions.can_manage_indicators(actor, contract):
        raise PermissionDenied
    if indicator is not None and indicator.contract_id != contract.pk:
        raise PermissionDenied
    assert actor.user is not None
    values = _clean(contract, data)
    now = clock.now()
    with transaction.atomic():
        before = _summary(indicator) if indicator is not None else None
        if indicator is None:
            indicator = Indicator(
                contract=contract,
                order=Indicator.objects.filter(contract=contract).count(),
                created_by=actor.user,
                created_at=now,
            )
        for key, value in values.items():
            setattr(indicator, key, value)
        indicator.updated_at = now
        indicator.save()
        record_event(
            action="indicator.created" if before is None else "indicator.changed",
            actor=actor.user,
            organisation=contract.buyer,
            target=indicator,
            data={"contract": contract.pk, "before": before, "after": _summary(indicator)},
        )
    return indicator


def _planned_target(text: str) -> Decimal | None:
    match = re.search(r"-?\d[\d\s\u00a0]*(?:[.,]\d+)?", text or "")
    return imports.parse_decimal(match.group(0)) if match else None


def take_over_planned(*, actor: Actor, contract: Contract) -> tuple[list[Indicator], list[str]]:
    """Copy the procurement's planned indicators that are not taken over yet. A planned
    indicator whose target has no number is not taken over; its name is returned so the page
    can say so."""
    if not permissions.can_manage_indicators(actor, contract):
        raise PermissionDenied
    assert actor.user is not None
    now = clock.now()
    created: list[Indicator] = []
    left_out: list[str] = []
    with transaction.atomic():
        taken = set(
            Indicator.objects.filter(contract=contract, planned__isnull=False).values_list(
                "planned_id", flat=True
            )
        )
        order = Indicator.objects.filter(contract=contract).count()
        planned_rows = (
            PlannedIndicator.objects.filter(procurement_id=contract.procurement_id)
            .prefetch_related("goals")
            .order_by("order", "id")
        )
        for planned in planned_rows:
            if planned.pk in taken:
                continue
            target = _planned_target(planned.target)
            if target is None:
                left_out.append(planned.name)
                continue
            goals = sorted(planned.goals.all(), key=lambda g: (g.order, g.pk))
            kpi = planned.kolada_kpi if kolada.KPI_RE.match(planned.kolada_kpi or "") else ""
            created.append(
                Indicator(
                    contract=contract,
                    name=planned.name,
                    unit=planned.unit,
                    direction=planned.direction,
                    target=target,
                    goal=goals[0] if goals else None,
                    kolada_kpi=kpi,
                    planned=planned,
                    order=order + len(created),
                    created_by=actor.user,
                    created_at=now,
                    updated_at=now,
                )
            )
        Indicator.objects.bulk_create(created)
        if created:
            record_event(
                action="indicator.taken_over",
                actor=actor.user,
                organisation=contract.buyer,
                target=contract,
                data={
                    "indicators": [i.name for i in created],
                    "planned": [i.planned_id for i in created],
                    "left_out": left_out,
                },
            )
    return created, left_out


def _organisation(actor: Actor, contract: Contract) -> Organisation:
    return (
        contract.buyer
        if permissions.acting_organisation_id(actor, contract) == contract.buyer_id
        else contract.provider
    )


def record_value(
    *, actor: Actor, contract: Contract, indicator: Indicator, period: Any, value: Any
) -> IndicatorValue:
    """A value entered by hand; it replaces an earlier value for the same period."""
    if not permissions.can_enter_values(actor, contract) or indicator.contract_id != contract.pk:
        raise PermissionDenied
    assert actor.user is not None
    errors: dict[str, list[str]] = {}
    clean_period = imports.normalise_period(period)
    if clean_period is None:
        errors["period"] = [_("Write the period as a year (2025) or a month (2025-03).")]
    number = imports.parse_decimal(value) if value not in (None, "") else None
    if number is None:
        errors["value"] = [_("Give the value as a number, for example 87 or 87,5.")]
    if errors:
        raise ValidationError(errors)
    assert clean_period is not None and number is not None
    with transaction.atomic():
        saved, replaced = _save_value(
            indicator.pk, clean_period, number, Source.MANUAL, "", actor, clock.now()
        )
        record_event(
            action="indicator.value_recorded",
            actor=actor.user,
            organisation=_organisation(actor, contract),
            target=indicator,
            data={
                "contract": contract.pk,
                "period": clean_period,
                "value": str(number),
                "replaced": replaced,
            },
        )
    return saved


def _save_value(
    indicator_id: int,
    period: str,
    value: Decimal,
    source: str,
    reference: str,
    actor: Actor,
    now,
) -> tuple[IndicatorValue, str | None]:
    """Insert or replace; returns the row and the value it replaced (as text), if any."""
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(indicator_id=indicator_id, period=period)
        .first()
    )
    replaced = str(existing.value) if existing is not None else None
    row = existing or IndicatorValue(indicator_id=indicator_id, period=period)
    row.value, row.source, row.reference = value, source, reference[:100]
    row.entered_by = actor.user  # type: ignore[assignment]
    row.entered_at = now
    row.save()
    return row, replaced


# --- imports: preview, confirm, cancel ----------------------------------------------------------


def _indicators(contract: Contract) -> list[Indicator]:
    return list(Indicator.objects.filter(contract=contract).order_by("order", "id"))


def _preview(
    actor: Actor, contract: Contract, source: str, filename: str, parsed: imports.Parsed
) -> ImportPreview:
    assert actor.user is not None
    now = clock.now()
    problems = parsed.problems[:MAX_PROBLEMS]
    if len(parsed.problems) > MAX_PROBLEMS:
        problems.append(
            {
                "row": "…",
                "message": _("%(count)s more problems are not listed.")
                % {"count": len(parsed.problems) - MAX_PROBLEMS},
            }
        )
    with transaction.atomic():
        ImportPreview.objects.filter(contract=contract, expires_at__lte=now).delete()
        return ImportPreview.objects.create(
            contract=contract,
            source=source,
            filename=filename,
            rows=parsed.rows,
            problems=problems,
            skipped=parsed.skipped[:MAX_PROBLEMS],
            created_by=actor.user,
            created_at=now,
            expires_at=now + PREVIEW_LIFETIME,
        )


def preview_upload(*, actor: Actor, contract: Contract, upload) -> ImportPreview:
    """Read a CSV, XLSX or Kolada JSON file into a preview; nothing is saved as values."""
    if not permissions.can_enter_values(actor, contract):
        raise PermissionDenied
    if upload is None:
        raise ValidationError({"file": [_("Choose a file to import.")]})
    filename, data = imports.read_upload(upload)
    indicators = _indicators(contract)
    if filename.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"["):
        try:
            parsed = kolada.parse_file(data, indicators)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        source = Source.KOLADA
    else:
        parsed = imports.parse_spreadsheet(filename, data, indicators)
        source = Source.SPREADSHEET
    return _preview(actor, contract, source, filename, parsed)


def preview_kolada(*, actor: Actor, contract: Contract) -> ImportPreview:
    """Fetch the indicators' values from Kolada's API into a preview."""
    if not permissions.can_enter_values(actor, contract):
        raise PermissionDenied
    parsed = kolada.fetch(_indicators(contract))
    return _preview(actor, contract, Source.KOLADA, "api.kolada.se", parsed)


def confirm_import(*, actor: Actor, contract: Contract, preview: ImportPreview) -> int:
    """Save every row of the preview in one transaction, then forget the preview."""
    if not permissions.can_enter_values(actor, contract) or preview.contract_id != contract.pk:
        raise PermissionDenied
    assert actor.user is not None
    if preview.created_by_id != actor.user.pk or preview.expires_at <= clock.now():
        raise PermissionDenied
    if not preview.rows:
        raise ValidationError(_("The import has no rows that can be saved."))
    now = clock.now()
    with transaction.atomic():
        locked = ImportPreview.objects.select_for_update().filter(pk=preview.pk).first()
        if locked is None:
            raise ValidationError(_("This import was already confirmed or cancelled."))
        known = set(Indicator.objects.filter(contract=contract).values_list("pk", flat=True))
        replaced = 0
        for row in locked.rows:
            if row["indicator"] not in known:
                raise ValidationError(
                    _("An indicator of this import no longer exists. Import the file again.")
                )
            _row, before = _save_value(
                row["indicator"],
                row["period"],
                Decimal(row["value"]),
                locked.source,
                row.get("reference", ""),
                actor,
                now,
            )
            replaced += before is not None
        record_event(
            action="indicator.import_confirmed",
            actor=actor.user,
            organisation=_organisation(actor, contract),
            target=contract,
            data={
                "source": locked.source,
                "filename": locked.filename,
                "rows": len(locked.rows),
                "replaced": replaced,
                "problems": len(locked.problems),
                "values": [[r["indicator"], r["period"], r["value"]] for r in locked.rows[:200]],
            },
        )
        locked.delete()
    return len(preview.rows)


def cancel_import(*, actor: Actor, contract: Contract, preview: ImportPreview) -> None:
    if preview.contract_id != contract.pk or preview.created_by_id != getattr(
        actor.user, "pk", None
    ):
        raise PermissionDenied
    preview.delete()
