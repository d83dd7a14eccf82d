from django.urls import path

from . import views

app_name = "inwoners"

urlpatterns = [
    path("zoeken/", views.zoeken, name="zoeken"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("buiten-gemeente/", views.buiten_scope, name="buiten-scope"),
    path("<uuid:public_id>/", views.detail, name="detail"),
]
