from django.urls import path

from . import views

app_name = "berichten"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("upload/", views.upload, name="upload"),
    path("ophalen/", views.ophalen, name="ophalen"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:wat>/", views.actie, name="actie"),
    path("verzoeken/", views.verzoeken, name="verzoeken"),
    path("verzoeken/<int:pk>/", views.verzoek, name="verzoek"),
    path("verzoeken/<int:pk>/<int:taak>/<str:wat>/", views.verzoek_antwoord, name="verzoek-antwoord"),
    path("<int:pk>/wijziging/<str:wat>/", views.wijziging, name="wijziging"),
]
