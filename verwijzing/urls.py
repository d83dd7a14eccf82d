from django.urls import path

from . import views, views_beschikking

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
    path("<uuid:public_id>/leefzorgplan/<int:versie>/pdf/", views.leefzorgplan_pdf, name="leefzorgplan-pdf"),
    path("<uuid:public_id>/ondertekening/", views.ter_ondertekening, name="ter-ondertekening"),
    path("<uuid:public_id>/ondertekening/upload/", views_beschikking.upload, name="upload"),
    path("<uuid:public_id>/termijn/<str:actie>/", views_beschikking.termijn, name="termijn"),
    path("<uuid:public_id>/beschikking/", views_beschikking.beschikking, name="beschikking"),
    path("<uuid:public_id>/beschikking/vaststellen/", views_beschikking.vaststellen, name="vaststellen"),
    path(
        "<uuid:public_id>/beschikking/<uuid:beschikking_id>/status/",
        views_beschikking.beschikking_status,
        name="beschikking-status",
    ),
    path(
        "<uuid:public_id>/beschikking/<uuid:beschikking_id>/pdf/",
        views_beschikking.beschikking_pdf,
        name="beschikking-pdf",
    ),
    path(
        "<uuid:public_id>/beschikking/<uuid:beschikking_id>/bekendmaking/",
        views_beschikking.bekendmaking,
        name="bekendmaking",
    ),
    path(
        "<uuid:public_id>/toewijzing/<uuid:toewijzing_id>/",
        views_beschikking.toewijzing_detail,
        name="toewijzing",
    ),
    path(
        "<uuid:public_id>/toewijzing/<uuid:toewijzing_id>/<str:actie>/",
        views_beschikking.toewijzing_actie,
        name="toewijzing-actie",
    ),
    path(
        "<uuid:public_id>/toewijzing/<uuid:toewijzing_id>/herindicatie/start/",
        views_beschikking.herindicatie,
        name="herindicatie",
    ),
]
