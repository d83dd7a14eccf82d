from django.urls import path

from . import views

app_name = "portaal"

urlpatterns = [
    path("", views.verzoeken, name="verzoeken"),
    path("verzoeken/<uuid:public_id>/", views.verzoek, name="verzoek"),
]
