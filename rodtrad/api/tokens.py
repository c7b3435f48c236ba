"""Creating, revoking and authenticating personal access tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.api.models import ApiToken
from rodtrad.audit.services import record_event
from rodtrad.common import clock

TOKEN_PREFIX = "rt_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(*, actor: Actor, organisation: Organisation, name: str) -> tuple[ApiToken, str]:
    """Return the token and its secret value; the value is never stored and shown only once."""
    if actor.user is None or not actor.is_member(organisation):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the token a name, such as what it is for.")]})
    if len(name) > 100:
        raise ValidationError({"name": [_("The name can be at most 100 characters.")]})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor.user,
            organisation=organisation,
            name=name,
            prefix=raw[:10],
            token_hash=hash_token(raw),
            created_at=clock.now(),
        )
        record_event(
            action="api_token.created",
            actor=actor.user,
            organisation=organisation,
            target=token,
            data={"name": name, "prefix": token.prefix},
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


def authenticate_token(raw: str) -> Actor | None:
    """The actor a bearer token stands for, or None. A token whose user has left its
    organisation, is deactivated, or was revoked authenticates nobody."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    actor = Actor.for_user(token.user, scope_org_id=token.organisation_id)
    if not actor.is_member(token.organisation_id):
        return None
    now = clock.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return actor
