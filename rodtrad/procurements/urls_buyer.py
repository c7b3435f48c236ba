"""The buyer's pages: the procurement list, a new draft, the procurement page with the builder's
sections, the red-thread check, publication, versions and cancelling, and the organisation's
requirement library."""

from django.urls import path

from rodtrad.procurements.views import builder as views

P = "procurements/<id:procurement_id>/"

urlpatterns = [
    path("procurements/", views.procurement_list, name="list"),
    path("organisations/<id:organisation_id>/procurements/new/", views.create, name="create"),
    path(
        "organisations/<id:organisation_id>/requirement-library/",
        views.library,
        name="library",
    ),
    path(
        "organisations/<id:organisation_id>/requirement-library/new/",
        views.library_new,
        name="library_new",
    ),
    path(
        "organisations/<id:organisation_id>/requirement-library/<id:item_id>/",
        views.library_edit,
        name="library_edit",
    ),
    path(
        "organisations/<id:organisation_id>/requirement-library/<id:item_id>/delete/",
        views.library_delete,
        name="library_delete",
    ),
    path(P, views.detail, name="detail"),
    path(P + "basics/", views.basics, name="basics"),
    path(P + "lots/", views.lots, name="lots"),
    path(P + "lots/new/", views.lot_new, name="lot_new"),
    path(P + "lots/<id:lot_id>/", views.lot_edit, name="lot_edit"),
    path(P + "lots/<id:lot_id>/evaluation/", views.lot_evaluation, name="lot_evaluation"),
    path(P + "lots/<id:lot_id>/delete/", views.lot_delete, name="lot_delete"),
    path(P + "team/", views.team, name="team"),
    path(P + "goals/", views.goals, name="goals"),
    path(P + "goals/new/", views.goal_new, name="goal_new"),
    path(P + "goals/<id:goal_id>/", views.goal_edit, name="goal_edit"),
    path(P + "goals/<id:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path(P + "requirements/", views.requirements, name="requirements"),
    path(P + "requirements/new/", views.requirement_new, name="requirement_new"),
    path(
        P + "requirements/from-library/",
        views.requirements_from_library,
        name="requirements_from_library",
    ),
    path(
        P + "requirements/<id:requirement_id>/",
        views.requirement_edit,
        name="requirement_edit",
    ),
    path(
        P + "requirements/<id:requirement_id>/delete/",
        views.requirement_delete,
        name="requirement_delete",
    ),
    path(
        P + "requirements/<id:requirement_id>/to-library/",
        views.requirement_to_library,
        name="requirement_to_library",
    ),
    path(P + "criteria/", views.criteria, name="criteria"),
    path(P + "criteria/model/", views.criteria_model, name="criteria_model"),
    path(P + "criteria/scope/", views.criteria_scope, name="criteria_scope"),
    path(P + "criteria/<id:award_id>/", views.criterion_edit, name="criterion_edit"),
    path(P + "partnership/", views.partnership, name="partnership"),
    path(P + "indicators/", views.indicators, name="indicators"),
    path(P + "indicators/new/", views.indicator_new, name="indicator_new"),
    path(P + "indicators/<id:indicator_id>/", views.indicator_edit, name="indicator_edit"),
    path(
        P + "indicators/<id:indicator_id>/delete/",
        views.indicator_delete,
        name="indicator_delete",
    ),
    path(P + "evaluation-model/", views.evaluation, name="evaluation"),
    path(P + "simulation/", views.simulation, name="simulation"),
    path(P + "simulation/new/", views.tender_new, name="tender_new"),
    path(P + "simulation/<id:tender_id>/", views.tender_edit, name="tender_edit"),
    path(P + "simulation/<id:tender_id>/delete/", views.tender_delete, name="tender_delete"),
    path(P + "red-thread/", views.check, name="check"),
    path(P + "publish/", views.publish, name="publish"),
    path(P + "versions/", views.versions, name="versions"),
    path(P + "versions/<id:number>/pdf/", views.version_pdf, name="document_pdf"),
    path(P + "versions/<id:number>/zip/", views.version_zip, name="document_zip"),
    path(P + "cancel/", views.cancel, name="cancel"),
]
