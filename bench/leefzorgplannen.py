"""Bench steps for the leefzorgplan versions and their ondertekeningen (verwijzing app tables)."""

import datetime
import hashlib
import json
from collections.abc import Iterator

from .core import Schaal, copy_rows, moment
from .dossiers import BESCHIKT, DAG, UUR, leeftijd_op, mijlpalen, select_dossiers, volledige_naam
from .organisaties import JEUGD, WMO

LEEFZORGPLAN_KOLOMMEN = (
    "dossier_id",
    "versie",
    "secties",
    "doelen",
    "inhoud_hash",
    "aangemaakt_door_id",
    "aangemaakt_op",
)
# The keys of verwijzing.leefzorgplan.secties.JEUGD_SECTIES and OVERGANG_18 (a test compares them).
JEUGD_SECTIES = (
    "voorstel",
    "extra_advies",
    "uw_verhaal",
    "besproken",
    "afgesproken_aanbieder",
    "wat_moet_u_doen",
    "bekostiging",
)
OVERGANG_18 = "overgang_18"
SECTIE_TEKST = "Besproken met de inwoner en vastgelegd in het gesprek."
DOELEN = {
    JEUGD: (
        ("opvoeding", "Rust in huis", "Minder ruzie aan tafel"),
        ("onderwijs_werk", "Weer elke dag naar school", "Volledige schoolweken"),
        ("gezondheid", "Beter slapen", "Vijf nachten per week doorslapen"),
    ),
    WMO: (
        ("huishouden", "Een schoon en veilig huis", "Wekelijks schoongemaakt"),
        ("sociaal", "Meer contact met anderen", "Twee keer per week naar de dagbesteding"),
        ("financien", "Grip op de administratie", "Geen achterstanden meer"),
    ),
}
MET_LEEFZORGPLAN = ("leefzorgplan", "ondertekening", "aanvraag", *BESCHIKT)


def inhoud_hash(secties: dict, doelen: list[dict]) -> str:
    """As verwijzing.leefzorgplan.secties.inhoud_hash (a test compares the two)."""
    canoniek = json.dumps({"secties": secties, "doelen": doelen}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canoniek.encode()).hexdigest()


def versie_moment(m: dict) -> datetime.datetime:
    return m["leefzorgplan"] + 2 * UUR


def _leefzorgplan_rijen(cursor, schaal: Schaal, wmo_secties: dict[int, list[str]]) -> Iterator[tuple]:
    rng = schaal.rng("leefzorgplannen")
    rijen = select_dossiers(
        cursor,
        schaal,
        MET_LEEFZORGPLAN,
        extra=", i.geboortedatum",
        joins="JOIN inwoners_inwoner i ON i.id = d.inwoner_id",
    )
    for d_id, status, domein, gemeente_id, consulent_id, _i, aangemaakt, gewijzigd, aanvraag_op, geboren in rijen:
        m = mijlpalen(status, aangemaakt, gewijzigd, aanvraag_op)
        gemaakt = versie_moment(m)
        if domein == WMO:
            sleutels = wmo_secties[gemeente_id]
        else:
            sleutels = list(JEUGD_SECTIES)
            if leeftijd_op(geboren, gemaakt.date()) >= 16:
                sleutels.append(OVERGANG_18)
        secties = {k: ("" if k == "extra_advies" else SECTIE_TEKST) for k in sleutels}
        termijn = (gemaakt.date() + DAG * rng.randint(180, 365)).isoformat()
        doelen = [
            {"leefgebied": a, "doel": b, "resultaat": c, "termijn": termijn}
            for a, b, c in rng.sample(DOELEN[domein], rng.randint(1, 3))
        ]
        yield (
            d_id,
            1,
            json.dumps(secties, ensure_ascii=False),
            json.dumps(doelen, ensure_ascii=False),
            inhoud_hash(secties, doelen),
            consulent_id,
            gemaakt,
        )


def vul_leefzorgplannen(cursor, schaal: Schaal) -> int:
    # Per gemeente the keys of its own Wmo leefzorgplan format (Gemeente.wmo_leefzorgplan_secties).
    cursor.execute("SELECT id, wmo_leefzorgplan_secties FROM organisaties_gemeente")
    wmo_secties = {pk: [sleutel for sleutel, _kop in secties] for pk, secties in cursor.fetchall()}
    rijen = _leefzorgplan_rijen(cursor, schaal, wmo_secties)
    return copy_rows(cursor, "verwijzing_leefzorgplanversie", LEEFZORGPLAN_KOLOMMEN, rijen, schaal.chunk)


ONDERTEKENING_KOLOMMEN = (
    "dossier_id",
    "versie_id",
    "versie_hash",
    "rol",
    "naam",
    "relatie_id",
    "methode",
    "betrouwbaarheid",
    "token_hash",
    "code_hash",
    "pogingen",
    "verloopt_op",
    "getekend_op",
    "vervallen",
    "aangemaakt_op",
)
ONDERTEKEN_DAGEN = 14  # verwijzing.leefzorgplan.ondertekening.ONDERTEKEN_DAGEN
MET_ONDERTEKENING = ("ondertekening", "aanvraag", *BESCHIKT)


def _relatie_naam(voornamen, voorvoegsel, geslachtsnaam) -> str:
    return " ".join(p for p in (voornamen, voorvoegsel, geslachtsnaam) if p)


def _ondertekening_rijen(cursor, schaal: Schaal) -> Iterator[tuple]:
    """Who signs as verwijzing.leefzorgplan.tekenaars.wie_tekent decides (the Jeugdwet's consent ages; for Wmo
    the inwoner: the bench has no vertegenwoordigers of adults), on the day the plan was offered."""
    rng = schaal.rng("ondertekeningen")
    grens = moment(schaal.peildatum)
    rijen = select_dossiers(
        cursor,
        schaal,
        MET_ONDERTEKENING,
        extra=""", v.id, v.inhoud_hash, i.geboortedatum, i.voornamen, i.voorvoegsel, i.geslachtsnaam,
                   i.partner_voorvoegsel, i.partnernaam, i.naamgebruik,
                   r1.id, r1.voornamen, r1.voorvoegsel, r1.geslachtsnaam,
                   r2.id, r2.voornamen, r2.voorvoegsel, r2.geslachtsnaam""",
        joins="""JOIN verwijzing_leefzorgplanversie v ON v.dossier_id = d.id AND v.versie = 1
                 JOIN inwoners_inwoner i ON i.id = d.inwoner_id
                 LEFT JOIN inwoners_relatie r1 ON r1.inwoner_id = i.id AND r1.nummer = 1 AND r1.gezaghebbend
                 LEFT JOIN inwoners_relatie r2 ON r2.inwoner_id = i.id AND r2.nummer = 2 AND r2.gezaghebbend""",
    )
    for rij in rijen:
        d_id, status, domein, _g, _c, _i, aangemaakt, gewijzigd, aanvraag_op, versie_id, versie_hash = rij[:11]
        geboren, *naam = rij[11:18]
        ouders = [(rij[18 + 4 * k], _relatie_naam(*rij[19 + 4 * k : 22 + 4 * k])) for k in (0, 1)]
        ouders = [(pk, n) for pk, n in ouders if pk is not None]
        m = mijlpalen(status, aangemaakt, gewijzigd, aanvraag_op)
        aangeboden = m["ondertekening"]
        zelf = ("jeugdige" if domein == JEUGD else "inwoner", volledige_naam(*naam), None)
        if domein == WMO:
            tekenaars = [zelf]
        else:
            leeftijd = leeftijd_op(geboren, aangeboden.date())
            gezag = [("gezaghebbende", n, pk) for pk, n in ouders]
            # Without registered gezaghebbenden (an adult now, a minor then) the jeugdige signs.
            tekenaars = [zelf] if leeftijd >= 16 or not gezag else ([zelf, *gezag] if leeftijd >= 12 else gezag)
        laatste = len(tekenaars) - 1
        for n, (rol, wie, relatie_id) in enumerate(tekenaars):
            if m.get("aanvraag"):
                getekend = m["aanvraag"] - (laatste - n) * UUR  # the last signature is the aanvraag
            else:  # still waiting; with several signers the first may have signed already
                vroeg = aangeboden + DAG
                getekend = vroeg if n < laatste and vroeg <= grens and rng.random() < 0.3 else None
            yield (
                d_id,
                versie_id,
                versie_hash,
                rol,
                wie,
                relatie_id,
                "link_code",
                "laag",
                f"{rng.getrandbits(256):064x}",
                f"{rng.getrandbits(256):064x}",
                0,
                aangeboden + ONDERTEKEN_DAGEN * DAG,
                getekend,
                False,
                aangeboden,
            )


def vul_ondertekeningen(cursor, schaal: Schaal) -> int:
    rijen = _ondertekening_rijen(cursor, schaal)
    return copy_rows(cursor, "verwijzing_ondertekening", ONDERTEKENING_KOLOMMEN, rijen, schaal.chunk)
