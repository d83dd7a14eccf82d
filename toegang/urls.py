from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from organisaties.thema import thema_css
from verwijzing.views.leefzorgplan import ondertekenen

from . import health, views
from .api import router
from .routes import route

# The OpenAPI schema describes the API; it holds no personal data.
schema_view = route(scope="publiek", audit="geen")(SpectacularAPIView.as_view())

urlpatterns = [
    path("", views.index, name="index"),
    path("health", health.health, name="health"),
    path("start/", views.start, name="start"),
    path("thema/<str:cbs_code>.css", thema_css, name="thema-css"),
    path("", include("accounts.urls")),
    path("inwoners/", include("inwoners.urls")),
    path("producten/", include("producten.urls")),
    path("regie/", include("regie.urls")),
    path("dossiers/", include("verwijzing.urls")),
    path("portaal/", include("portaal.urls")),
    path("berichten/", include("berichten.urls")),
    path("ondertekenen/", ondertekenen, name="ondertekenen"),
    path("api/v1/", include(router.urls)),
    path("api/v1/schema/", schema_view, name="api-schema"),
    path("beheer/", admin.site.urls),
]

admin.site.site_header = "Toegang – beheer"
admin.site.site_title = "Toegang beheer"
admin.site.index_title = "Beheer"
