"""Building the JW301/WMO301 for one client at one aanbieder (iStandaarden iJw/iWmo 3.2, bericht 301): the header, the
client with address and (Jeugd) gezagsdragers, and every actual toewijzing (OP087).

A batch (the bench, a sweep of the outbox) calls this thousands of times a minute: the timezone is looked
up once per client, and a caller that prefetched the inwoner's addresses and relations costs no query
and no related manager."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from .definities.structuur import BERICHTEN
from .instellingen import eenheden, xsd_versie


def header(domein: str, nummer: str, *, afzender: str, ontvanger: str, identificatie: str, dagtekening: date) -> dict:
    versie = xsd_versie()
    return {
        "BerichtCode": BERICHTEN[nummer].codes[domein],
        "BerichtVersie": 3,
        "BerichtSubversie": 2,
        "Afzender": afzender,
        "Ontvanger": ontvanger,
        "BerichtIdentificatie": {"Identificatie": identificatie, "Dagtekening": dagtekening},
        "XsdVersie": {"BasisschemaXsdVersie": versie, "BerichtXsdVersie": versie},
    }


def _naam(persoon) -> dict:
    naam = {"Geslachtsnaam": {"Achternaam": persoon.geslachtsnaam[:200], "Voorvoegsel": persoon.voorvoegsel or None}}
    if getattr(persoon, "partnernaam", ""):
        naam["Partnernaam"] = {"Achternaam": persoon.partnernaam, "Voorvoegsel": persoon.partner_voorvoegsel or None}
    naam["Voornamen"] = persoon.voornamen or None
    letters = "".join(d[0] for d in (persoon.voornamen or "").split() if d[:1].isalpha())[:6]
    naam["Voorletters"] = letters or None
    naam["NaamGebruik"] = getattr(persoon, "naamgebruik", "") or "1"
    return naam


def _telefoon(nummer: str) -> dict | None:
    cijfers = "".join(filter(str.isdigit, nummer or ""))
    if not cijfers:
        return None
    if cijfers.startswith("0031"):
        cijfers = "0" + cijfers[4:]
    return {"Telefoon01": {"Telefoonnummer": cijfers[:15], "Landnummer": "0031"}}


def _contact(adres, telefoon: str, email: str) -> dict:
    contact = {"Soort": adres.soort if adres else "01"}
    if adres:
        huis = {"Huisnummer": adres.huisnummer, "Huisletter": adres.huisletter or None}
        huis["HuisnummerToevoeging"] = adres.toevoeging or None
        huis["AanduidingWoonadres"] = adres.aanduiding or None
        contact["Adres"] = {
            "Huis": huis,
            "Postcode": adres.postcode.replace(" ", "") or None,
            "Straatnaam": adres.straatnaam[:24],  # LDT_Straatnaam is 1-24 characters
            "Plaatsnaam": adres.plaats,
            "LandCode": adres.landcode,
        }
    contact["Telefoon"] = _telefoon(telefoon)
    contact["Emailadres"] = email or None
    return contact


def _alle(obj, naam: str):
    """`obj.<naam>.all()`: from the prefetch cache when the caller filled it, without making a related
    manager per call (what .all() would return then: the same cached queryset)."""
    cache = getattr(obj, "_prefetched_objects_cache", None)
    if cache is not None and naam in cache:
        return cache[naam]
    return getattr(obj, naam).all()


def _relaties(inwoner) -> list[dict]:
    """OP002 (Jeugd): the gezagsdragers as Relatie, with a stable Nummer (OP071) and a way to reach them
    (TR006: Telefoon, or Huis and Postcode). A gezagsdrager without either cannot be sent and is left
    out (the toegang registers the phone number on the inwoner's page)."""
    uit = []
    for r in sorted((r for r in _alle(inwoner, "relaties") if r.gezaghebbend), key=lambda r: r.nummer):
        telefoon = _telefoon(r.telefoon or (r.persoon.telefoon if r.persoon_id else ""))
        if telefoon is None:
            continue
        bron = r.persoon or r
        uit.append(
            {
                "Nummer": str(r.nummer),
                "Volgorde": r.volgorde,
                "Soort": r.soort,
                "Geboortedatum": {"Datum": bron.geboortedatum} if bron.geboortedatum else None,
                "Geslacht": bron.geslacht or None,
                "Naam": _naam(bron)
                if bron.geslachtsnaam
                else {"Geslachtsnaam": {"Achternaam": r.naam}, "NaamGebruik": "1"},
                "Contact": {"Soort": "01", "Telefoon": telefoon, "Emailadres": r.email or None},
            }
        )
    return uit


def _product(t, redenen: dict, tz=None) -> dict:
    moment = t.toewijzingsmoment
    # timezone.localtime(moment, tz), without its checks for an aware moment in a known zone
    moment = moment.astimezone(tz) if tz is not None and moment.tzinfo is not None else timezone.localtime(moment, tz)
    p = {
        "ToewijzingNummer": t.nummer,
        "ReferentieAanbieder": t.referentie_aanbieder or None,  # IV097
        "Product": {"Categorie": t.product.categorie, "Code": t.product.code},
        "Toewijzingsdatum": moment.date(),
        "Toewijzingstijd": moment.time().replace(microsecond=0),
        "Ingangsdatum": t.ingangsdatum,
        "Einddatum": t.einddatum,
        "RedenWijziging": redenen.get(str(t.pk)),
    }
    if t.budget is not None:
        p["Budget"] = int(t.budget * 100)  # IV024: eurocent
    elif t.volume is not None:
        eenheid = eenheden().get(t.eenheid, "82")  # the host's unit as WJ756 (berichten: producten.eenheden)
        p["Omvang"] = {"Volume": t.volume, "Eenheid": eenheid, "Frequentie": t.frequentie}
    return p


def client_301(inwoner, toewijzingen, redenen: dict, domein: str) -> dict:
    # .all() and sort here, so a caller that prefetched the addresses (the bench, a batch) costs no query.
    adres = min((a for a in _alle(inwoner, "adressen") if a.soort in {"01", "03"}), key=lambda a: a.soort, default=None)
    tz = timezone.get_current_timezone()
    client = {
        "Bsn": inwoner.bsn,
        "Geboortedatum": {"Datum": inwoner.geboortedatum},
        "Geslacht": inwoner.geslacht or "0",
        "Naam": _naam(inwoner),
        "Relaties": None,
        "Contactgegevens": {"Contact": [_contact(adres, inwoner.telefoon, inwoner.email)]},
        "ToegewezenProducten": {"ToegewezenProduct": [_product(t, redenen, tz) for t in toewijzingen]},
    }
    if domein == "jeugd":
        relaties = _relaties(inwoner)
        client["Relaties"] = {"Relatie": relaties} if relaties else None
    return client
