"""Verzoeken om wijziging (317): checked against the stored toewijzingen when they arrive, then one
backoffice task per verzoek, answered as a whole (OP348) within 5 werkdagen (OP344/OP346): granted by
a gewijzigde beschikking whose toewijzingen go out in one 301 (verwijzing's service), or a 319 —
afgewezen with its reden, or in onderzoek (then the final answer within 8 weeks)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Rol
from accounts.permissions import lidmaatschap
from inwoners.models import Inwoner
from istandaard.regels import overlappend, product_sleutel
from producten.eenheden import IJW_EENHEID
from producten.models import Product
from toegang.fouten import Geweigerd
from verwijzing.models import Toewijzing
from verwijzing.verzoek import Gewenst, wijzigingsverzoek_toekennen

from .afwijking import omvang_in_woorden
from .models import AangevraagdProduct, Bericht, BerichtStatus, VerzoekStatus, Wijzigingsverzoek
from .toewijzingsverzoeken import met_319, verzoek_onderhanden, verzoektaak_met_319_beantwoorden
from .uitgaand import toewijzingen_in_301

VERZOEK = "Verzoek"
ONGEWIJZIGD = ("OngewijzigdeProducten", "OngewijzigdProduct")
TE_WIJZIGEN = ("TeWijzigenProducten", "TeWijzigenProduct")
NIEUW = ("NieuweProducten", "NieuwProduct")


def _lijst(verzoek: dict, groep: tuple[str, str]) -> list[dict]:
    return (verzoek.get(groep[0]) or {}).get(groep[1], [])


def actuele_toewijzingen(bericht: Bericht, domein: str, bsn: str):
    """The client's actual toewijzingen at this aanbieder: those its 301s carry (berichten.uitgaand, OP087), what a
    VOW must list in full (TR349) and may refer to (TR350/TR351)."""
    return toewijzingen_in_301(
        gemeente_id=bericht.gemeente_id, aanbieder_id=bericht.aanbieder_id, domein=domein, inwoner__bsn=bsn
    )


def wijzigingsverzoek_toetsen(uitslag, bericht: Bericht) -> dict[str, str]:
    """The rules of a 317 that need stored data (iStandaarden iJw/iWmo 3.2, bericht 317), as path -> retourcode (0200 =
    no remark). The paths are those of the 318 that carries the codes back (IV028)."""
    client = uitslag.gegevens["Client"]
    verzoek = client[VERZOEK]
    nummers = {t.nummer: t for t in actuele_toewijzingen(bericht, uitslag.domein, client["Bsn"])}
    codes: dict[str, str] = {"": "0200", VERZOEK: "0200"}
    if (
        not nummers
        and not Toewijzing.objects.filter(
            gemeente=bericht.gemeente, domein=uitslag.domein, inwoner__bsn=client["Bsn"]
        ).exists()
    ):
        codes[""] = "8187"  # TR304: this gemeente knows no toewijzing for this BSN
        return codes
    referentie = verzoek["ReferentieAanbieder"]
    if (
        Wijzigingsverzoek.objects.filter(referentie=referentie, bericht__afzender=bericht.afzender).exists()
        or AangevraagdProduct.objects.filter(referentie=referentie, bericht__afzender=bericht.afzender).exists()
    ):
        codes[VERZOEK] = "9347"  # TR347: ReferentieAanbieder not unique for this aanbieder
    elif verzoek_onderhanden(bericht, client["Bsn"]):
        codes[VERZOEK] = "9374"  # TR374 / OP350: a verzoek (315 or 317) for this client is still being handled
    genoemd = set()
    dagtekening = _datum(uitslag.gegevens["Header"]["BerichtIdentificatie"]["Dagtekening"])
    for groep, fout in ((ONGEWIJZIGD, "9350"), (TE_WIJZIGEN, "9351")):  # TR350 / TR351
        for i, p in enumerate(_lijst(verzoek, groep)):
            nummer = int(p["ToewijzingNummer"])
            genoemd.add(nummer)
            code = "0200" if nummer in nummers else fout
            if code == "0200" and groep == TE_WIJZIGEN:
                code = te_wijzigen_code(p, nummers[nummer], dagtekening)
            codes[f"{VERZOEK}/{groep[0]}/{groep[1]}[{i + 1}]"] = code
    for pad in tr361(verzoek, nummers):
        codes[pad] = "9361"
    if codes[VERZOEK] == "0200" and set(nummers) - genoemd:
        codes[VERZOEK] = "9349"  # TR349: not every actual toewijzing is listed
    return codes


# TR375, TR411, TR412: the Omvang of a TeWijzigenProduct follows the Product of the toewijzing it changes (which the
# TeWijzigenProduct does not repeat). "Einddatum groter dan 31-12-2020 of leeg": the TeWijzigenProduct's Einddatum,
# else the toewijzing's (reading chosen: the einddatum the changed toewijzing will have).
GRENS_OMVANG = date(2020, 12, 31)


def tr357(p: dict, toewijzing, dagtekening: date | None) -> bool:
    """A GewensteIngangsdatum on or before the dagtekening is the original ingangsdatum: a change that does not start
    in the future holds for the whole period."""
    gewenst = _datum(p.get("GewensteIngangsdatum"))
    return bool(dagtekening and gewenst and gewenst <= dagtekening and gewenst != toewijzing.ingangsdatum)


def _na_grens(p: dict, toewijzing) -> bool:
    einde = _datum(p.get("Einddatum")) or toewijzing.einddatum
    return einde is None or einde > GRENS_OMVANG


def tr375(p: dict, toewijzing) -> bool:
    """Omvang empty when the toewijzing has no Product (a generic, budget-only toewijzing)."""
    return bool(p.get("Omvang")) and toewijzing.product_id is None and _na_grens(p, toewijzing)


def tr411(p: dict, toewijzing) -> bool:
    """Omvang filled when the toewijzing's Product has a Code."""
    return not p.get("Omvang") and toewijzing.product_id is not None and bool(toewijzing.product.code)


def tr412(p: dict, toewijzing) -> bool:
    """Omvang empty when the toewijzing's Product has no Code."""
    return (
        bool(p.get("Omvang"))
        and toewijzing.product_id is not None
        and not toewijzing.product.code
        and _na_grens(p, toewijzing)
    )


def te_wijzigen_code(p: dict, toewijzing, dagtekening: date | None) -> str:
    """The retourcode of one TeWijzigenProduct against its actual toewijzing (0200: no remark)."""
    for regel, code in ((tr357, "9357"), (tr375, "9375"), (tr411, "9411"), (tr412, "9412")):
        if regel(p, toewijzing, dagtekening) if regel is tr357 else regel(p, toewijzing):
            return code
    return "0200"


def tr361(verzoek: dict, nummers: dict) -> list[str]:
    """TR361: a product occurs more than once in a VOW only with non-overlapping periods. The Ongewijzigd and
    TeWijzigen products are the toewijzingen by their number (a TeWijzigenProduct until its desired Einddatum) and
    are checked against each other and against the NieuwProducten (those among themselves: TR410, level 2). By
    code, else categorie; a product without either overlaps with every product. The path of the later one."""
    bestaand = []
    for groep in (ONGEWIJZIGD, TE_WIJZIGEN):
        for i, p in enumerate(_lijst(verzoek, groep)):
            t = nummers.get(int(p["ToewijzingNummer"]))
            if t is None:
                continue
            einde = (_datum(p.get("Einddatum")) if groep == TE_WIJZIGEN else None) or t.einddatum or date.max
            sleutel = (t.product.code or t.product.categorie) if t.product_id else None
            bestaand.append((f"{VERZOEK}/{groep[0]}/{groep[1]}[{i + 1}]", sleutel, t.ingangsdatum, einde))
    nieuw = []
    for i, p in enumerate(_lijst(verzoek, NIEUW)):
        begin = _datum(p.get("GewensteIngangsdatum"))
        if begin:
            pad = f"{VERZOEK}/{NIEUW[0]}/{NIEUW[1]}[{i + 1}]"
            nieuw.append((pad, product_sleutel(p.get("Product")), begin, _datum(p.get("Einddatum")) or date.max))
    uit = list(overlappend(bestaand))
    for n in nieuw:
        uit += [pad for pad in overlappend([*bestaand, n]) if pad == n[0]]
    return list(dict.fromkeys(uit))


def wijzigingsverzoek_registreren(bericht: Bericht, gegevens: dict) -> Wijzigingsverzoek:
    """Called when a 317 passed every rule: the backoffice's task."""
    client = gegevens["Client"]
    bericht.inwoner = Inwoner.objects.filter(bsn=client["Bsn"]).first()
    bericht.save(update_fields=["inwoner"])
    return Wijzigingsverzoek.objects.create(
        bericht=bericht, referentie=client[VERZOEK]["ReferentieAanbieder"], gegevens=client[VERZOEK]
    )


def _gewenst(p: dict, toewijzing, product) -> Gewenst:
    omvang = p.get("Omvang") or {}
    return Gewenst(
        toewijzing=toewijzing,
        product=product,
        ingangsdatum=date.fromisoformat(str(p["GewensteIngangsdatum"])),
        einddatum=date.fromisoformat(str(p["Einddatum"])) if p.get("Einddatum") else None,
        volume=int(omvang["Volume"]) if omvang else None,
        frequentie=str(omvang.get("Frequentie", "")),
        budget=Decimal(int(p["Budget"])) / 100 if p.get("Budget") not in (None, "") else None,
        eenheid=str(omvang.get("Eenheid", "")) if omvang else "",
    )


def _vergrendel(taak: Wijzigingsverzoek) -> Wijzigingsverzoek:
    return (
        Wijzigingsverzoek.objects.select_for_update(of=("self",))
        .select_related("bericht__gemeente", "bericht__aanbieder", "bericht__inwoner")
        .get(pk=taak.pk)
    )


def _sluit(taak: Wijzigingsverzoek) -> None:
    b = taak.bericht
    if b.status == BerichtStatus.ONTVANGEN:  # answered (also "in onderzoek"): our 5-werkdagen clock stops
        b.status = BerichtStatus.VERWERKT
        b.save(update_fields=["status"])


@transaction.atomic
def wijzigingsverzoek_honoreren(*, door, taak: Wijzigingsverzoek, motivering: str):
    """Granted as a whole: the gewijzigde beschikking and its toewijzingen, sent as one 301 (IV093)."""
    taak = _vergrendel(taak)
    if not taak.te_beantwoorden:
        raise Geweigerd(_("Dit verzoek is al beantwoord."))
    b, verzoek = taak.bericht, taak.gegevens
    bestaande = {t.nummer: t for t in actuele_toewijzingen(b, b.domein, b.inwoner.bsn if b.inwoner else "")}
    te_wijzigen = []
    for p in _lijst(verzoek, TE_WIJZIGEN):
        t = bestaande.get(int(p["ToewijzingNummer"]))
        if t is None:  # ended or deleted since the verzoek arrived
            raise Geweigerd(
                _("Toewijzing %(nummer)s is niet meer actueel; wijs het verzoek af.")
                % {"nummer": p["ToewijzingNummer"]}
            )
        te_wijzigen.append(_gewenst(p, t, t.product))
    nieuw = []
    for p in _lijst(verzoek, NIEUW):
        code = (p.get("Product") or {}).get("Code")
        product = Product.objects.filter(code=code, domein=b.domein).first() if code else None
        if product is None:
            raise Geweigerd(
                _("Product %(code)s staat niet in de catalogus; wijs het verzoek af.")
                % {"code": code or _("(alleen categorie)")}
            )
        nieuw.append(_gewenst(p, None, product))
    # IV093/TR379: the 301 that answers the verzoek carries its ReferentieAanbieder on every product, the
    # OngewijzigdProducten as well (their number, dates and omvang stay as they are).
    ongewijzigd = [bestaande[n] for p in _lijst(verzoek, ONGEWIJZIGD) if (n := int(p["ToewijzingNummer"])) in bestaande]
    Toewijzing.objects.filter(pk__in=[t.pk for t in ongewijzigd]).update(referentie_aanbieder=taak.referentie)
    beschikking = wijzigingsverzoek_toekennen(
        door=door,
        gemeente=b.gemeente,
        domein=b.domein,
        aanbieder=b.aanbieder,
        inwoner=b.inwoner,
        te_wijzigen=te_wijzigen,
        nieuw=nieuw,
        referentie=taak.referentie,
        motivering=motivering,
    )
    taak.status, taak.beschikking = VerzoekStatus.TOEGEWEZEN, beschikking
    taak.save(update_fields=["status", "beschikking"])
    _sluit(taak)
    return beschikking


def eis_cockpit(door, gemeente, domein: str) -> None:
    """A 317 is answered in the berichtencockpit, by the backoffice of the gemeente. Honouring it makes a
    gewijzigde beschikking, so that also needs who decides (eis_beslisser, in verwijzing); a 319 does not."""
    if door.rol != Rol.BACKOFFICE or lidmaatschap(door, gemeente) is None:
        raise Geweigerd(_("Alleen de backoffice van deze gemeente beantwoordt een verzoek om wijziging."))


def wijzigingsverzoek_beantwoorden(*, door, taak: Wijzigingsverzoek, wat: str, gegevens: dict):
    """The whole 317 answered from its form: honoreren (a gewijzigde beschikking and a 301), afwijzen or
    onderzoek (a 319)."""
    if wat == "honoreren":
        return wijzigingsverzoek_honoreren(door=door, taak=taak, motivering=gegevens["motivering"])
    return met_319(wijzigingsverzoek_met_319_beantwoorden, door=door, taak=taak, wat=wat, gegevens=gegevens)


@transaction.atomic
def wijzigingsverzoek_met_319_beantwoorden(
    *, door, taak: Wijzigingsverzoek, antwoord: str, reden: str = "", gemeente_cbs: str = "", toelichting: str = ""
) -> Bericht:
    """A 319 on the whole verzoek: 1 afgewezen (with its reden) or 2 in onderzoek (once, TR360)."""
    taak = _vergrendel(taak)
    bericht = verzoektaak_met_319_beantwoorden(
        door=door,
        taak=taak,
        antwoord=antwoord,
        reden=reden,
        gemeente_cbs=gemeente_cbs,
        toelichting=toelichting,
        eis=eis_cockpit,
    )
    _sluit(taak)
    return bericht


def vergelijking(taak: Wijzigingsverzoek) -> list[dict]:
    """For the screen: each listed toewijzing now beside what the aanbieder wants, and the new products."""
    b, verzoek = taak.bericht, taak.gegevens
    bestaande = {
        t.nummer: t
        for t in actuele_toewijzingen(b, b.domein, b.inwoner.bsn if b.inwoner else "").select_related("product")
    }
    regels = []
    for groep, wat in ((ONGEWIJZIGD, "ongewijzigd"), (TE_WIJZIGEN, "wijzigen"), (NIEUW, "nieuw")):
        for p in _lijst(verzoek, groep):
            t = bestaande.get(int(p["ToewijzingNummer"])) if "ToewijzingNummer" in p else None
            regels.append({"wat": wat, "huidig": t, "gewenst": p, **_in_woorden(t, p)})
    return regels


def _datum(waarde) -> date | None:
    if isinstance(waarde, date) or not waarde:
        return waarde or None
    try:
        return date.fromisoformat(str(waarde)[:10])
    except ValueError:
        return None


def _in_woorden(huidig, gewenst: dict) -> dict:
    """The comparison's two sides readable alike: dates as dates, the omvang in words on both sides."""
    omvang = gewenst.get("Omvang") or {}
    nu = ""
    if huidig is not None and huidig.volume:
        eenheid = IJW_EENHEID.get(huidig.eenheid)
        nu = omvang_in_woorden(huidig.volume, eenheid.eenheid if eenheid else "", huidig.frequentie)
    return {
        "gewenst_vanaf": _datum(gewenst.get("GewensteIngangsdatum")),
        "gewenst_tot": _datum(gewenst.get("Einddatum")),
        "gewenst_omvang": (
            omvang_in_woorden(omvang.get("Volume", ""), omvang.get("Eenheid", ""), omvang.get("Frequentie", ""))
            if omvang
            else ""
        ),
        "huidig_omvang": nu,
    }
