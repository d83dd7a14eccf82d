from django.urls import path

from . import views

app_name = "berichten"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("upload/", views.bericht_uploaden, name="bericht-uploaden"),
    path("ophalen/", views.berichten_ophalen, name="berichten-ophalen"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:wat>/", views.bericht_afhandelen, name="bericht-afhandelen"),
    path("op003/<uuid:public_id>/brief/", views.op003_brief, name="op003-brief"),
    path("op003/<uuid:public_id>/<str:wat>/", views.op003_vastleggen, name="op003-vastleggen"),
    path("verzoeken/", views.verzoeken, name="verzoeken"),
    path("verzoeken/<int:pk>/", views.verzoek, name="verzoek"),
    path(
        "verzoeken/<int:pk>/<int:taak>/<str:wat>/",
        views.toewijzingsverzoek_beantwoorden,
        name="toewijzingsverzoek-beantwoorden",
    ),
    path("<int:pk>/wijziging/<str:wat>/", views.wijzigingsverzoek_beantwoorden, name="wijzigingsverzoek-beantwoorden"),
]
