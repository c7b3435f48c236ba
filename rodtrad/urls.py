from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from rodtrad.accounts import views as account_views
from rodtrad.api.api import api, api_not_found
from rodtrad.common import views as common_views

handler403 = "rodtrad.common.views.permission_denied"
handler404 = "rodtrad.common.views.page_not_found"
handler500 = "rodtrad.common.views.server_error"

admin.site.site_header = "rodtrad"
admin.site.site_title = "rodtrad"

urlpatterns = [
    path("", account_views.start, name="start"),
    path("healthz", common_views.healthz, name="healthz"),
    path(".well-known/security.txt", common_views.security_txt, name="security_txt"),
    path("favicon.ico", RedirectView.as_view(url="/static/img/favicon.svg", permanent=True)),
    path("accessibility/", common_views.accessibility_statement, name="accessibility"),
    path("about/", common_views.about, name="about"),
    path("", include("rodtrad.accounts.urls")),
    path("", include("rodtrad.audit.urls")),
    path("", include("rodtrad.qualitymodels.urls")),
    path("", include("rodtrad.assessments.urls")),
    path("", include("rodtrad.procurements.urls")),
    path("", include("rodtrad.tenders.urls")),
    path("", include("rodtrad.evaluations.urls")),
    path("", include("rodtrad.award.urls")),
    path("", include("rodtrad.contracts.urls")),
    path("", include("rodtrad.followup.urls")),
    path("", include("rodtrad.indicators.urls")),
    path("", include("rodtrad.partnership.urls")),
    path("", include("rodtrad.improvements.urls")),
    path("", include("rodtrad.archive.urls")),
    path("", include("rodtrad.notifications.urls")),
    path("api-tokens/", include("rodtrad.api.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),
    path("admin/", admin.site.urls),
]
