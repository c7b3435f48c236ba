"""Creating, revoking and authenticating personal access tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.accounts.reauth import require_recent_authentication
from rodtrad.api.errors import ApiError
from rodtrad.api.models import ApiToken
from rodtrad.audit.services import record_event
from rodtrad.common import clock

TOKEN_PREFIX = "rt_"
VALIDITY_DAYS = (30, 90, 365)
"""How long a new token may work; a year at most, so a forgotten token stops by itself."""
DEFAULT_VALIDITY_DAYS = 90
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    valid_days: int = DEFAULT_VALIDITY_DAYS,
    read_only: bool = False,
    sensitive: bool = False,
) -> tuple[ApiToken, str]:
    """Return the token and its secret value; the value is never stored and shown only once.
    The token works for `valid_days` (one of VALIDITY_DAYS); a read-only token only reads; only
    a `sensitive` token may do the actions that need a recent login (accounts/reauth.py), and
    creating one needs a recent login itself."""
    if actor.user is None or not actor.is_member(organisation):
        raise PermissionDenied
    if sensitive:
        require_recent_authentication(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the token a name, such as what it is for.")]})
    if len(name) > 100:
        raise ValidationError({"name": [_("The name can be at most 100 characters.")]})
    if valid_days not in VALIDITY_DAYS:
        raise ValidationError(
            {"valid_days": [_("Choose how long the token works: 30, 90 or 365 days.")]}
        )
    now = clock.now()
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor.user,
            organisation=organisation,
            name=name,
            prefix=raw[:10],
            token_hash=hash_token(raw),
            created_at=now,
            expires_at=now + timedelta(days=valid_days),
            read_only=read_only,
            sensitive=sensitive,
        )
        record_event(
            action="api_token.created",
            actor=actor.user,
            organisation=organisation,
            target=token,
            data={
                "name": name,
                "prefix": token.prefix,
                "expires_at": token.expires_at.isoformat(),
                "read_only": read_only,
                "sensitive": sensitive,
            },
        )
    return token, raw


def get_own_token(actor: Actor, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user=actor.user).first()
    if token is None or actor.user is None:
        raise Http404
    return token


def revoke_token(*, actor: Actor, token: ApiToken) -> None:
    if actor.user is None or token.user_id != actor.user.pk:
        raise Http404
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            action="api_token.revoked",
            actor=actor.user,
            organisation=token.organisation,
            target=token,
            data={"name": token.name, "prefix": token.prefix},
        )


def authenticate_token(raw: str, *, method: str = "GET") -> Actor | None:
    """The actor a bearer token stands for, or None. A token whose user has left its
    organisation, is deactivated, was revoked or has expired authenticates nobody. A read-only
    token used for a change raises ApiError 403 `read_only_token` (it is known, but may not)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    now = clock.now()
    if token is None or not token.user.is_active or token.expires_at <= now:
        return None
    actor = Actor.for_user(
        token.user, scope_org_id=token.organisation_id, recently_authenticated=token.sensitive
    )
    if not actor.is_member(token.organisation_id):
        return None
    if token.read_only and method not in SAFE_METHODS:
        raise ApiError(403, "read_only_token")
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return actor
