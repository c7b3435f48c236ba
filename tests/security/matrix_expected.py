# ruff: noqa: E501 - one grid per line keeps the table readable
"""The expected answer of every cell of the permission matrix (test_permission_matrix.py).

One row per endpoint ("METHOD route", the route as the URL resolver or the OpenAPI document
spells it). A row is one grid for every state the endpoint is walked in, or a dict from the
states (space-separated) to their grid. A grid has one letter per persona, in this order:

    an  anonymous           op  opener (appointed opener, viewer only)   pb  competitor B
    st  stranger            ch  panel chair                              ad  buyer's org admin
    of  procurement officer cm  contract manager                         pl  platform admin
    ed  evaluator, submitted                                             ob  another buyer's
    ep  evaluator, not yet submitted      pa  provider A (tenderer, the winner)   officer

Letters: O 2xx, R redirect, L login (302 to login / 401), F 403, N 404, M 405, B 400/422,
C 409, A (writes) allowed: passed the permission check. A server error never matches.
Reviewed against DOMAIN.md section 2, docs/security.md and the apps' permissions.py; an
unexpected 200 anywhere fails the test.
"""

# fmt: off
#                                                     an st of ed ep op ch cm pa pb ad pl ob
EXPECTED: dict[str, str | dict[str, str]] = {
    "GET ": {
        "submitted": "O O O O O O O O O O O O O",
    },
    "POST ": {
        "submitted": "A A A A A A A A A A A A A",
    },
    "GET healthz": {
        "submitted": "O O O O O O O O O O O O O",
    },
    "POST healthz": {
        "submitted": "M M M M M M M M M M M M M",
    },
    "GET .well-known/security.txt": {
        "submitted": "O O O O O O O O O O O O O",
    },
    "POST .well-known/security.txt": {
        "submitted": "M M M M M M M M M M M M M",
    },
    "GET favicon.ico": {
        "submitted": "R R R R R R R R R R R R R",
    },
    "POST favicon.ico": {
        "submitted": "A A A A A A A A A A A A A",
    },
    "GET accessibility/": {
        "submitted": "O O O O O O O O O O O O O",
    },
    "POST accessibility/": {
        "submitted": "A A A A A A A A A A A A A",
    },
    "GET about/": {
        "submitted": "O O O O O O O O O O O O O",
    },
    "POST about/": {
        "submitted": "A A A A A A A A A A A A A",
    },
    "GET accounts/login/": {
        "submitted": "O R R R R R R R R R R R R",
    },
    "POST accounts/login/": {
        "submitted": "A A A A A A A A A A A A A",
    },
    "GET accounts/logout/": {
        "submitted": "M M M M M M M M M M M M M",
    },
    "POST accounts/logout/": {
        "submitted": "L L L L L L L L L L L L L",
    },
    "GET accounts/password/reset/": {
        "submitted": "O O O O O O O O O O O O O",
    },
    "POST accounts/password/reset/": {
        "submitted": "A A A A A A A A A A A A A",
    },
    "GET accounts/password/reset/sent/": {
        "submitted": "O O O O O O O O O O O O O",
    },
    "POST accounts/password/reset/sent/": {
        "submitted": "M M M M M M M M M M M M M",
    },
    "GET accounts/password/reset/<uidb64>/<token>/": {
        "submitted": "O O O O O O O O O O O O O",
    },
    "POST accounts/password/reset/<uidb64>/<token>/": {
        "submitted": "A A A A A A A A A A A A A",
    },
    "GET accounts/password/reset/done/": {
        "submitted": "O O O O O O O O O O O O O",
    },
    "POST accounts/password/reset/done/": {
        "submitted": "M M M M M M M M M M M M M",
    },
    "GET accounts/password/change/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST accounts/password/change/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET accounts/password/change/done/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST accounts/password/change/done/": {
        "submitted": "L M M M M M M M M M M M M",
    },
    "GET accounts/profile/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST accounts/profile/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET accounts/log-out-everywhere/": {
        "submitted": "L M M M M M M M M M M M M",
    },
    "POST accounts/log-out-everywhere/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET accounts/language/": {
        "submitted": "M M M M M M M M M M M M M",
    },
    "POST accounts/language/": {
        "submitted": "A A A A A A A A A A A A A",
    },
    "GET accounts/two-factor/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST accounts/two-factor/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET accounts/two-factor/setup/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST accounts/two-factor/setup/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET accounts/two-factor/verify/": {
        "submitted": "L R R R R R R R R R R R R",
    },
    "POST accounts/two-factor/verify/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET accounts/two-factor/codes/": {
        "submitted": "L R R R R R R R R R R R R",
    },
    "POST accounts/two-factor/codes/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET accounts/two-factor/codes/renew/": {
        "submitted": "L M M M M M M M M M M M M",
    },
    "POST accounts/two-factor/codes/renew/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET accounts/two-factor/turn-off/": {
        "submitted": "L M M M M M M M M M M M M",
    },
    "POST accounts/two-factor/turn-off/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET accounts/confirm/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST accounts/confirm/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET invitations/<str:token>/": {
        "submitted": "N N N N N N N N N N N N N",
    },
    "POST invitations/<str:token>/": {
        "submitted": "N N N N N N N N N N N N N",
    },
    "GET organisations/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST organisations/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET organisations/new/": {
        "submitted": "L F F F F F F F F F F O F",
    },
    "POST organisations/new/": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET organisations/switch/": {
        "submitted": "L M M M M M M M M M M M M",
    },
    "POST organisations/switch/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET organisations/<id:organisation_id>/": {
        "submitted": "L N O O O O O O N N O O N",
    },
    "POST organisations/<id:organisation_id>/": {
        "submitted": "L N A A A A A A N N A A N",
    },
    "GET organisations/<id:organisation_id>/edit/": {
        "submitted": "L N F F F F F F N N O O N",
    },
    "POST organisations/<id:organisation_id>/edit/": {
        "submitted": "L N F F F F F F N N A A N",
    },
    "GET organisations/<id:organisation_id>/invite/": {
        "submitted": "L N F F F F F F N N O O N",
    },
    "POST organisations/<id:organisation_id>/invite/": {
        "submitted": "L N F F F F F F N N A A N",
    },
    "GET organisations/<id:organisation_id>/invitations/<id:invitation_id>/revoke/": {
        "submitted": "L M M M M M M M M M M M M",
    },
    "POST organisations/<id:organisation_id>/invitations/<id:invitation_id>/revoke/": {
        "submitted": "L N F F F F F F N N A A N",
    },
    "GET organisations/<id:organisation_id>/members/<id:user_id>/roles/": {
        "submitted": "L N F F F F F F N N O O N",
    },
    "POST organisations/<id:organisation_id>/members/<id:user_id>/roles/": {
        "submitted": "L N F F F F F F N N A A N",
    },
    "GET organisations/<id:organisation_id>/members/<id:user_id>/two-factor/": {
        "submitted": "L N F F F F F F N N O O N",
    },
    "POST organisations/<id:organisation_id>/members/<id:user_id>/two-factor/": {
        "submitted": "L N F F F F F F N N A F N",
    },
    "GET organisations/<id:organisation_id>/members/<id:user_id>/remove/": {
        "submitted": "L N F F F F F F N N O O N",
    },
    "POST organisations/<id:organisation_id>/members/<id:user_id>/remove/": {
        "submitted": "L N F F F F F F N N A A N",
    },
    "GET organisations/<id:organisation_id>/events/": {
        "submitted": "L N F F F F F F N N O O N",
    },
    "POST organisations/<id:organisation_id>/events/": {
        "submitted": "L N F F F F F F N N A A N",
    },
    "GET models/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST models/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET models/new/": {
        "submitted": "L F O F F F F F O O O O O",
    },
    "POST models/new/": {
        "submitted": "L F A F F F F F A A A A A",
    },
    "GET models/import/": {
        "submitted": "L F O F F F F F O O O O O",
    },
    "POST models/import/": {
        "submitted": "L F A F F F F F A A A A A",
    },
    "GET models/<id:model_id>/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST models/<id:model_id>/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET models/<id:model_id>/edit/": {
        "submitted": "L F F F F F F F F F F O F",
    },
    "POST models/<id:model_id>/edit/": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET models/<id:model_id>/import/": {
        "submitted": "L F F F F F F F F F F O F",
    },
    "POST models/<id:model_id>/import/": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET models/versions/<id:version_id>/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST models/versions/<id:version_id>/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET models/versions/<id:version_id>/handbook/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST models/versions/<id:version_id>/handbook/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET models/versions/<id:version_id>/handbook.pdf": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST models/versions/<id:version_id>/handbook.pdf": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET models/versions/<id:version_id>/export.<str:fmt>": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST models/versions/<id:version_id>/export.<str:fmt>": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET models/versions/<id:version_id>/new-version/": {
        "submitted": "L M M M M M M M M M M M M",
    },
    "POST models/versions/<id:version_id>/new-version/": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET models/versions/<id:version_id>/copy/": {
        "submitted": "L F O F F F F F O O O F O",
    },
    "POST models/versions/<id:version_id>/copy/": {
        "submitted": "L F A F F F F F A A A F A",
    },
    "GET models/versions/<id:version_id>/delete/": {
        "submitted": "L F F F F F F F F F F O F",
    },
    "POST models/versions/<id:version_id>/delete/": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET models/versions/<id:version_id>/edit/": {
        "submitted": "L F F F F F F F F F F R F",
    },
    "POST models/versions/<id:version_id>/edit/": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET models/versions/<id:version_id>/scales/<id:scale_id>/steps/new/": {
        "submitted": "L F F F F F F F F F F R F",
    },
    "POST models/versions/<id:version_id>/scales/<id:scale_id>/steps/new/": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET models/versions/<id:version_id>/scales/<id:scale_id>/steps/<id:step_id>/edit/": {
        "submitted": "L F F F F F F F F F F R F",
    },
    "POST models/versions/<id:version_id>/scales/<id:scale_id>/steps/<id:step_id>/edit/": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET models/versions/<id:version_id>/scales/<id:scale_id>/steps/<id:step_id>/delete/": {
        "submitted": "L F F F F F F F F F F R F",
    },
    "POST models/versions/<id:version_id>/scales/<id:scale_id>/steps/<id:step_id>/delete/": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET models/versions/<id:version_id>/<str:kind>/new/": {
        "submitted": "L F F F F F F F F F F R F",
    },
    "POST models/versions/<id:version_id>/<str:kind>/new/": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET models/versions/<id:version_id>/<str:kind>/<id:part_id>/edit/": {
        "submitted": "L F F F F F F F F F F R F",
    },
    "POST models/versions/<id:version_id>/<str:kind>/<id:part_id>/edit/": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET models/versions/<id:version_id>/<str:kind>/<id:part_id>/delete/": {
        "submitted": "L F F F F F F F F F F R F",
    },
    "POST models/versions/<id:version_id>/<str:kind>/<id:part_id>/delete/": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET training/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST training/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET training/new/": {
        "submitted": "L F O F F F F F O O O F O",
    },
    "POST training/new/": {
        "submitted": "L F A F F F F F A A A F A",
    },
    "GET training/<id:session_id>/": {
        "submitted": "L N O O O O O O N N O N N",
    },
    "POST training/<id:session_id>/": {
        "submitted": "L N A A A A A A N N A N N",
    },
    "GET training/<id:session_id>/edit/": {
        "submitted": "L N O F F F F F N N O N N",
    },
    "POST training/<id:session_id>/edit/": {
        "submitted": "L N A F F F F F N N A N N",
    },
    "GET training/<id:session_id>/delete/": {
        "submitted": "L N O F F F F F N N O N N",
    },
    "POST training/<id:session_id>/delete/": {
        "submitted": "L N A F F F F F N N A N N",
    },
    "GET training/<id:session_id>/participants/": {
        "submitted": "L M M M M M M M M M M M M",
    },
    "POST training/<id:session_id>/participants/": {
        "submitted": "L N A F F F F F N N A N N",
    },
    "GET training/<id:session_id>/participants/<id:user_id>/remove/": {
        "submitted": "L M M M M M M M M M M M M",
    },
    "POST training/<id:session_id>/participants/<id:user_id>/remove/": {
        "submitted": "L N N F F F F F N N N N N",
    },
    "GET training/<id:session_id>/attendance/": {
        "submitted": "L M M M M M M M M M M M M",
    },
    "POST training/<id:session_id>/attendance/": {
        "submitted": "L N A F F F F F N N A N N",
    },
    "GET assessments/": "L O O O O O O O O O O O O",
    "POST assessments/": "L A A A A A A A A A A A A",
    "GET organisations/<id:organisation_id>/self-assessments/new/": {
        "submitted": "L N F F F F F F N N O F N",
    },
    "POST organisations/<id:organisation_id>/self-assessments/new/": {
        "submitted": "L N F F F F F F N N A F N",
    },
    "GET procurements/": "L O O O O O O O O O O O O",
    "POST procurements/": "L M M M M M M M M M M M M",
    "GET organisations/<id:organisation_id>/procurements/new/": {
        "submitted": "L N O F F F F F N N O F N",
    },
    "POST organisations/<id:organisation_id>/procurements/new/": {
        "submitted": "L N A F F F F F N N A F N",
    },
    "GET organisations/<id:organisation_id>/requirement-library/": {
        "submitted": "L N O F F F F F N N O F N",
    },
    "POST organisations/<id:organisation_id>/requirement-library/": {
        "submitted": "L M M M M M M M M M M M M",
    },
    "GET organisations/<id:organisation_id>/requirement-library/new/": {
        "submitted": "L N O F F F F F N N O F N",
    },
    "POST organisations/<id:organisation_id>/requirement-library/new/": {
        "submitted": "L N A F F F F F N N A F N",
    },
    "GET organisations/<id:organisation_id>/requirement-library/<id:item_id>/": {
        "submitted": "L N O F F F F F N N O F N",
    },
    "POST organisations/<id:organisation_id>/requirement-library/<id:item_id>/": {
        "submitted": "L N A F F F F F N N A F N",
    },
    "GET organisations/<id:organisation_id>/requirement-library/<id:item_id>/delete/": {
        "submitted": "L N O F F F F F N N O F N",
    },
    "POST organisations/<id:organisation_id>/requirement-library/<id:item_id>/delete/": {
        "submitted": "L N A F F F F F N N A F N",
    },
    "GET procurements/<id:procurement_id>/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/basics/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/basics/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/lots/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/lots/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/lots/new/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/lots/new/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/lots/<id:lot_id>/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/lots/<id:lot_id>/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/lots/<id:lot_id>/evaluation/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/lots/<id:lot_id>/evaluation/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/lots/<id:lot_id>/delete/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/lots/<id:lot_id>/delete/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/team/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/team/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/goals/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/goals/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/goals/new/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/goals/new/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/goals/<id:goal_id>/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/goals/<id:goal_id>/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/goals/<id:goal_id>/delete/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/goals/<id:goal_id>/delete/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/requirements/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/requirements/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/requirements/new/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/requirements/new/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/requirements/from-library/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/requirements/from-library/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/requirements/<id:requirement_id>/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/requirements/<id:requirement_id>/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/requirements/<id:requirement_id>/delete/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/requirements/<id:requirement_id>/delete/": {
        "submitted": "L N A F F F F N N N A N N",
        "evaluating awarded": "L N B F F F F N N N B N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/requirements/<id:requirement_id>/to-library/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/requirements/<id:requirement_id>/to-library/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/criteria/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/criteria/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/criteria/model/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/criteria/model/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/criteria/scope/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/criteria/scope/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/criteria/<id:award_id>/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/criteria/<id:award_id>/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/partnership/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/partnership/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/indicators/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/indicators/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/indicators/new/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/indicators/new/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/indicators/<id:indicator_id>/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/indicators/<id:indicator_id>/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/indicators/<id:indicator_id>/delete/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/indicators/<id:indicator_id>/delete/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/evaluation-model/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/evaluation-model/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/simulation/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/simulation/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/simulation/new/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/simulation/new/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/simulation/<id:tender_id>/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/simulation/<id:tender_id>/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/simulation/<id:tender_id>/delete/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/simulation/<id:tender_id>/delete/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/red-thread/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/red-thread/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/publish/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/publish/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET procurements/<id:procurement_id>/versions/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/versions/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/versions/<id:number>/pdf/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/versions/<id:number>/pdf/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/versions/<id:number>/zip/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/versions/<id:number>/zip/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/cancel/": {
        "submitted evaluating awarded": "L N O F F F F N N N O N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "POST procurements/<id:procurement_id>/cancel/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET market/": "L N O O O O O O O O O N O",
    "POST market/": "L N A A A A A A A A A N A",
    "GET market/<id:procurement_id>/": "L N O O O O O O O O O N O",
    "POST market/<id:procurement_id>/": "L N A A A A A A A A A N A",
    "GET market/<id:procurement_id>/follow/": "L M M M M M M M M M M M M",
    "POST market/<id:procurement_id>/follow/": "L N F F F F F F A A F N F",
    "GET market/<id:procurement_id>/versions/<id:number>/": "L N O O O O O O O O O N O",
    "POST market/<id:procurement_id>/versions/<id:number>/": "L N A A A A A A A A A N A",
    "GET market/<id:procurement_id>/versions/<id:number>/pdf/": "L N O O O O O O O O O N O",
    "POST market/<id:procurement_id>/versions/<id:number>/pdf/": "L N A A A A A A A A A N A",
    "GET market/<id:procurement_id>/versions/<id:number>/zip/": "L N O O O O O O O O O N O",
    "POST market/<id:procurement_id>/versions/<id:number>/zip/": "L N A A A A A A A A A N A",
    "GET market/<id:procurement_id>/versions/<id:number>/changes/": "L N N N N N N N N N N N N",
    "POST market/<id:procurement_id>/versions/<id:number>/changes/": "L N N N N N N N N N N N N",
    "GET market/<id:procurement_id>/questions/": "L N O O O O O O O O O N O",
    "POST market/<id:procurement_id>/questions/": "L N F F F F F F A A F N F",
    "GET procurements/<id:procurement_id>/questions/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/questions/": "L N A A A A A N N N A N N",
    "GET procurements/<id:procurement_id>/questions/<id:question_id>/": {
        "submitted evaluating awarded": "L N O F F F F N N N O N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "POST procurements/<id:procurement_id>/questions/<id:question_id>/": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET tenders/": "L N N N N O N N O O O N O",
    "POST tenders/": "L N N N N A N N A A A N A",
    "GET tenders/<id:tender_id>/": "L N N N N N N N O N N N N",
    "POST tenders/<id:tender_id>/": "L N N N N N N N A N N N N",
    "GET market/<id:procurement_id>/tender/": "L N N N N N N N R R N N N",
    "POST market/<id:procurement_id>/tender/": "L N N N N N N N A A N N N",
    "GET tenders/<id:tender_id>/sections/<str:section>/": "L M M M M M M M M M M M M",
    "POST tenders/<id:tender_id>/sections/<str:section>/": "L N N N N N N N A N N N N",
    "GET tenders/<id:tender_id>/completeness/": "L N N N N N N N O N N N N",
    "POST tenders/<id:tender_id>/completeness/": "L N N N N N N N A N N N N",
    "GET tenders/<id:tender_id>/submit/": "L M M M M M M M M M M M M",
    "POST tenders/<id:tender_id>/submit/": "L N N N N N N N A N N N N",
    "GET tenders/<id:tender_id>/withdraw/": "L M M M M M M M M M M M M",
    "POST tenders/<id:tender_id>/withdraw/": "L N N N N N N N A N N N N",
    "GET tenders/<id:tender_id>/attachments/<id:attachment_id>/": "L N N N N N N N O N N N N",
    "POST tenders/<id:tender_id>/attachments/<id:attachment_id>/": "L N N N N N N N A N N N N",
    "GET tenders/<id:tender_id>/receipts/": "L N N N N N N N O N N N N",
    "POST tenders/<id:tender_id>/receipts/": "L N N N N N N N A N N N N",
    "GET tenders/<id:tender_id>/receipts/<id:number>/": "L N N N N N N N O N N N N",
    "POST tenders/<id:tender_id>/receipts/<id:number>/": "L N N N N N N N A N N N N",
    "GET tenders/<id:tender_id>/clarifications/<id:clarification_id>/reply/": "L M M M M M M M M M M M M",
    "POST tenders/<id:tender_id>/clarifications/<id:clarification_id>/reply/": "L N N N N N N N N N N N N",
    "GET procurements/<id:procurement_id>/opening/": "L N O O O O O N N N O N N",
    "POST procurements/<id:procurement_id>/opening/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/opening/start/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/opening/start/": "L N A F F A F N N N A N N",
    "GET procurements/<id:procurement_id>/opening/confirm/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/opening/confirm/": "L N A F F A F N N N A N N",
    "GET procurements/<id:procurement_id>/opening/record.pdf": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N O N N O N N N N O N N",
    },
    "POST procurements/<id:procurement_id>/opening/record.pdf": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/qualification/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N O F F F F N N N O N N",
    },
    "POST procurements/<id:procurement_id>/qualification/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/qualification/complete/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/qualification/complete/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "GET procurements/<id:procurement_id>/qualification/<id:tender_id>/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N O F F F F N N N O N N",
    },
    "POST procurements/<id:procurement_id>/qualification/<id:tender_id>/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/qualification/<id:tender_id>/requirements/<id:requirement_id>/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/qualification/<id:tender_id>/requirements/<id:requirement_id>/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "GET procurements/<id:procurement_id>/qualification/<id:tender_id>/clarifications/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/qualification/<id:tender_id>/clarifications/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "GET procurements/<id:procurement_id>/qualification/<id:tender_id>/conclude/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/qualification/<id:tender_id>/conclude/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "GET procurements/<id:procurement_id>/qualification/<id:tender_id>/reject-low-price/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/qualification/<id:tender_id>/reject-low-price/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "GET procurements/<id:procurement_id>/qualification/<id:tender_id>/reopen/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/qualification/<id:tender_id>/reopen/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "GET procurements/<id:procurement_id>/qualification/<id:tender_id>/attachments/<id:attachment_id>/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N O F F F F N N N O N N",
    },
    "POST procurements/<id:procurement_id>/qualification/<id:tender_id>/attachments/<id:attachment_id>/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/import/": "L N N N N N N N N N N N N",
    "POST procurements/<id:procurement_id>/import/": "L N N N N N N N N N N N N",
    "GET procurements/<id:procurement_id>/import/workbook.xlsx": "L N N N N N N N N N N N N",
    "POST procurements/<id:procurement_id>/import/workbook.xlsx": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/evaluation/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N O O O F O N N N O N N",
    },
    "POST procurements/<id:procurement_id>/evaluation/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/evaluation/start/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/evaluation/start/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F A N N N A N N",
    },
    "GET procurements/<id:procurement_id>/evaluation/declaration/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N F O O F O N N N F N N",
    },
    "POST procurements/<id:procurement_id>/evaluation/declaration/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N F A A F A N N N F N N",
    },
    "GET procurements/<id:procurement_id>/evaluation/reveal-prices/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/evaluation/reveal-prices/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N F F F F A N N N F N N",
    },
    "GET procurements/<id:procurement_id>/award/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N O F F F O N N N O N N",
    },
    "POST procurements/<id:procurement_id>/award/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/award/decide/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/award/decide/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "GET procurements/<id:procurement_id>/award/reviews/": "L M M M M M M M M M M M M",
    "POST procurements/<id:procurement_id>/award/reviews/": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "GET procurements/<id:procurement_id>/award/report.pdf": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating": "L N N F F F N N N N N N N",
        "awarded follow_up": "L N O F F F O N N N O N N",
    },
    "POST procurements/<id:procurement_id>/award/report.pdf": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/award/export/<str:kind>.<str:format>": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating": "L N B F F F F N N N B N N",
        "awarded follow_up": "L N O F F F O N N N O N N",
    },
    "POST procurements/<id:procurement_id>/award/export/<str:kind>.<str:format>": "L M M M M M M M M M M M M",
    "GET tenders/<id:tender_id>/award/": {
        "submitted evaluating": "L N N N N N N N N N N N N",
        "awarded follow_up": "L N N N N N N N O N N N N",
    },
    "POST tenders/<id:tender_id>/award/": "L M M M M M M M M M M M M",
    "GET tenders/<id:tender_id>/award/feedback.pdf": {
        "submitted evaluating": "L N N N N N N N N N N N N",
        "awarded follow_up": "L N N N N N N N O N N N N",
    },
    "POST tenders/<id:tender_id>/award/feedback.pdf": "L M M M M M M M M M M M M",
    "GET contracts/": "L O O O O O O O O O O O O",
    "POST contracts/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/contract/": {
        "submitted evaluating": "L N N N N N N N N N N N N",
        "awarded follow_up": "L N O F F F O O N N O N N",
    },
    "POST procurements/<id:procurement_id>/contract/": {
        "submitted evaluating": "L N N N N N N N N N N N N",
        "awarded follow_up": "L N A F F F A A N N A N N",
    },
    "GET follow-up/": "L O O O O O O O O O O O O",
    "POST follow-up/": "L M M M M M M M M M M M M",
    "GET procurements/<id:procurement_id>/archive.zip": "L N O F F F F N N N O N N",
    "POST procurements/<id:procurement_id>/archive.zip": "L M M M M M M M M M M M M",
    "GET notifications/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST notifications/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET notifications/read/": {
        "submitted": "L M M M M M M M M M M M M",
    },
    "POST notifications/read/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET api-tokens/": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST api-tokens/": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET api-tokens/<id:token_id>/revoke/": {
        "submitted": "L M M M M M M M M M M M M",
    },
    "POST api-tokens/<id:token_id>/revoke/": {
        "submitted": "L N A N N N N N N N N N N",
    },
    "GET admin/": {
        "submitted": "L L L L L L L L L L L O L",
    },
    "POST admin/": {
        "submitted": "L L L L L L L L L L L A L",
    },
    "GET admin/audit/auditevent/": {
        "submitted": "L L L L L L L L L L L O L",
    },
    "POST admin/audit/auditevent/": {
        "submitted": "L L L L L L L L L L L A L",
    },
    "GET admin/accounts/user/": {
        "submitted": "L L L L L L L L L L L O L",
    },
    "POST admin/accounts/user/": {
        "submitted": "L L L L L L L L L L L A L",
    },
    "GET api/v1/me": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "GET api/v1/organisations": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST api/v1/organisations": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET api/v1/organisations/{organisation_id}": {
        "submitted": "L N O O O O O O N N O O N",
    },
    "PATCH api/v1/organisations/{organisation_id}": {
        "submitted": "L N F F F F F F N N A A N",
    },
    "GET api/v1/organisations/{organisation_id}/members": {
        "submitted": "L N O O O O O O N N O O N",
    },
    "PUT api/v1/organisations/{organisation_id}/members/{user_id}": {
        "submitted": "L N F F F F F F N N A A N",
    },
    "DELETE api/v1/organisations/{organisation_id}/members/{user_id}": {
        "submitted": "L N F F F F F F N N A A N",
    },
    "GET api/v1/organisations/{organisation_id}/invitations": {
        "submitted": "L N F F F F F F N N O O N",
    },
    "POST api/v1/organisations/{organisation_id}/invitations": {
        "submitted": "L N F F F F F F N N A A N",
    },
    "DELETE api/v1/organisations/{organisation_id}/invitations/{invitation_id}": {
        "submitted": "L N F F F F F F N N A A N",
    },
    "GET api/v1/quality-models": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST api/v1/quality-models/import": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET api/v1/quality-models/{model_id}": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "GET api/v1/quality-model-versions/{version_id}": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "DELETE api/v1/quality-model-versions/{version_id}": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET api/v1/quality-model-versions/{version_id}/validation": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "GET api/v1/quality-model-versions/{version_id}/export": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST api/v1/quality-model-versions/{version_id}/drafts": {
        "submitted": "L F F F F F F F F F F A F",
    },
    "GET api/v1/training-sessions": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST api/v1/training-sessions": {
        "submitted": "L N A F F F F F N N A F N",
    },
    "GET api/v1/training-sessions/{session_id}": {
        "submitted": "L N O O O O O O N N O N N",
    },
    "PATCH api/v1/training-sessions/{session_id}": {
        "submitted": "L N A F F F F F N N A N N",
    },
    "DELETE api/v1/training-sessions/{session_id}": {
        "submitted": "L N A F F F F F N N A N N",
    },
    "POST api/v1/training-sessions/{session_id}/participants": {
        "submitted": "L N A F F F F F N N A N N",
    },
    "DELETE api/v1/training-sessions/{session_id}/participants/{user_id}": {
        "submitted": "L N N F F F F F N N N N N",
    },
    "PUT api/v1/training-sessions/{session_id}/participants/{user_id}/attendance": {
        "submitted": "L N N F F F F F N N N N N",
    },
    "GET api/v1/assessments": "L O O O O O O O O O O O O",
    "POST api/v1/assessments": "L N N N N N N N N N N F A",
    "GET api/v1/procurements": "L O O O O O O O O O O O O",
    "POST api/v1/procurements": "L N A F F F F F N N A F N",
    "GET api/v1/procurements/{procurement_id}": "L N O O O O O N N N O N N",
    "PUT api/v1/procurements/{procurement_id}/basics": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "POST api/v1/procurements/{procurement_id}/cancel": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "POST api/v1/procurements/{procurement_id}/lots": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "PUT api/v1/procurements/{procurement_id}/lots/{lot_id}": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "DELETE api/v1/procurements/{procurement_id}/lots/{lot_id}": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "PUT api/v1/procurements/{procurement_id}/lots/{lot_id}/evaluation": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "PUT api/v1/procurements/{procurement_id}/team": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "POST api/v1/procurements/{procurement_id}/goals": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "PUT api/v1/procurements/{procurement_id}/goals/{goal_id}": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "DELETE api/v1/procurements/{procurement_id}/goals/{goal_id}": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "POST api/v1/procurements/{procurement_id}/requirements": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "POST api/v1/procurements/{procurement_id}/requirements/from-library": {
        "submitted evaluating awarded": "L N N F F F F N N N N N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "PUT api/v1/procurements/{procurement_id}/requirements/{requirement_id}": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "DELETE api/v1/procurements/{procurement_id}/requirements/{requirement_id}": {
        "submitted": "L N A F F F F N N N A N N",
        "evaluating awarded": "L N B F F F F N N N B N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "POST api/v1/procurements/{procurement_id}/requirements/{requirement_id}/to-library": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET api/v1/organisations/{organisation_id}/requirement-library": {
        "submitted": "L N O F F F F F N N O F N",
    },
    "POST api/v1/organisations/{organisation_id}/requirement-library": {
        "submitted": "L N A F F F F F N N A F N",
    },
    "PUT api/v1/organisations/{organisation_id}/requirement-library/{item_id}": {
        "submitted": "L N A F F F F F N N A F N",
    },
    "DELETE api/v1/organisations/{organisation_id}/requirement-library/{item_id}": {
        "submitted": "L N A F F F F F N N A F N",
    },
    "POST api/v1/procurements/{procurement_id}/indicators": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "PUT api/v1/procurements/{procurement_id}/indicators/{indicator_id}": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "DELETE api/v1/procurements/{procurement_id}/indicators/{indicator_id}": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET api/v1/procurements/{procurement_id}/criteria": "L N O O O O O N N N O N N",
    "PUT api/v1/procurements/{procurement_id}/criteria": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "PUT api/v1/procurements/{procurement_id}/model": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "PUT api/v1/procurements/{procurement_id}/criteria/{award_id}": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "PUT api/v1/procurements/{procurement_id}/partnership": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "PUT api/v1/procurements/{procurement_id}/evaluation-model": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET api/v1/procurements/{procurement_id}/simulation": "L N O O O O O N N N O N N",
    "POST api/v1/procurements/{procurement_id}/simulated-tenders": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "PUT api/v1/procurements/{procurement_id}/simulated-tenders/{tender_id}": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "DELETE api/v1/procurements/{procurement_id}/simulated-tenders/{tender_id}": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET api/v1/procurements/{procurement_id}/red-thread": "L N O O O O O N N N O N N",
    "POST api/v1/procurements/{procurement_id}/publish": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET api/v1/procurements/{procurement_id}/versions": "L N O O O O O N N N O N N",
    "GET api/v1/procurements/{procurement_id}/versions/{number}.pdf": "L N O O O O O N N N O N N",
    "POST api/v1/evaluation-models/simulate": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET api/v1/market/procurements": "L N O O O O O O O O O N O",
    "GET api/v1/market/procurements/{procurement_id}": "L N O O O O O O O O O N O",
    "GET api/v1/market/procurements/{procurement_id}/versions/{number}": "L N O O O O O O O O O N O",
    "GET api/v1/market/procurements/{procurement_id}/versions/{number}/pdf": "L N O O O O O O O O O N O",
    "GET api/v1/market/procurements/{procurement_id}/versions/{number}/changes": "L N N N N N N N N N N N N",
    "POST api/v1/market/procurements/{procurement_id}/follow": "L N F F F F F F A A F N F",
    "GET api/v1/market/procurements/{procurement_id}/questions": "L N O O O O O O O O O N O",
    "POST api/v1/market/procurements/{procurement_id}/questions": "L N F F F F F F A A F N F",
    "GET api/v1/procurements/{procurement_id}/questions": "L N O O O O O N N N O N N",
    "POST api/v1/procurements/{procurement_id}/questions/{question_id}/answer": {
        "submitted evaluating awarded": "L N A F F F F N N N A N N",
        "follow_up": "L N F F F F F N N N F N N",
    },
    "GET api/v1/tenders": "L N N N N O N N O O O N O",
    "POST api/v1/market/procurements/{procurement_id}/tender": "L N N N N N N N A A N N N",
    "GET api/v1/tenders/{tender_id}": "L N N N N N N N O N N N N",
    "PATCH api/v1/tenders/{tender_id}/draft": "L N N N N N N N A N N N N",
    "GET api/v1/tenders/{tender_id}/attachments": "L N N N N N N N O N N N N",
    "POST api/v1/tenders/{tender_id}/attachments": "L A A A A A A A A A A A A",
    "DELETE api/v1/tenders/{tender_id}/attachments/{attachment_id}": "L N N N N N N N A N N N N",
    "GET api/v1/tenders/{tender_id}/attachments/{attachment_id}/download": "L N N N N N N N O N N N N",
    "GET api/v1/tenders/{tender_id}/completeness": "L N N N N N N N O N N N N",
    "POST api/v1/tenders/{tender_id}/submit": "L N N N N N N N A N N N N",
    "POST api/v1/tenders/{tender_id}/withdraw": "L N N N N N N N A N N N N",
    "GET api/v1/tenders/{tender_id}/receipts": "L N N N N N N N O N N N N",
    "GET api/v1/tenders/{tender_id}/receipts/{number}": "L N N N N N N N O N N N N",
    "POST api/v1/tenders/{tender_id}/clarifications/{clarification_id}/reply": "L N N N N N N N N N N N N",
    "GET api/v1/procurements/{procurement_id}/opening": "L N O O O O O N N N O N N",
    "POST api/v1/procurements/{procurement_id}/opening/start": "L N A F F A F N N N A N N",
    "POST api/v1/procurements/{procurement_id}/opening/confirm": "L N A F F A F N N N A N N",
    "GET api/v1/procurements/{procurement_id}/opening/record.pdf": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N O N N O N N N N O N N",
    },
    "GET api/v1/procurements/{procurement_id}/tenders": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N O F F F F N N N O N N",
    },
    "GET api/v1/procurements/{procurement_id}/tenders/{tender_id}": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N O F F F F N N N O N N",
    },
    "GET api/v1/procurements/{procurement_id}/tenders/{tender_id}/attachments/{attachment_id}": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N O F F F F N N N O N N",
    },
    "PUT api/v1/procurements/{procurement_id}/tenders/{tender_id}/requirements/{requirement_id}": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "POST api/v1/procurements/{procurement_id}/tenders/{tender_id}/clarifications": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "POST api/v1/procurements/{procurement_id}/tenders/{tender_id}/conclude": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "POST api/v1/procurements/{procurement_id}/tenders/{tender_id}/reopen": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "POST api/v1/procurements/{procurement_id}/qualification/complete": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "GET api/v1/procurements/{procurement_id}/import/workbook": "L N N N N N N N N N N N N",
    "POST api/v1/procurements/{procurement_id}/import": "L A A A A A A A A A A A A",
    "GET api/v1/procurements/{procurement_id}/evaluation": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N O O O F O N N N O N N",
    },
    "POST api/v1/procurements/{procurement_id}/evaluation/start": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F A N N N A N N",
    },
    "POST api/v1/procurements/{procurement_id}/evaluation/declaration": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N F A A F A N N N F N N",
    },
    "POST api/v1/procurements/{procurement_id}/evaluation/reveal-prices": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N F F F F A N N N F N N",
    },
    "GET api/v1/procurements/{procurement_id}/award/calculation": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating": "L N B F F F B N N N B N N",
        "awarded follow_up": "L N O F F F O N N N O N N",
    },
    "GET api/v1/procurements/{procurement_id}/award/sensitivity": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating": "L N B F F F B N N N B N N",
        "awarded follow_up": "L N O F F F O N N N O N N",
    },
    "GET api/v1/procurements/{procurement_id}/award/export/{kind}.{format}": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating": "L N B F F F F N N N B N N",
        "awarded follow_up": "L N O F F F O N N N O N N",
    },
    "GET api/v1/procurements/{procurement_id}/award/decision": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N O F F F O N N N O N N",
    },
    "POST api/v1/procurements/{procurement_id}/award/decision": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "GET api/v1/procurements/{procurement_id}/award/report.pdf": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating": "L N N F F F N N N N N N N",
        "awarded follow_up": "L N O F F F O N N N O N N",
    },
    "POST api/v1/procurements/{procurement_id}/award/reviews": {
        "submitted": "L N N N N N N N N N N N N",
        "evaluating awarded follow_up": "L N A F F F F N N N A N N",
    },
    "GET api/v1/tenders/{tender_id}/award": {
        "submitted evaluating": "L N N N N N N N N N N N N",
        "awarded follow_up": "L N N N N N N N O N N N N",
    },
    "GET api/v1/tenders/{tender_id}/award/feedback.pdf": {
        "submitted evaluating": "L N N N N N N N N N N N N",
        "awarded follow_up": "L N N N N N N N O N N N N",
    },
    "GET api/v1/contracts": "L O O O O O O O O O O O O",
    "GET api/v1/procurements/{procurement_id}/contracts": {
        "submitted evaluating": "L N N N N N N N N N N N N",
        "awarded follow_up": "L N O F F F O O N N O N N",
    },
    "POST api/v1/procurements/{procurement_id}/contracts": {
        "submitted evaluating": "L N N N N N N N N N N N N",
        "awarded follow_up": "L N F F F F F A N N A N N",
    },
    "GET api/v1/follow-up/overview": "L O O O O O O O O O O O O",
    "GET api/v1/partnership/conditions": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "GET api/v1/procurements/{procurement_id}/ocds": "L N O O O O O O O O O N O",
    "GET api/v1/procurements/{procurement_id}/archive.zip": "L N O F F F F N N N O N N",
    "GET api/v1/notifications": {
        "submitted": "L O O O O O O O O O O O O",
    },
    "POST api/v1/notifications/read": {
        "submitted": "L A A A A A A A A A A A A",
    },
    "GET api/v1/organisations/{organisation_id}/events": {
        "submitted": "L N F F F F F F N N O O N",
    },
    "GET assessments/<id:assessment_id>/": {
        "evaluating awarded": "L N O O O N O N N N O N N",
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST assessments/<id:assessment_id>/": {
        "evaluating awarded": "L N A A A N A N N N A N N",
        "follow_up": "L N N A N N N A A N A N N",
    },
    "GET assessments/<id:assessment_id>/start/": {
        "evaluating awarded follow_up": "L M M M M M M M M M M M M",
    },
    "POST assessments/<id:assessment_id>/start/": {
        "evaluating awarded": "L N A F F N A N N N A N N",
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET assessments/<id:assessment_id>/declaration/": {
        "evaluating awarded": "L N F R R N R N N N F N N",
        "follow_up": "L N N O N N N O O N F N N",
    },
    "POST assessments/<id:assessment_id>/declaration/": {
        "evaluating awarded": "L N F A A N A N N N F N N",
        "follow_up": "L N N A N N N A A N F N N",
    },
    "GET assessments/<id:assessment_id>/work/": {
        "evaluating awarded": "L N F O O N O N N N F N N",
        "follow_up": "L N N O N N N O O N F N N",
    },
    "POST assessments/<id:assessment_id>/work/": {
        "evaluating": "L N F F A N A N N N F N N",
        "awarded": "L N F F F N F N N N F N N",
        "follow_up": "L N N F N N N F F N F N N",
    },
    "GET assessments/<id:assessment_id>/work/<id:item_id>/": {
        "evaluating awarded follow_up": "L M M M M M M M M M M M M",
    },
    "POST assessments/<id:assessment_id>/work/<id:item_id>/": {
        "evaluating awarded": "L N F A A N A N N N F N N",
        "follow_up": "L N N A N N N A A N F N N",
    },
    "GET assessments/<id:assessment_id>/consensus/start/": {
        "evaluating awarded": "L N F F F N O N N N F N N",
        "follow_up": "L N N F N N N O F N F N N",
    },
    "POST assessments/<id:assessment_id>/consensus/start/": {
        "evaluating awarded": "L N F F F N A N N N F N N",
        "follow_up": "L N N F N N N A F N F N N",
    },
    "GET assessments/<id:assessment_id>/consensus/": {
        "evaluating": "L N F F F N F N N N F N N",
        "awarded": "L N O O O N O N N N O N N",
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST assessments/<id:assessment_id>/consensus/": {
        "evaluating": "L N F F F N F N N N F N N",
        "awarded": "L N A A A N A N N N A N N",
        "follow_up": "L N N A N N N A A N A N N",
    },
    "GET assessments/<id:assessment_id>/consensus/<id:item_id>/": {
        "evaluating awarded follow_up": "L M M M M M M M M M M M M",
    },
    "POST assessments/<id:assessment_id>/consensus/<id:item_id>/": {
        "evaluating awarded": "L N F F F N F N N N F N N",
        "follow_up": "L N N F N N N F F N F N N",
    },
    "GET assessments/<id:assessment_id>/finalise/": {
        "evaluating awarded follow_up": "L M M M M M M M M M M M M",
    },
    "POST assessments/<id:assessment_id>/finalise/": {
        "evaluating awarded": "L N F F F N A N N N F N N",
        "follow_up": "L N N F N N N A F N F N N",
    },
    "GET assessments/<id:assessment_id>/report/": {
        "evaluating": "L N F F F N F N N N F N N",
        "awarded": "L N O O O N O N N N O N N",
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST assessments/<id:assessment_id>/report/": {
        "evaluating": "L N F F F N F N N N F N N",
        "awarded": "L N A A A N A N N N A N N",
        "follow_up": "L N N A N N N A A N A N N",
    },
    "GET assessments/<id:assessment_id>/report.pdf": {
        "evaluating": "L N F F F N F N N N F N N",
        "awarded": "L N O O O N O N N N O N N",
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST assessments/<id:assessment_id>/report.pdf": {
        "evaluating": "L N F F F N F N N N F N N",
        "awarded": "L N A A A N A N N N A N N",
        "follow_up": "L N N A N N N A A N A N N",
    },
    "GET procurements/<id:procurement_id>/evaluation/export/<str:kind>.<str:format>": {
        "evaluating awarded follow_up": "L N O O O F O N N N O N N",
    },
    "POST procurements/<id:procurement_id>/evaluation/export/<str:kind>.<str:format>": {
        "evaluating awarded follow_up": "L M M M M M M M M M M M M",
    },
    "GET assessments/<id:assessment_id>/tender-files/<id:attachment_id>/": {
        "evaluating awarded": "L N F O O N O N N N F N N",
        "follow_up": "L N N N N N N N N N F N N",
    },
    "POST assessments/<id:assessment_id>/tender-files/<id:attachment_id>/": {
        "evaluating awarded follow_up": "L M M M M M M M M M M M M",
    },
    "GET api/v1/assessments/{assessment_id}": {
        "evaluating awarded": "L N O O O N O N N N O N N",
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST api/v1/assessments/{assessment_id}/start": {
        "evaluating awarded": "L N A F F N A N N N A N N",
        "follow_up": "L N N F N N N A F N A N N",
    },
    "POST api/v1/assessments/{assessment_id}/declaration": {
        "evaluating awarded": "L N F A A N A N N N F N N",
        "follow_up": "L N N A N N N A A N F N N",
    },
    "GET api/v1/assessments/{assessment_id}/material": {
        "evaluating awarded": "L N F O O N O N N N F N N",
        "follow_up": "L N N O N N N O O N F N N",
    },
    "GET api/v1/assessments/{assessment_id}/my-scores": {
        "evaluating awarded": "L N F O O N O N N N F N N",
        "follow_up": "L N N O N N N O O N F N N",
    },
    "PUT api/v1/assessments/{assessment_id}/my-scores/{item_id}": {
        "evaluating": "L N F F A N A N N N F N N",
        "awarded": "L N F F F N F N N N F N N",
        "follow_up": "L N N F N N N F F N F N N",
    },
    "POST api/v1/assessments/{assessment_id}/submit": {
        "evaluating": "L N F F A N A N N N F N N",
        "awarded": "L N F F F N F N N N F N N",
        "follow_up": "L N N F N N N F F N F N N",
    },
    "POST api/v1/assessments/{assessment_id}/start-consensus": {
        "evaluating awarded": "L N F F F N A N N N F N N",
        "follow_up": "L N N F N N N A F N F N N",
    },
    "GET api/v1/assessments/{assessment_id}/consensus": {
        "evaluating": "L N F F F N F N N N F N N",
        "awarded": "L N O O O N O N N N O N N",
        "follow_up": "L N N O N N N O O N O N N",
    },
    "PUT api/v1/assessments/{assessment_id}/consensus/{item_id}": {
        "evaluating awarded": "L N F F F N F N N N F N N",
        "follow_up": "L N N F N N N F F N F N N",
    },
    "POST api/v1/assessments/{assessment_id}/finalise": {
        "evaluating awarded": "L N F F F N A N N N F N N",
        "follow_up": "L N N F N N N A F N F N N",
    },
    "GET api/v1/assessments/{assessment_id}/report": {
        "evaluating": "L N F F F N F N N N F N N",
        "awarded": "L N O O O N O N N N O N N",
        "follow_up": "L N N O N N N O O N O N N",
    },
    "GET api/v1/assessments/{assessment_id}/report.pdf": {
        "evaluating": "L N F F F N F N N N F N N",
        "awarded": "L N O O O N O N N N O N N",
        "follow_up": "L N N O N N N O O N O N N",
    },
    "GET api/v1/procurements/{procurement_id}/evaluation/export/{kind}.{format}": {
        "evaluating awarded follow_up": "L N O O O F O N N N O N N",
    },
    "GET api/v1/tender-assessments/{assessment_id}/files/{attachment_id}": {
        "evaluating awarded": "L N F O O N O N N N F N N",
        "follow_up": "L N N N N N N N N N F N N",
    },
    "GET procurements/<id:procurement_id>/award/reviews/<id:review_id>/outcome/": {
        "awarded": "L M M M M M M M M M M M M",
    },
    "POST procurements/<id:procurement_id>/award/reviews/<id:review_id>/outcome/": {
        "awarded": "L N A F F F F N N N A N N",
    },
    "POST api/v1/procurements/{procurement_id}/award/reviews/{review_id}/outcome": {
        "awarded": "L N A F F F F N N N A N N",
    },
    "GET contracts/<id:contract_id>/": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "GET contracts/<id:contract_id>/team/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/team/": {
        "follow_up": "L N N F N N N F F N F N N",
    },
    "GET contracts/<id:contract_id>/team/<id:member_id>/remove/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/team/<id:member_id>/remove/": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET contracts/<id:contract_id>/follow-up/": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/follow-up/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "GET contracts/<id:contract_id>/follow-up/add/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/follow-up/add/": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET contracts/<id:contract_id>/follow-up/<id:round_id>/": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/follow-up/<id:round_id>/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "GET contracts/<id:contract_id>/follow-up/<id:round_id>/move/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/follow-up/<id:round_id>/move/": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET contracts/<id:contract_id>/follow-up/<id:round_id>/start/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/follow-up/<id:round_id>/start/": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET contracts/<id:contract_id>/follow-up/<id:round_id>/describe/<str:party>/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/follow-up/<id:round_id>/describe/<str:party>/": {
        "follow_up": "L N N F N N N F F N F N N",
    },
    "GET contracts/<id:contract_id>/follow-up/<id:round_id>/open/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/follow-up/<id:round_id>/open/": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET contracts/<id:contract_id>/follow-up/<id:round_id>/complete/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/follow-up/<id:round_id>/complete/": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET contracts/<id:contract_id>/follow-up/<id:round_id>/report.pdf": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/follow-up/<id:round_id>/report.pdf": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "GET contracts/<id:contract_id>/indicators/": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/indicators/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "GET contracts/<id:contract_id>/indicators/new/": {
        "follow_up": "L N N F N N N O F N O N N",
    },
    "POST contracts/<id:contract_id>/indicators/new/": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET contracts/<id:contract_id>/indicators/export.<str:format>": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/indicators/export.<str:format>": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "GET contracts/<id:contract_id>/indicators/take-over/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/indicators/take-over/": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET contracts/<id:contract_id>/indicators/import/": {
        "follow_up": "L N N F N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/indicators/import/": {
        "follow_up": "L N N F N N N A A N A N N",
    },
    "GET contracts/<id:contract_id>/indicators/kolada/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/indicators/kolada/": {
        "follow_up": "L N N F N N N A A N A N N",
    },
    "GET contracts/<id:contract_id>/indicators/import/<id:preview_id>/": {
        "follow_up": "L N N F N N N O N N N N N",
    },
    "POST contracts/<id:contract_id>/indicators/import/<id:preview_id>/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "GET contracts/<id:contract_id>/indicators/import/<id:preview_id>/confirm/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/indicators/import/<id:preview_id>/confirm/": {
        "follow_up": "L N N F N N N A N N N N N",
    },
    "GET contracts/<id:contract_id>/indicators/import/<id:preview_id>/cancel/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/indicators/import/<id:preview_id>/cancel/": {
        "follow_up": "L N N F N N N A N N N N N",
    },
    "GET contracts/<id:contract_id>/indicators/<id:indicator_id>/": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/indicators/<id:indicator_id>/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "GET contracts/<id:contract_id>/indicators/<id:indicator_id>/edit/": {
        "follow_up": "L N N F N N N O F N O N N",
    },
    "POST contracts/<id:contract_id>/indicators/<id:indicator_id>/edit/": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET contracts/<id:contract_id>/indicators/<id:indicator_id>/values/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/indicators/<id:indicator_id>/values/": {
        "follow_up": "L N N F N N N A A N A N N",
    },
    "GET contracts/<id:contract_id>/charter/": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/charter/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "GET contracts/<id:contract_id>/charter/edit/": {
        "follow_up": "L N N O N N N O O N F N N",
    },
    "POST contracts/<id:contract_id>/charter/edit/": {
        "follow_up": "L N N A N N N A A N F N N",
    },
    "GET contracts/<id:contract_id>/charter/versions/<id:number>/": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/charter/versions/<id:number>/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "GET contracts/<id:contract_id>/charter/versions/<id:number>/sign/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/charter/versions/<id:number>/sign/": {
        "follow_up": "L N N F N N N F F N F N N",
    },
    "GET contracts/<id:contract_id>/rounds/<id:round_id>/barometer/": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/rounds/<id:round_id>/barometer/": {
        "follow_up": "L N N A N N N A A N F N N",
    },
    "GET contracts/<id:contract_id>/barometer/": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/barometer/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "GET contracts/<id:contract_id>/actions/": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/actions/": {
        "follow_up": "L N N A N N N A A N A N N",
    },
    "GET contracts/<id:contract_id>/actions/export.<str:format>": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/actions/export.<str:format>": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "GET contracts/<id:contract_id>/actions/from-report/": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/actions/from-report/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "GET contracts/<id:contract_id>/actions/<id:action_id>/": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST contracts/<id:contract_id>/actions/<id:action_id>/": {
        "follow_up": "L N N A N N N A F N A N N",
    },
    "GET contracts/<id:contract_id>/actions/<id:action_id>/status/": {
        "follow_up": "L M M M M M M M M M M M M",
    },
    "POST contracts/<id:contract_id>/actions/<id:action_id>/status/": {
        "follow_up": "L N N A N N N A F N A N N",
    },
    "GET api/v1/contracts/{contract_id}": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "GET api/v1/contracts/{contract_id}/rounds": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST api/v1/contracts/{contract_id}/rounds": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET api/v1/contracts/{contract_id}/rounds/{round_id}": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "GET api/v1/contracts/{contract_id}/rounds/{round_id}/report.pdf": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST api/v1/contracts/{contract_id}/rounds/{round_id}/move": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "POST api/v1/contracts/{contract_id}/rounds/{round_id}/start": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "POST api/v1/contracts/{contract_id}/rounds/{round_id}/open": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "POST api/v1/contracts/{contract_id}/rounds/{round_id}/complete": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET api/v1/contracts/{contract_id}/rounds/{round_id}/self-descriptions": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "PUT api/v1/contracts/{contract_id}/rounds/{round_id}/self-descriptions/{party}": {
        "follow_up": "L A A A A A A A A A A A A",
    },
    "GET api/v1/contracts/{contract_id}/progression": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "GET api/v1/contracts/{contract_id}/thread": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "GET api/v1/contracts/{contract_id}/actions": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST api/v1/contracts/{contract_id}/actions": {
        "follow_up": "L N N A N N N A A N A N N",
    },
    "GET api/v1/contracts/{contract_id}/actions.{format}": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "GET api/v1/contracts/{contract_id}/actions/{action_id}": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "PATCH api/v1/contracts/{contract_id}/actions/{action_id}": {
        "follow_up": "L N N A N N N A A N A N N",
    },
    "POST api/v1/contracts/{contract_id}/actions/{action_id}/status": {
        "follow_up": "L N N A N N N A F N A N N",
    },
    "GET api/v1/contracts/{contract_id}/indicators": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST api/v1/contracts/{contract_id}/indicators": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET api/v1/contracts/{contract_id}/indicators.{format}": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "PUT api/v1/contracts/{contract_id}/indicators/{indicator_id}": {
        "follow_up": "L N N F N N N A F N A N N",
    },
    "GET api/v1/contracts/{contract_id}/indicators/{indicator_id}/values": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST api/v1/contracts/{contract_id}/indicators/{indicator_id}/values": {
        "follow_up": "L N N F N N N A A N A N N",
    },
    "POST api/v1/contracts/{contract_id}/indicator-imports": {
        "follow_up": "L A A A A A A A A A A A A",
    },
    "POST api/v1/contracts/{contract_id}/indicator-imports/kolada": {
        "follow_up": "L N N F N N N A A N A N N",
    },
    "GET api/v1/contracts/{contract_id}/indicator-imports/{preview_id}": {
        "follow_up": "L N N F N N N O N N N N N",
    },
    "DELETE api/v1/contracts/{contract_id}/indicator-imports/{preview_id}": {
        "follow_up": "L N N F N N N A N N N N N",
    },
    "POST api/v1/contracts/{contract_id}/indicator-imports/{preview_id}/confirm": {
        "follow_up": "L N N F N N N A N N N N N",
    },
    "GET api/v1/contracts/{contract_id}/charter": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "POST api/v1/contracts/{contract_id}/charter/versions": {
        "follow_up": "L N N A N N N A A N F N N",
    },
    "POST api/v1/contracts/{contract_id}/charter/versions/{number}/sign": {
        "follow_up": "L N N A N N N A F N A N N",
    },
    "GET api/v1/contracts/{contract_id}/rounds/{round_id}/barometer/answer": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "PUT api/v1/contracts/{contract_id}/rounds/{round_id}/barometer/answer": {
        "follow_up": "L N N A N N N A A N F N N",
    },
    "GET api/v1/contracts/{contract_id}/rounds/{round_id}/barometer": {
        "follow_up": "L N N O N N N O O N O N N",
    },
    "GET api/v1/contracts/{contract_id}/barometer": {
        "follow_up": "L N N O N N N O O N O N N",
    },
}
# fmt: on
