from django.urls import path

from rodtrad.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read/", views.mark_all_read, name="mark_all_read"),
    path("notifications/<id:notification_id>/", views.open_notification, name="open"),
]
