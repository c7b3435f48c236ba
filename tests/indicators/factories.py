"""A registered contract (provider A won) with indicators and values, through the services."""

from __future__ import annotations

from decimal import Decimal

from rodtrad.common import clock
from rodtrad.contracts import services as contract_services
from rodtrad.contracts.models import Contract, ContractMember, Party
from rodtrad.indicators import services
from rodtrad.indicators.models import Indicator, IndicatorValue, Source
from tests.contracts.factories import after_standstill, register, terms
from tests.evaluations.factories import actor


def a_contract(personas, manager=None) -> Contract:
    """Registered by the buyer's administrator, who is its manager unless `manager` is given.
    The buyer's team: the administrator (and the manager); the provider's: provider A's
    administrator (the tender author)."""
    procurement, _tenders = after_standstill(personas, 2)
    if manager is None:
        return register(personas, procurement, personas.buyer_admin)
    return contract_services.register_contract(
        actor=actor(personas.buyer_admin),
        procurement=procurement,
        lot_id=procurement.lots.get().pk,
        terms=terms(manager),
    )


def on_team(contract: Contract, user, party: str = Party.BUYER) -> None:
    ContractMember.objects.create(
        contract=contract, user=user, party=party, added_by=user, added_at=clock.now()
    )


def an_indicator(personas, contract: Contract, **changes) -> Indicator:
    values = {
        "name": "Helhetsintryck, särskilt boende",
        "unit": "%",
        "direction": "higher",
        "target": "90",
        "kolada_kpi": "U23471",
        "kolada_municipality": "1280",
    }
    values.update(changes)
    return services.save_indicator(
        actor=actor(personas.buyer_admin),
        contract=contract,
        indicator=None,
        data=services.IndicatorData(**values),
    )


def values(personas, indicator: Indicator, figures: dict[str, str]) -> None:
    for period, value in figures.items():
        IndicatorValue.objects.create(
            indicator=indicator,
            period=period,
            value=Decimal(value),
            source=Source.MANUAL,
            entered_by=personas.buyer_admin,
            entered_at=clock.now(),
        )
