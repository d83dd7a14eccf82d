from django.urls import path

from . import views

app_name = "inwoners"

urlpatterns = [
    path("zoeken/", views.zoeken, name="zoeken"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("buiten-gemeente/", views.buiten_scope, name="buiten-scope"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/wijzigen/", views.inwoner_wijzigen, name="inwoner-wijzigen"),
    path("<uuid:public_id>/berichtenverkeer/", views.berichtenverkeer, name="berichtenverkeer"),
    path("<uuid:public_id>/relaties/toevoegen/", views.relatie_toevoegen, name="relatie-toevoegen"),
    path("<uuid:public_id>/relaties/<int:nummer>/wijzigen/", views.relatie_wijzigen, name="relatie-wijzigen"),
    path("<uuid:public_id>/relaties/<int:nummer>/beeindigen/", views.relatie_beeindigen, name="relatie-beeindigen"),
]
