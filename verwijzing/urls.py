"""Pages keep noun names (dossier, indicatie, beschikking); a domain action is named noun + infinitive, as
its button and its view."""

from django.urls import path

from .views import (
    behandelaar,
    beschikking,
    dossier,
    indicatie,
    leefzorgplan,
    matching,
    melding,
    onderzoek,
    toewijzing,
    werkvoorraad,
    zoeken,
)

app_name = "verwijzing"

DOSSIER = "<uuid:public_id>/"
BESCHIKKING = DOSSIER + "beschikking/<uuid:beschikking_id>/"
TOEWIJZING = DOSSIER + "toewijzing/<uuid:toewijzing_id>/"

urlpatterns = [
    path("", werkvoorraad.werkvoorraad, name="werkvoorraad"),
    path("zoeken/", zoeken.dossiers_zoeken, name="dossiers-zoeken"),
    path("melding/<uuid:public_id>/", melding.melding, name="melding"),
    path("melding/<uuid:public_id>/voorstel/", melding.melding_voorstel, name="melding-voorstel"),
    path(DOSSIER, dossier.dossier, name="dossier"),
    path(DOSSIER + "afsluiten/", dossier.dossier_afsluiten, name="dossier-afsluiten"),
    path(DOSSIER + "behandelaar/", behandelaar.behandelaar_wijzigen, name="behandelaar-wijzigen"),
    path(DOSSIER + "onderzoek/start/", onderzoek.onderzoek_starten, name="onderzoek-starten"),
    path(DOSSIER + "onderzoek/", onderzoek.onderzoek, name="onderzoek"),
    path(DOSSIER + "indicatie/", indicatie.indicatie, name="indicatie"),
    path(DOSSIER + "indicatie/toets/", indicatie.indicatie_toetsen, name="indicatie-toetsen"),
    path(
        DOSSIER + "indicatie/<int:indicatie_id>/matching/",
        indicatie.matchingsverzoek_sturen,
        name="matchingsverzoek-sturen",
    ),
    path(DOSSIER + "indicatie/<int:indicatie_id>/", matching.matching, name="matching"),
    path(
        DOSSIER + "indicatie/<int:indicatie_id>/opnieuw/",
        matching.matchingsverzoek_opnieuw,
        name="matchingsverzoek-opnieuw",
    ),
    path(
        DOSSIER + "indicatie/<int:indicatie_id>/besluit/",
        matching.matchingsbesluit_nemen,
        name="matchingsbesluit-nemen",
    ),
    path(DOSSIER + "indicatie/<int:indicatie_id>/wijzigen/", matching.indicatie_wijzigen, name="indicatie-wijzigen"),
    path(DOSSIER + "indicatie/<int:indicatie_id>/intrekken/", matching.indicatie_intrekken, name="indicatie-intrekken"),
    path(DOSSIER + "leefzorgplan/start/", leefzorgplan.leefzorgplan_starten, name="leefzorgplan-starten"),
    path(DOSSIER + "leefzorgplan/", leefzorgplan.leefzorgplan, name="leefzorgplan"),
    path(DOSSIER + "leefzorgplan/<int:versie>/pdf/", leefzorgplan.leefzorgplan_pdf, name="leefzorgplan-pdf"),
    path(
        DOSSIER + "ondertekening/",
        leefzorgplan.ter_ondertekening_aanbieden,
        name="ter-ondertekening-aanbieden",
    ),
    path(
        DOSSIER + "ondertekening/upload/",
        leefzorgplan.getekend_exemplaar_registreren,
        name="getekend-exemplaar-registreren",
    ),
    path(DOSSIER + "termijn/opschorten/", beschikking.beslistermijn_opschorten, name="beslistermijn-opschorten"),
    path(DOSSIER + "termijn/hervatten/", beschikking.opschorting_beeindigen, name="opschorting-beeindigen"),
    path(DOSSIER + "termijn/verlengen/", beschikking.beslistermijn_verlengen, name="beslistermijn-verlengen"),
    path(DOSSIER + "beschikking/", beschikking.beschikking, name="beschikking"),
    path(DOSSIER + "beschikking/vaststellen/", beschikking.beschikking_vaststellen, name="beschikking-vaststellen"),
    path(BESCHIKKING + "status/", beschikking.beschikking_status, name="beschikking-status"),
    path(BESCHIKKING + "pdf/", beschikking.beschikking_pdf, name="beschikking-pdf"),
    path(BESCHIKKING + "bekendmaking/", beschikking.bekendmaking_vastleggen, name="bekendmaking-vastleggen"),
    path(TOEWIJZING, toewijzing.toewijzing, name="toewijzing"),
    path(TOEWIJZING + "oprekken/", toewijzing.toewijzing_oprekken, name="toewijzing-oprekken"),
    path(TOEWIJZING + "garantiefase/", toewijzing.garantiefase_toewijzen, name="garantiefase-toewijzen"),
    path(TOEWIJZING + "omvang/", toewijzing.omvang_wijzigen, name="omvang-wijzigen"),
    path(TOEWIJZING + "intrekken/", toewijzing.toewijzing_intrekken, name="toewijzing-intrekken"),
    path(TOEWIJZING + "verwijderen/", toewijzing.toewijzing_verwijderen, name="toewijzing-verwijderen"),
    path(TOEWIJZING + "herindicatie/start/", toewijzing.herindicatie_starten, name="herindicatie-starten"),
]
