from django.urls import path

from . import views

app_name = "verwijzing"

urlpatterns = [
    path("", views.werkvoorraad, name="werkvoorraad"),
    path("melding/<uuid:public_id>/", views.melding, name="melding"),
    path("<uuid:public_id>/", views.dossier, name="dossier"),
    path("<uuid:public_id>/onderzoek/start/", views.start_onderzoek, name="start-onderzoek"),
    path("<uuid:public_id>/onderzoek/", views.onderzoek, name="onderzoek"),
    path("<uuid:public_id>/afsluiten/", views.afsluiten, name="afsluiten"),
    path("<uuid:public_id>/indicatie/", views.indicatie, name="indicatie"),
    path("<uuid:public_id>/indicatie/toets/", views.indicatie_toets, name="indicatie-toets"),
    path("<uuid:public_id>/indicatie/<int:indicatie_id>/matching/", views.stuur_matching, name="stuur-matching"),
    path("<uuid:public_id>/leefzorgplan/start/", views.start_leefzorgplan, name="start-leefzorgplan"),
    path("<uuid:public_id>/leefzorgplan/", views.leefzorgplan, name="leefzorgplan"),
    path("<uuid:public_id>/ondertekening/", views.ter_ondertekening, name="ter-ondertekening"),
]
