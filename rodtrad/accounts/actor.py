"""Who is acting: a user, the roles they hold per organisation, and an optional scope.

Built once per request (one query) by ActorMiddleware for the UI and by the API's authentication.
A personal access token scopes the actor to the token's organisation: roles elsewhere vanish.
Permission functions (permissions.py) take an Actor, never a request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from rodtrad.accounts.models import Membership, Organisation, User


@dataclass(frozen=True)
class Actor:
    user: User | None
    roles_by_org: Mapping[int, frozenset[str]] = field(default_factory=dict)
    organisations: Mapping[int, Organisation] = field(default_factory=dict)
    scope_org_id: int | None = None
    recently_authenticated: bool = True
    """Whether the person proved who they are recently enough for the sensitive actions
    (accounts/reauth.py). Actors built by the platform itself (commands, tasks) are trusted;
    the UI and the API set it from the session or the token."""

    @classmethod
    def anonymous(cls) -> Actor:
        return cls(user=None)

    @classmethod
    def for_user(
        cls,
        user: User | None,
        *,
        scope_org_id: int | None = None,
        recently_authenticated: bool = True,
    ) -> Actor:
        if user is None or not user.is_authenticated or not user.is_active:
            return cls.anonymous()
        roles: dict[int, set[str]] = defaultdict(set)
        organisations: dict[int, Organisation] = {}
        for membership in Membership.objects.filter(user=user).select_related("organisation"):
            if scope_org_id is not None and membership.organisation_id != scope_org_id:
                continue
            roles[membership.organisation_id].add(membership.role)
            organisations[membership.organisation_id] = membership.organisation
        return cls(
            user=user,
            roles_by_org={org_id: frozenset(r) for org_id, r in roles.items()},
            organisations=organisations,
            scope_org_id=scope_org_id,
            recently_authenticated=recently_authenticated,
        )

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def is_platform_admin(self) -> bool:
        """Platform rights need the full session: a token scoped to one organisation acts only
        inside it, even for a platform administrator."""
        return self.user is not None and self.user.is_superuser and self.scope_org_id is None

    def roles_in(self, organisation: Organisation | int | None) -> frozenset[str]:
        if organisation is None:
            return frozenset()
        org_id = organisation if isinstance(organisation, int) else organisation.pk
        return self.roles_by_org.get(org_id, frozenset())

    def is_member(self, organisation: Organisation | int | None) -> bool:
        return bool(self.roles_in(organisation))

    def has_role(self, organisation: Organisation | int | None, *roles: str) -> bool:
        return not self.roles_in(organisation).isdisjoint(roles)

    def in_scope(self, organisation: Organisation | int | None) -> bool:
        if self.scope_org_id is None or organisation is None:
            return True
        org_id = organisation if isinstance(organisation, int) else organisation.pk
        return org_id == self.scope_org_id

    def member_organisations(self) -> list[Organisation]:
        return sorted(self.organisations.values(), key=lambda org: (org.name, org.pk))
