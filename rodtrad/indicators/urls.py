from django.urls import path

from rodtrad.indicators import views

app_name = "indicators"
C = "contracts/<id:contract_id>/indicators/"
urlpatterns = [
    path(C, views.indicator_list, name="list"),
    path(C + "new/", views.indicator_new, name="new"),
    path(C + "export.<str:format>", views.export, name="export"),
    path(C + "take-over/", views.take_over, name="take_over"),
    path(C + "import/", views.import_upload, name="import"),
    path(C + "kolada/", views.kolada_fetch, name="kolada"),
    path(C + "import/<id:preview_id>/", views.import_preview, name="preview"),
    path(C + "import/<id:preview_id>/confirm/", views.import_confirm, name="confirm"),
    path(C + "import/<id:preview_id>/cancel/", views.import_cancel, name="cancel"),
    path(C + "<id:indicator_id>/", views.indicator_detail, name="detail"),
    path(C + "<id:indicator_id>/edit/", views.indicator_edit, name="edit"),
    path(C + "<id:indicator_id>/values/", views.value_add, name="value_add"),
]
