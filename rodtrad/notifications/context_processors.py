from django.http import HttpRequest

from rodtrad.notifications.models import Notification


def unread(request: HttpRequest) -> dict:
    """The number of unread notifications, for the header (one query, logged-in users only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    class Lazy:
        def __int__(self) -> int:
            return self.value

        @property
        def value(self) -> int:
            if not hasattr(self, "_value"):
                self._value = Notification.objects.filter(user=user, read_at__isnull=True).count()
            return self._value

        def __str__(self) -> str:
            return str(self.value)

        def __bool__(self) -> bool:
            return self.value > 0

    return {"unread_notifications": Lazy()}
