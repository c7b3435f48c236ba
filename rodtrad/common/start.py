"""The start page after login: per organisation, what the user can do there.

Domain apps register a function (actor, organisation) -> actions in their AppConfig.ready(); the
start page asks each one, so the page grows with the features without knowing about them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Action:
    label: str | Promise
    url: str
    description: str | Promise = ""


@dataclass
class OrganisationSection:
    organisation: Any
    roles: list[str]
    actions: list[Action] = field(default_factory=list)


ActionProvider = Callable[[Any, Any], list[Action]]
_providers: list[ActionProvider] = []


def register_actions(provider: ActionProvider) -> ActionProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def start_page_sections(actor: Any) -> list[OrganisationSection]:
    sections = []
    for organisation in actor.member_organisations():
        section = OrganisationSection(
            organisation=organisation, roles=sorted(actor.roles_in(organisation))
        )
        for provider in _providers:
            section.actions.extend(provider(actor, organisation))
        sections.append(section)
    return sections
