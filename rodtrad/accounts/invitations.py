"""Signed, expiring invitation links.

The link carries the invitation's public id, signed; it expires INVITATION_MAX_AGE after the
invitation was made (measured with the application clock, so tests can move time).
"""

from __future__ import annotations

import enum
import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

from rodtrad.accounts.models import Invitation
from rodtrad.common import clock

_SALT = "rodtrad.accounts.invitation"


class InvitationProblem(enum.Enum):
    INVALID = "invalid"
    EXPIRED = "expired"
    ACCEPTED = "accepted"
    REVOKED = "revoked"


def make_token(invitation: Invitation) -> str:
    return signing.Signer(salt=_SALT).sign(str(invitation.public_id))


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("accounts:invitation", args=[make_token(invitation)])


def read_token(token: str) -> tuple[Invitation | None, InvitationProblem | None]:
    try:
        public_id = signing.Signer(salt=_SALT).unsign(token)
        uuid.UUID(public_id)
    except (signing.BadSignature, ValueError):
        return None, InvitationProblem.INVALID
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(public_id=public_id)
        .first()
    )
    if invitation is None:
        return None, InvitationProblem.INVALID
    if invitation.revoked_at is not None:
        return invitation, InvitationProblem.REVOKED
    if invitation.accepted_at is not None:
        return invitation, InvitationProblem.ACCEPTED
    if clock.now() > invitation.expires_at:
        return invitation, InvitationProblem.EXPIRED
    return invitation, None
