from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rodtrad.common.http import AuthenticatedRequest
from rodtrad.notifications import services
from rodtrad.notifications.models import Notification


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(Notification.objects.filter(user=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    services.mark_read(user=request.user)
    return redirect("notifications:list")


@login_required
def open_notification(request: AuthenticatedRequest, notification_id: int) -> HttpResponse:
    """Mark one notification read and go where it points (only within the app)."""
    notification = Notification.objects.filter(pk=notification_id, user=request.user).first()
    if notification is None:
        return redirect("notifications:list")
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    target = notification.url if notification.url.startswith("/") else ""
    if target.startswith("//"):
        target = ""
    return redirect(target or "notifications:list")
