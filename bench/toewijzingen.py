"""Bench steps after the aanvraag: beschikkingen (with the indicaties they grant), toewijzingen and
the toewijzingnummer sequences (verwijzing app tables).

A beschikt dossier has one beschikking, vastgesteld at the dossier's gewijzigd_op (the decision) by
whoever decides for that gemeente and domain (Gemeente.beschikking_jeugd_door / _wmo_door), and
bekendgemaakt a few days later; decisions of the last two days before the peildatum are vastgesteld
and not yet sent. No PDF is stored: render_status "fout" with a note says so on the dossier page.

Every granted indicatie in natura starts one toewijzing with a fresh number per gemeente and domain;
its status, start and stop are what the aanbieder's 305/307 would have left on the peildatum (no
berichten rows are made: the bench has no outbox or message history);
some are later replaced by a new toewijzing for a changed omvang (IV066: the old one ends the day
before, the new one `vervangt` it), which brings the total to exactly Schaal.toewijzingen.
"""

import datetime
from collections.abc import Iterator
from itertools import groupby

from .core import Schaal, copy_rows, kans, moment, stream_query, uuid4_from, verdeel, volgend_id, zet_identity
from .dossiers import BESCHIKT, DAG, GEDEELTELIJK, GEDEELTELIJK_KANS, JEUGD, mijlpalen, volledige_naam
from .organisaties import staf

SJABLOON = "beschikking-v1"  # settings.TOEGANG_BESCHIKKING_SJABLOON (a test compares them)
NIET_VERZONDEN_DAGEN = 2
BESCHIKKING_KOLOMMEN = (
    "public_id",
    "dossier_id",
    "soort",
    "status",
    "motivering",
    "horen_op",
    "zienswijze",
    "horen_niet_nodig",
    "sjabloon",
    "opgesteld_door_id",
    "vastgesteld_door_id",
    "vastgesteld_op",
    "pdf",
    "pdf_sha256",
    "render_status",
    "render_voortgang",
    "render_fout",
    "geadresseerden",
    "verzendkanaal",
    "verzonden_op",
    "aangemaakt_op",
)
MOTIVERING = {
    "toekenning": "Uit het onderzoek blijkt dat de gevraagde ondersteuning nodig en passend is.",
    "gedeeltelijk": "Een deel van de gevraagde ondersteuning is passend; voor de rest is een voorliggende "
    "voorziening beschikbaar.",
    "afwijzing": "Uit het onderzoek blijkt dat eigen kracht en het netwerk de hulpvraag beantwoorden.",
}
GEEN_PDF = "Benchmarkgegevens: de PDF is niet gemaakt."


def beschikking_soort(schaal: Schaal, dossier_id: int, status: str) -> str:
    if status == "afgewezen":
        return "afwijzing"
    if kans(schaal.seed, dossier_id, GEDEELTELIJK) < GEDEELTELIJK_KANS:
        return "gedeeltelijk"
    return "toekenning"


def _beschikking_rijen(cursor, schaal: Schaal, beslisser: dict, backoffice: dict) -> Iterator[tuple]:
    rng = schaal.rng("beschikkingen")
    niet_verzonden = schaal.peildatum - NIET_VERZONDEN_DAGEN * DAG
    rijen = stream_query(
        cursor,
        """SELECT d.id, d.status, d.domein, d.gemeente_id, d.consulent_id, d.aangemaakt_op, d.gewijzigd_op,
                  d.aanvraag_op, i.voornamen, i.voorvoegsel, i.geslachtsnaam, i.partner_voorvoegsel,
                  i.partnernaam, i.naamgebruik
           FROM verwijzing_dossier d JOIN inwoners_inwoner i ON i.id = d.inwoner_id
           WHERE d.status = ANY(%s) ORDER BY d.id""",
        (list(BESCHIKT),),
        chunk=schaal.chunk,
    )
    for d_id, status, domein, gemeente_id, consulent_id, aangemaakt, gewijzigd, aanvraag_op, *naam in rijen:
        besluit = mijlpalen(status, aangemaakt, gewijzigd, aanvraag_op)["besluit"]
        soort = beschikking_soort(schaal, d_id, status)
        # Who decides: the backoffice (Jeugd by default) or the dossier's consulent (Wmo by default).
        door = rng.choice(backoffice[gemeente_id]) if beslisser[gemeente_id, domein] == "backoffice" else consulent_id
        verzonden = None
        if besluit.date() <= niet_verzonden:
            verzonden = min(besluit.date() + DAG * rng.randint(0, 2), schaal.peildatum)
        horen_op, zienswijze, horen_niet_nodig = None, "", ""
        if soort != "toekenning":
            if rng.random() < 0.5:
                horen_op = max(aanvraag_op, besluit.date() - DAG * rng.randint(1, 7))
                zienswijze = "De aanvrager kan zich vinden in het voornemen."
            else:
                horen_niet_nodig = "De aanvrager is in het gesprek gehoord en stemde in (Awb 4:8 lid 2)."
        inwoner = volledige_naam(*naam)
        yield (
            uuid4_from(rng),
            d_id,
            soort,
            "bekendgemaakt" if verzonden else "vastgesteld",
            MOTIVERING[soort],
            horen_op,
            zienswijze,
            horen_niet_nodig,
            SJABLOON,
            door,
            door,
            besluit,
            None,
            "",
            "fout",
            0,
            GEEN_PDF,
            (f"De gezaghebbende ouders van {inwoner}" if domein == JEUGD else inwoner) if verzonden else "",
            rng.choice(("post", "post", "post", "digitaal")) if verzonden else "",
            verzonden,
            max(aangemaakt, besluit - DAG),
        )


def vul_beschikkingen(cursor, schaal: Schaal) -> int:
    cursor.execute("SELECT id, beschikking_jeugd_door, beschikking_wmo_door FROM organisaties_gemeente")
    beslisser = {}
    for gemeente_id, jeugd, wmo in cursor.fetchall():
        beslisser[gemeente_id, "jeugd"], beslisser[gemeente_id, "wmo"] = jeugd, wmo
    rijen = _beschikking_rijen(cursor, schaal, beslisser, staf(cursor)[1])
    return copy_rows(cursor, "verwijzing_beschikking", BESCHIKKING_KOLOMMEN, rijen, schaal.chunk)


def _toegekend_rijen(cursor, schaal: Schaal) -> Iterator[tuple]:
    """A toekenning grants every indicatie of the dossier; a gedeeltelijke toekenning all but the last."""
    rijen = stream_query(
        cursor,
        """SELECT b.id, b.soort, i.id FROM verwijzing_beschikking b
           JOIN verwijzing_indicatie i ON i.dossier_id = b.dossier_id
           WHERE b.soort <> 'afwijzing' ORDER BY b.id, i.id""",
        chunk=schaal.chunk,
    )
    for (beschikking_id, soort), groep in groupby(rijen, key=lambda r: (r[0], r[1])):
        indicaties = [r[2] for r in groep]
        if soort == "gedeeltelijk":
            indicaties = indicaties[:-1]
        for indicatie_id in indicaties:
            yield beschikking_id, indicatie_id


def vul_toegekend(cursor, schaal: Schaal) -> int:
    rijen = _toegekend_rijen(cursor, schaal)
    return copy_rows(
        cursor, "verwijzing_beschikking_toegekend", ("beschikking_id", "indicatie_id"), rijen, schaal.chunk
    )


TOEWIJZING_KOLOMMEN = (
    "id",
    "public_id",
    "nummer",
    "gemeente_id",
    "domein",
    "dossier_id",
    "beschikking_id",
    "indicatie_id",
    "inwoner_id",
    "product_id",
    "aanbieder_id",
    "volume",
    "eenheid",
    "frequentie",
    "budget",
    "ingangsdatum",
    "einddatum",
    "toewijzingsmoment",
    "status",
    "laatste_wijziging",
    "vervangt_id",
    "gestart_op",
    "gestopt_op",
    "reden_beeindiging",
    "gewijzigd_op",
)
TOEGEKEND_ZIN = """FROM verwijzing_beschikking_toegekend bt
           JOIN verwijzing_indicatie i ON i.id = bt.indicatie_id
           JOIN verwijzing_beschikking b ON b.id = bt.beschikking_id
           JOIN verwijzing_dossier d ON d.id = b.dossier_id
           JOIN producten_product p ON p.id = i.product_id
           WHERE i.bekostiging = 'zin'"""


def _status(ingang: datetime.date, einde: datetime.date, gemaakt: datetime.datetime, peildatum) -> str:
    """As the berichten would have left it on the peildatum (iJw 301/305/307)."""
    if einde < peildatum:
        return "gestopt"
    if ingang <= peildatum:
        return "gestart"
    return "klaar_voor_verzending" if gemaakt.date() >= peildatum - DAG else "verzonden"


def _gewijzigde_omvang(volume, budget):
    if budget is not None:
        return None, f"{float(budget) * 1.2:.2f}"
    return volume + 1, None


def _toewijzing_rijen(cursor, schaal: Schaal, eerste_id: int, ketens: int) -> Iterator[tuple]:
    rng = schaal.rng("toewijzingen")
    peildatum = schaal.peildatum
    laatste_moment = moment(peildatum, 8 * 3600)
    vervangingen = verdeel(rng, schaal.toewijzingen - ketens, ketens)
    nummers: dict[tuple[int, str], int] = {}
    volgend = eerste_id
    rijen = stream_query(
        cursor,
        """SELECT i.id, i.product_id, i.aanbieder_id, i.volume, i.frequentie, i.budget, i.ingangsdatum,
                  i.einddatum, d.id, d.gemeente_id, d.domein, d.inwoner_id, b.id, b.vastgesteld_op, p.eenheid
           """
        + TOEGEKEND_ZIN
        + " ORDER BY b.vastgesteld_op, i.id",
        chunk=schaal.chunk,
    )
    for index, rij in enumerate(rijen):
        (indicatie_id, product_id, aanbieder_id, volume, frequentie, budget, ingang, einde) = rij[:8]
        dossier_id, gemeente_id, domein, inwoner_id, beschikking_id, besluit, eenheid = rij[8:]
        delen = vervangingen[index] + 1
        dagen = (einde - ingang).days + 1
        if delen > dagen:
            raise ValueError(f"indicatie {indicatie_id}: {delen} toewijzingen passen niet in {dagen} dagen")
        # Each replacement starts a later part of the indicatie's period (IV066).
        starts = [ingang + DAG * (dagen * k // delen) for k in range(delen)]
        vorige_id, gemaakt = None, besluit
        for k, start in enumerate(starts):
            eind = starts[k + 1] - DAG if k + 1 < delen else einde
            if k:
                volume, budget = _gewijzigde_omvang(volume, budget)
                # Decided some time between the previous change and the day before the new part starts.
                vroegst = gemaakt + datetime.timedelta(hours=1)
                laatst = min(moment(start - DAG, 6 * 3600), laatste_moment)
                nieuw = vroegst + (laatst - vroegst) * rng.random() if laatst > vroegst else vroegst
                gemaakt = max(gemaakt, min(nieuw, laatste_moment))
            sleutel = (gemeente_id, domein)
            nummers[sleutel] = nummers.get(sleutel, 0) + 1
            vervangen = k + 1 < delen
            # The replaced one was last changed when its successor was made: approximate with its own end.
            gewijzigd = moment(min(eind + DAG, peildatum)) if vervangen else gemaakt
            status = _status(start, eind, gemaakt, peildatum)
            # As the aanbieder's 305 and 307 would have recorded them: started on the ingangsdatum,
            # stopped on the einddatum (no reden beëindiging: its code list is the berichten app's).
            gestart = start if status in ("gestart", "gestopt") else None
            gestopt = eind if status == "gestopt" else None
            yield (
                volgend,
                uuid4_from(rng),
                nummers[sleutel],
                gemeente_id,
                domein,
                dossier_id,
                beschikking_id,
                indicatie_id,
                inwoner_id,
                product_id,
                aanbieder_id,
                volume,
                eenheid,
                frequentie,
                budget,
                start,
                eind,
                gemaakt,
                status,
                "beeindigd" if vervangen else "nieuw",
                vorige_id,
                gestart,
                gestopt,
                "",
                max(gewijzigd, gemaakt, moment(min(gestopt or gestart or start, peildatum))),
            )
            vorige_id, volgend = volgend, volgend + 1


def vul_toewijzingen(cursor, schaal: Schaal) -> int:
    cursor.execute("SELECT count(*) " + TOEGEKEND_ZIN)
    ketens = cursor.fetchone()[0]
    if ketens > schaal.toewijzingen:
        raise ValueError(f"{ketens} toegekende indicaties in natura, maar maar {schaal.toewijzingen} toewijzingen")
    eerste = volgend_id(cursor, "verwijzing_toewijzing")
    aantal = copy_rows(
        cursor,
        "verwijzing_toewijzing",
        TOEWIJZING_KOLOMMEN,
        _toewijzing_rijen(cursor, schaal, eerste, ketens),
        schaal.chunk,
    )
    zet_identity(cursor, "verwijzing_toewijzing")
    return aantal


def vul_nummerreeksen(cursor, schaal: Schaal) -> int:
    """One sequence per gemeente and domain that has toewijzingen: laatste is the highest number given
    (verwijzing.toewijzing.volgend_nummer hands out the next one)."""
    cursor.execute(
        """INSERT INTO verwijzing_nummerreeks (gemeente_id, domein, laatste)
           SELECT gemeente_id, domein, max(nummer) FROM verwijzing_toewijzing GROUP BY gemeente_id, domein
           ON CONFLICT (gemeente_id, domein) DO UPDATE SET laatste = GREATEST(verwijzing_nummerreeks.laatste,
                                                                               EXCLUDED.laatste)"""
    )
    return cursor.rowcount


def vul_zorgstarts(cursor, schaal: Schaal) -> int:
    """The start record (a 305 StartProduct, status 1) behind every toewijzing's gestart_op: the records are what
    the toewijzing's start is derived from (verwijzing.toewijzing._stand_bijwerken); no message (bericht) here."""
    cursor.execute(
        """INSERT INTO verwijzing_zorgstart (toewijzing_id, product, begindatum, toewijzing_ingangsdatum,
                                             status_aanlevering, ontvangen)
           SELECT t.id, '', t.gestart_op, t.ingangsdatum, '1', t.gewijzigd_op FROM verwijzing_toewijzing t
           WHERE t.gestart_op IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM verwijzing_zorgstart s WHERE s.toewijzing_id = t.id)"""
    )
    return cursor.rowcount


def vul_zorgstops(cursor, schaal: Schaal) -> int:
    """The stop record (a 307 StopProduct, status 1) behind every toewijzing's gestopt_op, of its start."""
    cursor.execute(
        """INSERT INTO verwijzing_zorgstop (toewijzing_id, product, begindatum, reden_beeindiging, einddatum,
                                            status_aanlevering, ontvangen)
           SELECT t.id, '', t.gestart_op, t.reden_beeindiging, t.gestopt_op, '1', t.gewijzigd_op
           FROM verwijzing_toewijzing t
           WHERE t.gestopt_op IS NOT NULL AND t.gestart_op IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM verwijzing_zorgstop s WHERE s.toewijzing_id = t.id)"""
    )
    return cursor.rowcount
