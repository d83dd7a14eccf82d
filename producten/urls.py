from django.urls import path

from . import views

app_name = "producten"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("<str:code>/", views.detail, name="detail"),
]
