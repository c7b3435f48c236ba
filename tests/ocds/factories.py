"""Procurements at every stage the export knows, reached through the services (the factories
of the other apps), and the package as the JSON text a reader gets."""

from __future__ import annotations

import json
from typing import Any

from rodtrad.contracts.models import Contract
from rodtrad.followup import services as followup_services
from rodtrad.ocds.package import build_package
from rodtrad.procurements.models import Procurement
from tests.evaluations.factories import actor
from tests.followup.factories import finished
from tests.partnership.factories import answer

BAROMETER_COMMENT = "Förtroendet växer för varje möte vi har"
NEXT_STEPS = "Fortsätt med måltidsvärdar."


def export(procurement: Procurement) -> tuple[dict[str, Any], str]:
    """The package and its serialized JSON (what a reader receives)."""
    package = build_package(Procurement.objects.select_related("buyer").get(pk=procurement.pk))
    return package, json.dumps(package, ensure_ascii=False)


def releases_by_tag(package: dict[str, Any], tag: str) -> list[dict[str, Any]]:
    return [r for r in package["releases"] if tag in r["tag"]]


def round_done(personas) -> tuple[Contract, Any]:
    """Contracted (provider A won), round 1 done after both parties answered the barometer
    with a comment."""
    contract, manager, round = finished(personas)
    for user in (manager, personas.provider_a_author):
        answer(contract, round, user, 4, BAROMETER_COMMENT)
    followup_services.complete_round(actor=actor(manager), round=round, next_steps=NEXT_STEPS)
    return Contract.objects.get(pk=contract.pk), manager
