from django.urls import path

from rodtrad.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("<id:token_id>/revoke/", views.token_revoke, name="revoke"),
]
