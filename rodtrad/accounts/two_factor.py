"""Two-step verification: who must use it, enrolling an authenticator app, checking codes,
single-use recovery codes, and resetting it when a person has lost both.

Required for every buyer member who can see tenders (administrators, procurement officers and
openers, panel chairs, evaluators), for platform administrators, and for every member of an
organisation that asks it of everyone (`Organisation.require_two_factor`). Optional for others.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from rodtrad.accounts import totp
from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Membership, Organisation, RecoveryCode, TwoFactorDevice, User
from rodtrad.accounts.roles import OrganisationKind, Role
from rodtrad.audit.services import record_event
from rodtrad.common import clock

ISSUER = "rodtrad"
RECOVERY_CODE_COUNT = 10
ROLES_THAT_SEE_TENDERS = (
    Role.ADMIN,
    Role.PROCUREMENT_OFFICER,
    Role.PANEL_CHAIR,
    Role.EVALUATOR,
)


def is_required(user: User) -> bool:
    """Whether `user` must use two-step verification (when enforcement is on)."""
    if user.is_superuser or user.is_staff:
        return True
    memberships = Membership.objects.filter(user=user)
    return memberships.filter(organisation__require_two_factor=True).exists() or (
        memberships.filter(
            organisation__kind=OrganisationKind.BUYER, role__in=ROLES_THAT_SEE_TENDERS
        ).exists()
    )


def must_enrol(user: User) -> bool:
    return settings.TWO_FACTOR_ENFORCED and not has_device(user) and is_required(user)


def has_device(user: User) -> bool:
    return TwoFactorDevice.objects.filter(user=user).exists()


def provisioning_uri(user: User, secret: str) -> str:
    return totp.provisioning_uri(secret, account=user.email, issuer=ISSUER)


def _hash_recovery_code(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normalised.encode("ascii", "ignore")).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the person's recovery codes with new ones; returns them (shown once)."""
    codes = [
        f"{part[:5]}-{part[5:]}"
        for part in (secrets.token_hex(5) for _index in range(RECOVERY_CODE_COUNT))
    ]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_hash_recovery_code(code)) for code in codes
    )
    return codes


def enrol(*, user: User, secret: str, code: str) -> list[str]:
    """Store the authenticator app whose `secret` the person scanned, once they typed a code
    from it (proving the app has it). Replaces an earlier app. Returns new recovery codes."""
    step = totp.matching_step(secret, code, now=clock.now(), after_step=None)
    if step is None:
        raise ValidationError(
            {
                "code": [
                    _(
                        "The code does not match. Type the six digits the app shows now; "
                        "check that the phone's clock is right."
                    )
                ]
            }
        )
    with transaction.atomic():
        replaced = TwoFactorDevice.objects.filter(user=user).delete()[0] > 0
        TwoFactorDevice.objects.create(user=user, secret=secret, last_step=step)
        codes = _new_recovery_codes(user)
        record_event(
            action="user.two_factor_enrolled",
            actor=user,
            target=user,
            data={"replaced": replaced},
        )
    return codes


def verify(*, user: User, code: str) -> str | None:
    """Check a code from the app or a recovery code. Returns "app" or "recovery_code" when it
    is accepted (and uses it up), None otherwise."""
    code = (code or "").strip()[:64]
    now = clock.now()
    with transaction.atomic():
        device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            return None
        step = totp.matching_step(device.secret, code, now=now, after_step=device.last_step)
        if step is not None:
            device.last_step = step
            device.last_used_at = now
            device.save(update_fields=["last_step", "last_used_at"])
            return "app"
        used = RecoveryCode.objects.filter(
            user=user, code_hash=_hash_recovery_code(code), used_at__isnull=True
        ).update(used_at=now)
        if used:
            record_event(
                action="user.recovery_code_used",
                actor=user,
                target=user,
                data={"left": unused_recovery_codes(user)},
            )
            return "recovery_code"
    return None


def unused_recovery_codes(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def renew_recovery_codes(*, user: User) -> list[str]:
    if not has_device(user):
        raise ValidationError(_("Set up two-step verification first."))
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record_event(action="user.recovery_codes_renewed", actor=user, target=user)
    return codes


def turn_off(*, user: User) -> None:
    """The person turns their own two-step verification off; refused when it is required."""
    if settings.TWO_FACTOR_ENFORCED and is_required(user):
        raise ValidationError(
            _("Your roles require two-step verification, so it cannot be turned off.")
        )
    _remove(user)
    record_event(action="user.two_factor_removed", actor=user, target=user)


def reset_for_member(*, actor: Actor, organisation: Organisation, member: User) -> None:
    """An organisation's administrator removes a member's authenticator app and recovery codes
    (the member lost both). The member sets up a new app at their next login."""
    if not actor.has_role(organisation, Role.ADMIN) or not actor.in_scope(organisation):
        raise PermissionDenied
    if not Membership.objects.filter(user=member, organisation=organisation).exists():
        raise PermissionDenied
    if actor.user is not None and actor.user.pk == member.pk:
        raise ValidationError(
            _("You cannot reset your own two-step verification; use a recovery code.")
        )
    with transaction.atomic():
        _remove(member)
        # The old app may be in someone else's hands: end the member's sessions too.
        User.objects.filter(pk=member.pk).update(session_version=F("session_version") + 1)
        record_event(
            action="member.two_factor_reset",
            actor=actor.user,
            organisation=organisation,
            target=member,
            data={"member": member.email},
        )


def _remove(user: User) -> None:
    TwoFactorDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
