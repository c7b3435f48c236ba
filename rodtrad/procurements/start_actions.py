from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from rodtrad.common.start import Action
from rodtrad.procurements import permissions


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the page is not built yet
        return None


def procurement_actions(actor, organisation) -> list[Action]:
    actions = []
    if permissions.can_create(actor, organisation):
        for label, name, args, description in (
            (
                _("Procurements"),
                "procurements:list",
                (),
                _("Prepare, publish and follow procurements (phase B–C)."),
            ),
            (
                _("New procurement"),
                "procurements:create",
                (organisation.pk,),
                _("Write the documents with the quality model worked in."),
            ),
            (
                _("Requirement library"),
                "procurements:library",
                (organisation.pk,),
                _("Mandatory requirements to reuse."),
            ),
        ):
            url = _url(name, *args)
            if url:
                actions.append(Action(label, url, description))
    if organisation in permissions.provider_organisations(actor):
        url = _url("procurements:market")
        if url:
            actions.append(
                Action(
                    _("Published procurements"),
                    url,
                    _("Find procurements, follow them, ask questions and read the answers."),
                )
            )
    return actions
