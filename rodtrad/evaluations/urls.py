from django.urls import path

from rodtrad.evaluations import views

app_name = "evaluations"
P = "procurements/<id:procurement_id>/evaluation/"
urlpatterns = [
    path(P, views.overview, name="overview"),
    path(P + "start/", views.start, name="start"),
    path(P + "declaration/", views.declaration, name="declaration"),
    path(P + "reveal-prices/", views.reveal, name="reveal_prices"),
    path(P + "export/<str:kind>.<str:format>", views.export, name="export"),
    path(
        "assessments/<id:assessment_id>/tender-files/<id:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
]
