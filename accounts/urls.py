from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.InloggenView.as_view(), name="login"),
    path("inloggen/code/", views.TweedeStapView.as_view(), name="tweede-stap"),
    path("inloggen/app-koppelen/", views.TweefactorInstellenView.as_view(), name="tweefactor-instellen"),
    path(
        "inloggen/wachtwoord/<uidb64>/<token>/",
        views.WachtwoordInstellenView.as_view(),
        name="wachtwoord-instellen",
    ),
    path("inloggen/activeren/", views.activeren, name="activeren"),
    path("uitloggen/", views.UitloggenView.as_view(), name="logout"),
]
