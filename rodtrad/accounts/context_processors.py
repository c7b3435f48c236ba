from django.http import HttpRequest

from rodtrad.accounts.middleware import current_organisation
from rodtrad.accounts.roles import Role


def actor(request: HttpRequest) -> dict:
    if not hasattr(request, "actor"):
        return {}
    return {
        "actor": request.actor,
        "current_organisation": current_organisation(request),
        "role_labels": dict(Role.choices),
    }
