"""What runs beside a proposed indicatie, one definition for the indicatie check, the herindicatie, the
verlenging and the verzoek om toewijzing (315): the inwoner's toewijzingen actual on the peildatum — not
ended before it (the 307's Einddatum, else the einddatum; a temporary stop, RedenBeeindiging 20, ends
nothing), not deleted (RedenWijziging 13: never valid, OP087), not replaced by a new omvang (IV066) — plus
the dossier's own indicaties that have no toewijzing yet. A toewijzing that starts after the peildatum
runs too: `Lopend.van`/`tot` carry its period.
A herindicatie does not run beside the toewijzing it follows (it takes over from it). What ended before the
peildatum is `get_eerder`.

And the earlier toewijzingen a new aanvraag may be the garantiefase of (JR-066), read for `regie.garantiefase`."""

from __future__ import annotations

from datetime import date, timedelta

from regie import garantiefase
from regie.lopend import Lopend

from .models import Toewijzing, Wijziging
from .models.toewijzing import TIJDELIJK


def einde(t: Toewijzing) -> date | None:
    """The end of a toewijzing's care: the 307's Einddatum, else its einddatum (JR-064). A garantiefase
    granted after a 307 stretched the einddatum: then that counts. A temporary stop (RedenBeeindiging 20)
    is no end: the care resumes with a new start on the same toewijzing, or a definitive stop follows
    (OP377-OP379); until then the toewijzing runs to its einddatum."""
    tijdelijk = t.reden_beeindiging == TIJDELIJK
    gestopt = None if tijdelijk or t.laatste_wijziging == Wijziging.GARANTIEFASE else t.gestopt_op
    return garantiefase.einde_zorg(gestopt_op=gestopt, einddatum=t.einddatum)


def _actuele(inwoner) -> list[Toewijzing]:
    """The inwoner's toewijzingen that count at all: not deleted, not replaced (whatever their dates)."""
    return list(
        Toewijzing.objects.filter(inwoner=inwoner, vervangen_door__isnull=True)
        .exclude(laatste_wijziging__in=(Wijziging.VERWIJDERD, Wijziging.BEEINDIGD))
        .select_related("product", "aanbieder")
        .order_by("ingangsdatum", "id")
    )


def _gevolgd(dossier) -> set[int]:
    """The toewijzing a herindicatie dossier follows and the ones that replaced it (a new omvang)."""
    if dossier is None or not dossier.herindicatie_van_id:
        return set()
    keten, rand = {dossier.herindicatie_van_id}, {dossier.herindicatie_van_id}
    while rand:
        rand = set(Toewijzing.objects.filter(vervangt_id__in=rand).values_list("pk", flat=True)) - keten
        keten |= rand
    return keten


def get_lopend(inwoner, peildatum: date, *, dossier=None, behalve_indicatie=None, behalve_toewijzing=None):
    """What runs beside a proposal that starts on `peildatum`, as `Lopend` (code, aanbieder, period).
    `behalve_*` leave out the indicatie or toewijzing being judged itself."""
    gevolgd = _gevolgd(dossier)
    gevolgd.add(getattr(behalve_toewijzing, "pk", behalve_toewijzing))
    uit = [
        Lopend(t.product.code, t.aanbieder.agb_code, t.ingangsdatum, eind)
        for t in _actuele(inwoner)
        if t.pk not in gevolgd and ((eind := einde(t)) is None or eind >= peildatum)
    ]
    if dossier is not None:
        eigen = dossier.indicaties.filter(toewijzingen__isnull=True).select_related("product", "aanbieder")
        if behalve_indicatie:
            eigen = eigen.exclude(pk=getattr(behalve_indicatie, "pk", behalve_indicatie))
        uit += [
            Lopend(i.product.code, i.aanbieder.agb_code if i.aanbieder else "", i.ingangsdatum, i.einddatum)
            for i in eigen.order_by("id")
        ]
    return uit


def get_eerder(inwoner, peildatum: date, *, behalve_toewijzing=None) -> list[Lopend]:
    """What ran before a proposal that starts on `peildatum`, for the rules that read the history (an earlier
    indicatie of a product that allows no herindicatie, JR-067; the dyslexie total; meerwerk 1B once): the
    inwoner's toewijzingen whose care ended before it (the 307's Einddatum, else the einddatum), not deleted; a
    toewijzing and the new omvang that replaced it (IV066) count once, from the first ingangsdatum.
    `behalve_toewijzing`: the toewijzing being stretched or changed, which is no earlier one of itself."""
    behalve = getattr(behalve_toewijzing, "pk", behalve_toewijzing)
    uit = []
    for t in _actuele(inwoner):
        if t.pk == behalve:
            continue
        eind = einde(t)
        if eind is not None and eind < peildatum:
            uit.append(Lopend(t.product.code, t.aanbieder.agb_code, _eerste_ingangsdatum(t), eind))
    return uit


def historie(inwoner, peildatum: date, *, dossier=None, behalve_indicatie=None, behalve_toewijzing=None) -> dict:
    """`lopend` and `eerder` for `regie.toets.toets`, the same on every path (toegang, 315, 317, verlenging).
    `dossier`: the toegang's own dossier, whose indicaties without a toewijzing run too."""
    return {
        "lopend": get_lopend(
            inwoner,
            peildatum,
            dossier=dossier,
            behalve_indicatie=behalve_indicatie,
            behalve_toewijzing=behalve_toewijzing,
        ),
        "eerder": get_eerder(inwoner, peildatum, behalve_toewijzing=behalve_toewijzing),
    }


def _eerste_ingangsdatum(t: Toewijzing) -> date:
    while t.vervangt_id is not None:
        t = t.vervangt
    return t.ingangsdatum


def afgesloten(t: Toewijzing) -> garantiefase.Afgesloten | None:
    """A toewijzing as the garantiefase rule reads it (None while it has no end)."""
    eind = einde(t)
    if eind is None:
        return None
    return garantiefase.Afgesloten(
        nummer=t.nummer,
        code=t.product.code,
        naam=t.product.naam,
        aanbieder_agb=t.aanbieder.agb_code,
        aanbieder_naam=t.aanbieder.naam,
        segment=t.product.segment,
        traject=bool(t.product.garantiefase_maanden),
        einde=eind,
    )


def garantiefase_kandidaten(inwoner, *, gemeente, domein: str, product, aanbieder, datum: date, dossier=None):
    """JR-066 on a new aanvraag for `product` (at `aanbieder`, or any while none is chosen) that starts on
    `datum`: this gemeente's own toewijzingen in this domain whose garantiefase it may fall in (another
    gemeente's cannot be stretched here, and may not be seen). A herindicatie that starts the day after the
    toewijzing it follows continues it: no return, no flag."""
    if inwoner is None:
        return []
    gevolgd = _gevolgd(dossier)
    eerder = [
        a
        for t in _actuele(inwoner)
        if t.gemeente_id == gemeente.pk
        and t.domein == domein
        and (a := afgesloten(t)) is not None
        and not (t.pk in gevolgd and datum <= a.einde + timedelta(days=1))
    ]
    return garantiefase.kandidaten(
        eerder, aanbieder_agb=aanbieder.agb_code if aanbieder else "", segment=product.segment, datum=datum
    )
