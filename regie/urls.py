from django.urls import path

from . import views

app_name = "regie"

urlpatterns = [
    path("matrix/", views.matrix, name="matrix"),
    path("matrix/<int:pk>/", views.cel, name="cel"),
]
