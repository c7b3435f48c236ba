"""Writes for the partnership charter and the barometer: keyword-only, permission checked,
validated, saved in one transaction with its audit event.

A barometer answer's audit event is confidential and carries no rating or comment: it records
that the person answered (for traceability), never what."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.audit.services import record_event
from rodtrad.common import clock
from rodtrad.contracts.models import Contract, Party
from rodtrad.followup.models import FollowUpRound
from rodtrad.partnership import barometer, permissions
from rodtrad.partnership.models import BarometerRating, BarometerResponse, CharterVersion

MAX_TEXT = 10_000
MAX_COMMENT = 2_000


def _organisation(contract: Contract, party: str):
    return contract.buyer if party == Party.BUYER else contract.provider


# --- the charter -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CharterText:
    goals: str
    collaboration: str
    room_for_action: str
    feedback_use: str

    def cleaned(self) -> CharterText:
        return CharterText(
            self.goals.strip(),
            self.collaboration.strip(),
            self.room_for_action.strip(),
            self.feedback_use.strip(),
        )


def _validate_charter(text: CharterText) -> None:
    required = {
        "goals": _("Write the common goals."),
        "collaboration": _("Write how you collaborate: forums, cadence and who takes part."),
        "room_for_action": _("Write the room for action."),
        "feedback_use": _("Write how the tender's feedback report and its scores are used."),
    }
    errors: dict[str, list[str]] = {}
    for name, message in required.items():
        value = getattr(text, name)
        if not value:
            errors[name] = [message]
        elif len(value) > MAX_TEXT:
            errors[name] = [_("Write at most 10 000 characters.")]
    if errors:
        raise ValidationError(errors)


def write_charter(*, actor: Actor, contract: Contract, text: CharterText) -> CharterVersion:
    """Write the next version of the charter: a draft until both parties sign it. The versions
    before it stay as they were."""
    party = permissions.team_party(actor, contract)
    if party is None or actor.user is None:
        raise PermissionDenied
    text = text.cleaned()
    _validate_charter(text)
    with transaction.atomic():
        Contract.objects.select_for_update().filter(pk=contract.pk).first()
        latest = CharterVersion.objects.filter(contract=contract).order_by("-number").first()
        if latest is not None and (
            latest.goals,
            latest.collaboration,
            latest.room_for_action,
            latest.feedback_use,
        ) == (text.goals, text.collaboration, text.room_for_action, text.feedback_use):
            raise ValidationError(
                _("Nothing has changed since version %(number)s.") % {"number": latest.number}
            )
        version = CharterVersion.objects.create(
            contract=contract,
            number=(latest.number + 1) if latest else 1,
            goals=text.goals,
            collaboration=text.collaboration,
            room_for_action=text.room_for_action,
            feedback_use=text.feedback_use,
            created_by=actor.user,
            created_at=clock.now(),
        )
        record_event(
            action="partnership.charter_version_created",
            actor=actor.user,
            organisation=_organisation(contract, party),
            target=contract,
            data={"version": version.number, "party": party},
        )
    return version


def sign_charter(
    *, actor: Actor, contract: Contract, version: CharterVersion, party: str
) -> CharterVersion:
    """Sign the newest version for one party. When both have signed it is agreed."""
    if (
        actor.user is None
        or version.contract_id != contract.pk
        or party not in permissions.signing_parties(actor, contract)
    ):
        raise PermissionDenied
    with transaction.atomic():
        locked = CharterVersion.objects.select_for_update().get(pk=version.pk)
        newest = CharterVersion.objects.filter(contract=contract).order_by("-number").first()
        if newest is None or newest.pk != locked.pk:
            raise ValidationError(
                _("A newer version of the charter exists; only the newest can be signed.")
            )
        if locked.signed_by_party(party):
            raise ValidationError(_("Your party has already signed this version."))
        now = clock.now()
        if party == Party.BUYER:
            locked.buyer_signed_by, locked.buyer_signed_at = actor.user, now
        else:
            locked.provider_signed_by, locked.provider_signed_at = actor.user, now
        locked.save()
        record_event(
            action="partnership.charter_signed",
            actor=actor.user,
            organisation=_organisation(contract, party),
            target=contract,
            data={"version": locked.number, "party": party, "agreed": locked.agreed},
        )
    return locked


# --- the barometer -----------------------------------------------------------------------------


def answer_barometer(
    *,
    actor: Actor,
    contract: Contract,
    round: FollowUpRound,
    ratings: Mapping[str, int | None],
    comments: Mapping[str, str] | None = None,
) -> BarometerResponse:
    """Save the actor's own answer in the round (replacing an earlier one) while the round is
    in progress: a rating 1–5 of every condition and an optional comment each."""
    party = permissions.team_party(actor, contract)
    if party is None or actor.user is None or round.contract_id != contract.pk:
        raise PermissionDenied
    if not permissions.round_open(round):
        raise ValidationError(
            _("The barometer can be answered only while the round is in progress.")
        )
    comments = comments or {}
    errors: dict[str, list[str]] = {}
    unknown = (set(ratings) | set(comments)) - set(barometer.CONDITION_CODES)
    if unknown:
        errors["__all__"] = [
            _("Unknown condition: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
        ]
    for code in barometer.CONDITION_CODES:
        value = ratings.get(code)
        if value not in barometer.SCALE:
            errors[f"rating_{code}"] = [_("Rate this condition from 1 to 5.")]
        if len((comments.get(code) or "").strip()) > MAX_COMMENT:
            errors[f"comment_{code}"] = [_("Write at most 2 000 characters.")]
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic():
        response, created = BarometerResponse.objects.select_for_update().get_or_create(
            round=round,
            user=actor.user,
            defaults={"party": party, "answered_at": now, "updated_at": now},
        )
        if not created:
            response.party = party
            response.updated_at = now
            response.save(update_fields=["party", "updated_at"])
            response.ratings.all().delete()
        BarometerRating.objects.bulk_create(
            BarometerRating(
                response=response,
                condition=code,
                rating=int(ratings[code]),  # type: ignore[arg-type]
                comment=(comments.get(code) or "").strip(),
            )
            for code in barometer.CONDITION_CODES
        )
        record_event(
            action="partnership.barometer_answered",
            actor=actor.user,
            organisation=_organisation(contract, party),
            target=round,
            data={"round": round.pk, "party": party, "changed": not created},
            confidential=True,
        )
    return response
