"""Building the JW301/WMO301 for one client at one aanbieder (iStandaarden iJw/iWmo 3.2, bericht 301): the header, the
client with address and the relaties the rules in `relaties` send (Jeugd: the gezagsdragers), and every
actual toewijzing (OP087).

A batch (the bench, a sweep of the outbox) calls this thousands of times a minute: the timezone is looked
up once per client, and a caller that prefetched the inwoner's addresses and relations costs no query
and no related manager."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from .definities.structuur import BERICHTEN
from .instellingen import eenheden, xsd_versie
from .relaties import adres_ontleden, gaat_mee, iv045_naam, op002x2_heeft_zelf_gezag, op130_bereikbaar


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


def _relatie_contact(r, bron) -> dict:
    """Relatie/Contact: a relatie that is an inwoner has his BRP- or verblijfadres; another one the address
    recorded with the relatie, when it reads as a full Dutch address (OP130)."""
    adres = None
    if r.persoon_id:
        eigen = _woonadres(bron)
        adres = _contact(eigen, "", "")["Adres"] if eigen else None
    if adres is None:
        adres = adres_ontleden(r.adres)
    telefoon = _telefoon(r.telefoon or (bron.telefoon if r.persoon_id else ""))
    return {"Soort": "01", "Adres": adres, "Telefoon": telefoon, "Emailadres": (r.email or bron.email) or None}


def _relatie_naam(r, bron) -> dict | None:
    if r.persoon_id or r.geslachtsnaam:
        return _naam(bron)
    if r.organisatienaam:
        return iv045_naam(r.organisatienaam)
    return None


def _geboortedatum(persoon) -> dict:
    """OP252/IV009: a (partly) unknown birth date goes with DatumGebruik, saying which part is known (a relatie
    recorded by hand keeps a known date only)."""
    return {"Datum": persoon.geboortedatum, "DatumGebruik": getattr(persoon, "geboortedatum_gebruik", "") or None}


def _relaties(inwoner, domein: str, peildatum: date) -> list[dict]:
    """Client/Relaties by the rules in istandaard.relaties (OP001, OP002, OP002x2, OP076, OP130, IV045),
    in relatie number order, with the stable Nummer (OP071)."""
    # OP252: when the known part of the birth date cannot tell whether he is 18 (or nothing is known), the Jeugd
    # 301 treats him as a jeugdige: his gezagsdragers go along (OP002) rather than go missing.
    onzeker = bool(getattr(inwoner, "geboortedatum_gebruik", "")) and inwoner.is_jeugdige_op(peildatum) is None
    zelf_gezag = domein == "jeugd" and not onzeker and op002x2_heeft_zelf_gezag(inwoner.geboortedatum, peildatum)
    uit = []
    for r in sorted(_alle(inwoner, "relaties"), key=lambda r: r.nummer):
        if not gaat_mee(r, inwoner, domein, client_heeft_zelf_gezag=zelf_gezag):
            continue
        bron = r.persoon if r.persoon_id else r
        naam, contact = _relatie_naam(r, bron), _relatie_contact(r, bron)
        if not op130_bereikbaar(naam, contact):
            continue
        persoon = naam.get("NaamGebruik") != "6"  # IV045: an organisation has no birth date or sex
        uit.append(
            {
                "Nummer": str(r.nummer),
                "Volgorde": r.volgorde,
                "Soort": r.soort,
                "Geboortedatum": _geboortedatum(bron) if persoon and bron.geboortedatum else None,
                "Geslacht": (bron.geslacht or None) if persoon else None,
                "Naam": naam,
                "Contact": contact,
            }
        )
    return uit


class OnbekendeEenheid(ValueError):
    """A toewijzing's unit the host gave no WJ756 code for."""


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
        # The host's unit as WJ756 (berichten: producten.eenheden). A unit without a code is refused, never sent
        # as a guessed Eenheid: the Omvang would say something other than the beschikking.
        eenheid = eenheden().get(t.eenheid)
        if eenheid is None:
            raise OnbekendeEenheid(f"Toewijzing {t.nummer}: eenheid {t.eenheid!r} heeft geen WJ756-code")
        p["Omvang"] = {"Volume": t.volume, "Eenheid": eenheid, "Frequentie": t.frequentie}
    return p


def _woonadres(persoon):
    """The BRP-adres, else the verblijfadres (the 301's client address as well)."""
    return min((a for a in _alle(persoon, "adressen") if a.soort in {"01", "03"}), key=lambda a: a.soort, default=None)


def client_301(inwoner, toewijzingen, redenen: dict, domein: str, peildatum: date | None = None) -> dict:
    """The Client of a 301; `peildatum` (the dagtekening) decides whether a jeugdige holds gezag himself."""
    # .all() and sort here, so a caller that prefetched the addresses (the bench, a batch) costs no query.
    adres = _woonadres(inwoner)
    tz = timezone.get_current_timezone()
    client = {
        "Bsn": inwoner.bsn,
        "Geboortedatum": _geboortedatum(inwoner),
        "Geslacht": inwoner.geslacht or "0",
        "Naam": _naam(inwoner),
        "Relaties": None,
        "Contactgegevens": {"Contact": [_contact(adres, inwoner.telefoon, inwoner.email)]},
        "ToegewezenProducten": {"ToegewezenProduct": [_product(t, redenen, tz) for t in toewijzingen]},
    }
    relaties = _relaties(inwoner, domein, peildatum or timezone.localdate())
    client["Relaties"] = {"Relatie": relaties} if relaties else None
    return client
