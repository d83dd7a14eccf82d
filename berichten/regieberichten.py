"""Receiving the regieberichten, start (305) and stop (307) of care: each StartProduct and StopProduct is
checked against what the aanbieder sent before for that toewijzing (its ZorgStart/ZorgStop records) and
against the other lines of the message (istandaard.regieberichten: TR063, TR071, TR074, TR326, TR382,
TR413-TR415), and, when the whole message passes, stored as received through verwijzing's services, the
withdrawals (status 3) before the new lines (IV008)."""

from __future__ import annotations

from datetime import date

from istandaard import regieberichten as rb
from istandaard.validatie import Uitslag
from verwijzing.models import Toewijzing, ZorgStart, ZorgStop
from verwijzing.toewijzing import start_intrekken, start_registreren, stop_intrekken, stop_registreren

from .models import Bericht

GROEPEN = (("StartProducten", "StartProduct"), ("StopProducten", "StopProduct"))


def _d(waarde) -> date:
    return waarde if isinstance(waarde, date) else date.fromisoformat(str(waarde))


def _toewijzing(bericht: Bericht, domein: str, bsn: str, nummer) -> Toewijzing | None:
    """The toewijzing a 305/307 refers to: this gemeente's, at the sending aanbieder, for this client; a
    sender we do not know has none (TR019). Locked until the message is stored: two messages on one toewijzing
    at the same moment are checked one after the other (a second definitive stop, TR415)."""
    if nummer in (None, "") or bericht.gemeente is None or bericht.aanbieder is None:
        return None
    return (
        Toewijzing.objects.select_for_update(of=("self",))
        .filter(gemeente=bericht.gemeente, domein=domein, nummer=int(nummer))
        .filter(aanbieder=bericht.aanbieder, inwoner__bsn=bsn)
        .first()
    )


def _regel(naam: str, p: dict) -> rb.Start | rb.Stop:
    if naam == "StartProduct":
        return rb.Start(_d(p["Begindatum"]))
    return rb.Stop(_d(p["Begindatum"]), p["RedenBeeindiging"], _d(p["Einddatum"]))


def _per_toewijzing(uitslag: Uitslag, bericht: Bericht):
    """{toewijzing or None: [(path, line, status, the product as received)]} in message order."""
    client = uitslag.gegevens.get("Client") or {}
    groepen: dict = {}
    gevonden: dict = {}
    for groep, naam in GROEPEN:
        for i, p in enumerate((client.get(groep) or {}).get(naam, [])):
            nummer = p.get("ToewijzingNummer")
            if nummer not in gevonden:
                gevonden[nummer] = _toewijzing(bericht, uitslag.domein, client.get("Bsn"), nummer)
            t = gevonden[nummer]
            groepen.setdefault(t, []).append((f"{groep}/{naam}[{i + 1}]", _regel(naam, p), p["StatusAanlevering"], p))
    return groepen


def levering(t: Toewijzing) -> rb.Levering:
    """What is actual for this toewijzing: the lines received with status 1 and not withdrawn."""
    starts = ZorgStart.objects.filter(toewijzing=t, status_aanlevering=rb.NIEUW, ingetrokken_door=None)
    stops = ZorgStop.objects.filter(toewijzing=t, status_aanlevering=rb.NIEUW, ingetrokken_door=None)
    return rb.Levering(
        frozenset(rb.Start(s.begindatum) for s in starts),
        frozenset(rb.Stop(s.begindatum, s.reden_beeindiging, s.einddatum) for s in stops),
    )


def regieberichten_toetsen(uitslag: Uitslag, bericht: Bericht) -> dict[str, str]:
    """Path -> retourcode (0200: no remark) for every StartProduct and StopProduct of the message."""
    codes: dict[str, str] = {}
    for t, regels in _per_toewijzing(uitslag, bericht).items():
        if t is None:
            codes.update({pad: "9019" for pad, *_rest in regels})  # TR019: not this client's at this aanbieder
            continue
        uit, _na = rb.bericht_toetsen(levering(t), [(pad, regel, status) for pad, regel, status, _p in regels])
        codes.update(uit)
    return codes


def _product(p: dict) -> str:
    product = p.get("Product") or {}
    return product.get("Code") or product.get("Categorie") or ""


def regieberichten_verwerken(uitslag: Uitslag, bericht: Bericht) -> None:
    """An accepted 305/307: every line stored as received, withdrawals first (IV008)."""
    omschrijving = f"{bericht.soort} {bericht.identificatie}"
    for t, regels in _per_toewijzing(uitslag, bericht).items():
        bericht.toewijzingen.add(t)  # the dossier lists it with the toewijzing it reports on
        volgorde = {pad: p for pad, _regel, _status, p in regels}
        for pad, regel, status in rb.volgorde([(pad, regel, status) for pad, regel, status, _p in regels]):
            p = volgorde[pad]
            kwargs = {"toewijzing": t, "bericht": bericht, "bericht_omschrijving": omschrijving}
            if isinstance(regel, rb.Start) and status == rb.VERWIJDEREN:
                start_intrekken(begindatum=regel.begindatum, **kwargs)
            elif isinstance(regel, rb.Start):
                ingangsdatum = _d(p["ToewijzingIngangsdatum"]) if p.get("ToewijzingIngangsdatum") else None
                start_registreren(begindatum=regel.begindatum, product=_product(p), ingangsdatum=ingangsdatum, **kwargs)
            elif status == rb.VERWIJDEREN:
                stop_intrekken(begindatum=regel.begindatum, einddatum=regel.einddatum, reden=regel.reden, **kwargs)
            else:
                stop_registreren(
                    begindatum=regel.begindatum,
                    einddatum=regel.einddatum,
                    reden=regel.reden,
                    product=_product(p),
                    **kwargs,
                )
