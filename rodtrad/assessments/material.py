"""Purpose-specific material beside each criterion (a small hook, so the engine stays generic).

A purpose that has material to show the panel (a tender's answers for a tender evaluation)
registers a provider in its app's `AppConfig.ready`:

    register_material(Purpose.TENDER, provider)

`provider(assessment, items)` returns, per scope item id, a `Material`: what the assessed
organisation wrote for that criterion and its files (each with a URL to an access-checked
download). The engine's scoring and consensus pages (and the API) show it beside the
criterion's guidance and the scale, only to those who may see the material
(`permissions.can_see_material`: a panel member who has signed the declaration). A purpose may
also register the page where its panel signs declarations (`register_declaration_page`), when
that is not the engine's own per-assessment page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.urls import reverse

from rodtrad.accounts.actor import Actor
from rodtrad.assessments import permissions
from rodtrad.assessments.models import Assessment, ScopeItem


@dataclass(frozen=True)
class MaterialFile:
    name: str
    url: str
    content_type: str = ""
    size: int = 0
    api_url: str = ""  # the same file through the API (token authentication)


@dataclass(frozen=True)
class Material:
    label: str  # what it is, e.g. "The tender's answer"
    text: str
    files: list[MaterialFile] = field(default_factory=list)


Provider = Callable[[Assessment, Sequence[ScopeItem]], dict[int, Material]]
DeclarationPage = Callable[[Assessment], str | None]

_providers: dict[str, Provider] = {}
_declaration_pages: dict[str, DeclarationPage] = {}


def register_material(purpose: str, provider: Provider) -> None:
    _providers[str(purpose)] = provider


def register_declaration_page(purpose: str, page: DeclarationPage) -> None:
    _declaration_pages[str(purpose)] = page


def material_for(
    actor: Actor, assessment: Assessment, items: Sequence[ScopeItem]
) -> dict[int, Material]:
    """The material per scope item id, for those who may see it; empty otherwise."""
    provider = _providers.get(assessment.purpose)
    if provider is None or not items or not permissions.can_see_material(actor, assessment):
        return {}
    return provider(assessment, items)


def declaration_url(assessment: Assessment) -> str:
    page = _declaration_pages.get(assessment.purpose)
    url = page(assessment) if page is not None else None
    return url or reverse("assessments:declaration", args=[assessment.pk])
