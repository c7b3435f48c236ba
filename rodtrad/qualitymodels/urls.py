from django.urls import path

from rodtrad.qualitymodels import views

app_name = "qualitymodels"

_version = "models/versions/<id:version_id>/"
_part = _version + "<str:kind>/<id:part_id>/"
_step = _version + "scales/<id:scale_id>/steps/"

urlpatterns = [
    path("models/", views.library, name="library"),
    path("models/new/", views.model_create, name="model_create"),
    path("models/import/", views.model_import, name="model_import"),
    path("models/<id:model_id>/", views.model_detail, name="model"),
    path("models/<id:model_id>/edit/", views.model_edit, name="model_edit"),
    path("models/<id:model_id>/import/", views.version_import, name="version_import"),
    path(_version, views.version_detail, name="version"),
    path(_version + "handbook/", views.handbook, name="handbook"),
    path(_version + "handbook.pdf", views.handbook_pdf, name="handbook_pdf"),
    path(_version + "export.<str:fmt>", views.version_export, name="version_export"),
    path(_version + "new-version/", views.version_new_draft, name="version_new_draft"),
    path(_version + "copy/", views.version_copy, name="version_copy"),
    path(_version + "delete/", views.version_delete, name="version_delete"),
    path(_version + "edit/", views.version_edit, name="version_edit"),
    path(_step + "new/", views.step_create, name="step_create"),
    path(_step + "<id:step_id>/edit/", views.step_edit, name="step_edit"),
    path(_step + "<id:step_id>/delete/", views.step_delete, name="step_delete"),
    path(_version + "<str:kind>/new/", views.part_create, name="part_create"),
    path(_part + "edit/", views.part_edit, name="part_edit"),
    path(_part + "delete/", views.part_delete, name="part_delete"),
    path("training/", views.training_list, name="training_list"),
    path("training/new/", views.training_create, name="training_create"),
    path("training/<id:session_id>/", views.training_detail, name="training"),
    path("training/<id:session_id>/edit/", views.training_edit, name="training_edit"),
    path("training/<id:session_id>/delete/", views.training_delete, name="training_delete"),
    path(
        "training/<id:session_id>/participants/",
        views.training_participant_add,
        name="training_participant_add",
    ),
    path(
        "training/<id:session_id>/participants/<id:user_id>/remove/",
        views.training_participant_remove,
        name="training_participant_remove",
    ),
    path(
        "training/<id:session_id>/attendance/",
        views.training_attendance,
        name="training_attendance",
    ),
]
