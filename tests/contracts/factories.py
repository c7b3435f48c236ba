"""Procurements whose award is decided, with the clock after the standstill, and contracts
registered through the service. Provider A's tender (tender 1) wins with the default steps."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from rodtrad.accounts.models import User
from rodtrad.accounts.roles import Role
from rodtrad.award.models import AwardDecision
from rodtrad.common import clock
from rodtrad.contracts import services
from rodtrad.contracts.models import Contract
from rodtrad.procurements.models import Procurement
from rodtrad.tenders.models import Tender
from tests.award.factories import decided
from tests.evaluations.factories import actor
from tests.factories import add_member, make_user


def contract_manager(personas) -> User:
    return add_member(
        make_user("avtal@ekby.se", full_name="Karin Avtalsförvaltare"),
        personas.buyer,
        Role.CONTRACT_MANAGER,
    )


def after_standstill(personas, count: int = 2, **kwargs) -> tuple[Procurement, list[Tender]]:
    """The decision signed and the clock at nine in the morning of the first allowed day."""
    procurement, tenders = decided(personas, count, **kwargs)
    allowed = max(
        d.contract_allowed_from for d in AwardDecision.objects.filter(procurement=procurement)
    )
    clock.freeze(allowed + timedelta(hours=9))
    return procurement, tenders


def today() -> date:
    return timezone.localtime(clock.now()).date()


def terms(manager: User, **changes) -> services.ContractTerms:
    values = {
        "signed_on": today(),
        "starts_on": today() + timedelta(days=30),
        "ends_on": today() + timedelta(days=30 + 4 * 365),
        "latest_end_on": None,
        "value": Decimal("48000000.00"),
        "manager": manager,
        "reference": "AVT-2027-01",
        "note": "",
    }
    values.update(changes)
    return services.ContractTerms(**values)


def register(personas, procurement: Procurement, user: User, **changes) -> Contract:
    lot = procurement.lots.order_by("number").first()
    assert lot is not None
    return services.register_contract(
        actor=actor(user), procurement=procurement, lot_id=lot.pk, terms=terms(user, **changes)
    )
