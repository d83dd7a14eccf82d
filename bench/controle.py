"""Check a generated bench database against the application's own code (Django, read only).

    .venv/bin/python -m bench.controle [--database toegang_bench] [--steekproef 500]

The database enforces keys, uniqueness and check constraints by itself; this asks what only the app
knows: does the stored deadline equal verwijzing.beschikking.beslistermijn.huidige_termijn, does each
leefzorgplan hash match verwijzing.leefzorgplan.secties.inhoud_hash, did the right people sign
(verwijzing.leefzorgplan.tekenaars.wie_tekent), could each aanvraag be decided (the beschikking's own
checks), does every sampled row pass full_clean(), and does the werkvoorraad page through every
bench consulent's open dossiers. Prints JSON; exit status 1 when something does not match.
"""

import argparse
import json
import os
import sys


def controleer(steekproef: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Q
    from django.utils import timezone

    from accounts.models import Gebruiker
    from verwijzing import selectors
    from verwijzing.beschikking.beslistermijn import huidige_termijn
    from verwijzing.beschikking.services import niet_toe_te_kennen
    from verwijzing.leefzorgplan import secties as leefzorgplan
    from verwijzing.leefzorgplan.tekenaars import wie_tekent
    from verwijzing.models import (
        OPEN,
        Beschikking,
        Dossier,
        Indicatie,
        LeefzorgplanVersie,
        Nummerreeks,
        Ondertekening,
        Onderzoek,
        Status,
        Toewijzing,
    )

    from .leefzorgplannen import JEUGD_SECTIES, OVERGANG_18
    from .organisaties import GEBRUIKER_PREFIX
    from .toewijzingen import SJABLOON

    fouten: list[str] = []
    geteld: dict[str, int] = {}

    def fout(tekst: str) -> None:
        if len(fouten) < 50:
            fouten.append(tekst)

    def monster(queryset):
        return list(queryset.order_by("?")[:steekproef])

    if SJABLOON != settings.TOEGANG_BESCHIKKING_SJABLOON:
        fout(f"sjabloon {SJABLOON} is niet {settings.TOEGANG_BESCHIKKING_SJABLOON}")
    if [k for k, _ in leefzorgplan.JEUGD_SECTIES] != list(JEUGD_SECTIES) or leefzorgplan.OVERGANG_18[0] != OVERGANG_18:
        fout("de Jeugd-secties van de bench wijken af van verwijzing.leefzorgplan")

    open_dossiers = monster(Dossier.objects.filter(status__in=OPEN))
    for d in open_dossiers:
        verwacht, _naam = huidige_termijn(d)
        if verwacht != d.uiterlijk:
            fout(f"dossier {d.pk} ({d.status}, {d.domein}): uiterlijk {d.uiterlijk}, app zegt {verwacht}")
    geteld["uiterlijk"] = len(open_dossiers)

    versies = monster(LeefzorgplanVersie.objects.select_related("dossier__inwoner", "dossier__gemeente"))
    for v in versies:
        if leefzorgplan.inhoud_hash(v.secties, v.doelen) != v.inhoud_hash:
            fout(f"leefzorgplanversie {v.pk}: hash klopt niet")
        sleutels = {k for k, _ in leefzorgplan.secties_voor(v.dossier, timezone.localtime(v.aangemaakt_op).date())}
        if set(v.secties) != sleutels:
            fout(f"leefzorgplanversie {v.pk}: secties {sorted(v.secties)} in plaats van {sorted(sleutels)}")
    geteld["leefzorgplannen"] = len(versies)

    getekend = monster(
        Dossier.objects.filter(status__in=[Status.ONDERTEKENING, Status.AANVRAAG, Status.TOEGEKEND, Status.AFGEWEZEN])
    )
    for d in getekend:
        rijen = list(d.ondertekeningen.order_by("id"))
        aangeboden = timezone.localtime(rijen[0].aangemaakt_op).date() if rijen else None
        verwacht = [(t.rol, t.naam, t.relatie_id) for t in wie_tekent(d, aangeboden)] if rijen else []
        gekregen = [(o.rol, o.naam, o.relatie_id) for o in rijen]
        # The bench lets a jeugdige without registered gezaghebbenden sign (the app would refuse to offer).
        if gekregen != verwacht and verwacht:
            fout(f"dossier {d.pk}: ondertekenaars {gekregen}, app zegt {verwacht}")
        if d.aanvraag_op:
            laatste = max(timezone.localtime(o.getekend_op).date() for o in rijen if o.getekend_op)
            if laatste != d.aanvraag_op:
                fout(f"dossier {d.pk}: laatste handtekening {laatste}, aanvraag_op {d.aanvraag_op}")
    geteld["ondertekeningen"] = len(getekend)

    aanvragen = monster(Dossier.objects.filter(status=Status.AANVRAAG).select_related("gemeente"))
    for d in aanvragen:
        indicaties = list(d.indicaties.select_related("product"))
        bezwaren = d.wat_ontbreekt_voor_leefzorgplan() + niet_toe_te_kennen(d, indicaties)
        if bezwaren:
            fout(f"dossier {d.pk} kan niet worden beschikt: {bezwaren}")
    geteld["aanvragen"] = len(aanvragen)

    toewijzingen = monster(Toewijzing.objects.select_related("beschikking", "indicatie", "dossier"))
    for t in toewijzingen:
        if not t.beschikking.toegekend.filter(pk=t.indicatie_id).exists():
            fout(f"toewijzing {t.pk}: indicatie {t.indicatie_id} is niet toegekend in beschikking {t.beschikking_id}")
        if t.dossier_id != t.beschikking.dossier_id or t.inwoner_id != t.dossier.inwoner_id:
            fout(f"toewijzing {t.pk}: dossier of inwoner wijkt af van de beschikking")
        if t.toewijzingsmoment < t.beschikking.vastgesteld_op:
            fout(f"toewijzing {t.pk}: toegewezen voor de beschikking")
    geteld["toewijzingen"] = len(toewijzingen)

    for reeks in Nummerreeks.objects.all():
        hoogste = max(
            Toewijzing.objects.filter(gemeente_id=reeks.gemeente_id, domein=reeks.domein).values_list(
                "nummer", flat=True
            ),
            default=0,
        )
        if reeks.laatste != hoogste:
            fout(f"nummerreeks {reeks}: laatste {reeks.laatste}, hoogste nummer {hoogste}")

    modellen = (Dossier, Onderzoek, Indicatie, LeefzorgplanVersie, Ondertekening, Beschikking, Toewijzing)
    for model in modellen:
        rijen = monster(model.objects.all())
        for rij in rijen:
            try:
                # The FSM field is protected: setting it back, as clean_fields does, is refused.
                rij.full_clean(exclude=["status"] if model is Dossier else None)
            except Exception as uitzondering:  # ValidationError: report and go on
                fout(f"{model.__name__} {rij.pk}: {uitzondering}")
        geteld[f"full_clean_{model.__name__.lower()}"] = len(rijen)

    # One user per scope (gemeente, rol, domein): colleagues see the same werkvoorraad.
    per_scope = {}
    for gebruiker in Gebruiker.objects.filter(username__startswith=GEBRUIKER_PREFIX).order_by("id"):
        per_scope.setdefault(gebruiker.username.rsplit(".", 1)[0], gebruiker)
    paginas = 0
    for gebruiker in per_scope.values():
        verwacht = Dossier.objects.visible_to(gebruiker).filter(
            status__in=[Status.AANVRAAG] if gebruiker.rol == "backoffice" else OPEN
        )
        if gebruiker.rol == "backoffice":  # only the aanvragen of the domains it decides on
            verwacht = verwacht.filter(
                Q(domein="jeugd", gemeente__beschikking_jeugd_door="backoffice")
                | Q(domein="wmo", gemeente__beschikking_wmo_door="backoffice")
            )
        gezien, na = [], None
        while True:
            pagina = selectors.werkvoorraad(gebruiker, na=na, weergave=selectors.TEAM)
            paginas += 1
            gezien += [r.dossier_id for r in pagina.regels]
            if not pagina.volgende:
                break
            na = pagina.volgende
        if sorted(gezien) != sorted(verwacht.values_list("pk", flat=True)):
            fout(f"werkvoorraad van {gebruiker.username}: {len(gezien)} dossiers, verwacht {verwacht.count()}")
    geteld["werkvoorraad_paginas"] = paginas
    return {"gecontroleerd": geteld, "fouten": fouten}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.controle", description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="toegang_bench")
    parser.add_argument("--steekproef", type=int, default=500, help="rijen per controle (willekeurig gekozen)")
    args = parser.parse_args(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "toegang.settings.test"
    os.environ["POSTGRES_DB"] = args.database
    uitkomst = controleer(args.steekproef)
    print(json.dumps(uitkomst, indent=2, ensure_ascii=False))
    return 1 if uitkomst["fouten"] else 0


if __name__ == "__main__":
    sys.exit(main())
