from django.urls import path

from . import views

app_name = "berichten"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("upload/", views.upload, name="upload"),
    path("ophalen/", views.ophalen, name="ophalen"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:wat>/", views.actie, name="actie"),
    path("<int:pk>/verzoek/<int:taak>/<str:wat>/", views.verzoek, name="verzoek"),
    path("<int:pk>/wijziging/<str:wat>/", views.wijziging, name="wijziging"),
]
