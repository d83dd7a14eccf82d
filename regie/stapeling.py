"""Stapeling: may these products run at the same time?

Jeugd: the stapelingsmatrix (Handboek verwijzers jeugdhulp §2.9), one cell per pair of matrix
products, plus the NB on logeren (same zwaarte; a dagdeel only next to an etmaal) and the required
combination "logeren altijd samen met ambulante hulp" (PR-13). Wmo: the pair rules of the Wmo
stapelingsmatrix (Bijlage 2, rebuilt from the segment texts) and its required combinations.
The caller passes the proposed products plus the inwoner's lopende toewijzingen.
"""

from __future__ import annotations

import re
from itertools import combinations

from django.utils.translation import gettext as _

from .bevinding import Bevinding
from .models import Uitkomst
from .regelset import Regelset

HARDHEIDSCLAUSULE = (
    " Alleen mogelijk via de hardheidsclausule: cliënt, verwijzer en gemeente zijn het eens"
    " (Handboek verwijzers jeugdhulp §2.9 (r. 4165–4166))."
)
LOGEREN_ZWAARTE = {
    "44A90": ("midden", "etmaal"),
    "44A91": ("midden", "dagdeel"),
    "44A92": ("zwaar", "etmaal"),
    "44A93": ("zwaar", "dagdeel"),
}
UITKOMST_VAN_REGEL = {
    "toegestaan": Uitkomst.TOEGESTAAN,
    "voorwaardelijk": Uitkomst.VOORWAARDELIJK,
    "niet_toegestaan": Uitkomst.NIET_TOEGESTAAN,
    # A voorliggende voorziening goes first: allowed only once the consulent confirms it does not suffice.
    "voorliggend": Uitkomst.VOORWAARDELIJK,
}


class OnbekendProduct(ValueError):
    pass


# A handbook citation in a matrix cell's basis: "Handboek verwijzers jeugdhulp §2.9 (r. 4179)" (docs/bronnen.md).
HANDBOEK_CITAAT = re.compile(
    r"Handboek verwijzers jeugdhulp §[\d.]+,? \(?r\. \d+(?:\u2013\d+)?\)?(?:, (?:§[\d.]+ )?r\. \d+(?:\u2013\d+)?)*"
)


def _regels_bron(tekst: str) -> str:
    return ", ".join(dict.fromkeys(HANDBOEK_CITAAT.findall(tekst)))


def _naam(rs: Regelset, code: str) -> str:
    return rs.producten[code].naam


def _matrix_bevinding(rs: Regelset, a: str, b: str) -> Bevinding | None:
    ma, mb = rs.matrix_van_code.get(a), rs.matrix_van_code.get(b)
    if not ma or not mb:
        return None  # IVH, C&A and Jeugdzorgplus have no matrix row: the matrix gives no guidance (§1.4)
    cel = rs.cel(ma[0], mb[0])
    if cel is None:
        return None
    namen = f"{_naam(rs, a)} ({a}) en {_naam(rs, b)} ({b})"
    if cel.uitkomst == Uitkomst.TOEGESTAAN:
        uitleg = f"{namen} mogen tegelijk worden ingezet volgens de stapelingsmatrix."
    elif cel.uitkomst == Uitkomst.VOORWAARDELIJK:
        toelichting = rs.teksten["toelichtingen"].get(cel.sleutel, {}).get("tekst", "")
        uitleg = f"{namen} alleen onder voorwaarden: {toelichting} Bevestig en motiveer de voorwaarde."
    else:
        principe = next(
            (rs.teksten["principes"][p] for p in re.findall(r"PR-\d+", cel.basis) if p in rs.teksten["principes"]),
            "zie de stapelingsmatrix",
        )
        uitleg = f"{namen} mogen niet tegelijk: {principe}.{HARDHEIDSCLAUSULE}"
    bron = f"{cel.bron}; Handboek verwijzers jeugdhulp §2.9 (r. 4152–4376)"
    extra_bron = _regels_bron(cel.basis)
    if extra_bron:
        bron += f"; basis {extra_bron}"
    return Bevinding(
        regel=f"MATRIX-{cel.rij}-{cel.kolom}",
        uitkomst=cel.uitkomst,
        uitleg=uitleg,
        bron=bron,
        producten=(a, b),
        versie=cel.versie,
        onduidelijk=cel.zekerheid == "aanname",
        zekerheid=cel.zekerheid,
    )


def _logeren_nb(rs: Regelset, a: str, b: str) -> Bevinding | None:
    """NB in the Logeren row: etmaal and dagdeel only in the same zwaarte (Handboek verwijzers jeugdhulp §2.9 (r.
    4187))."""
    if a not in LOGEREN_ZWAARTE or b not in LOGEREN_ZWAARTE or a == b:
        return None
    (za, va), (zb, vb) = LOGEREN_ZWAARTE[a], LOGEREN_ZWAARTE[b]
    if va == vb:
        uitkomst, uitleg = (
            Uitkomst.NIET_TOEGESTAAN,
            "Twee logeerindicaties van dezelfde soort tegelijk: kies één zwaarte.",
        )
    elif za != zb:
        uitkomst, uitleg = (
            Uitkomst.NIET_TOEGESTAAN,
            (
                "Logeren etmaal en dagdeel mogen alleen in dezelfde zwaarte gecombineerd worden (44A90 met 44A91, of "
                "44A92 met 44A93)."
            ),
        )
    else:
        uitkomst, uitleg = Uitkomst.TOEGESTAAN, "Logeren etmaal en dagdeel in dezelfde zwaarte: toegestaan."
    return Bevinding(
        regel="JR-LOGEREN-ZWAARTE",
        uitkomst=uitkomst,
        uitleg=uitleg,
        bron="Handboek verwijzers jeugdhulp §2.9, NB in de rij Logeren, §2.9 (r. 4187)",
        producten=(a, b),
        versie=f"regelset {rs.versie}",
    )


def _vereist(rs: Regelset, codes: list[str]) -> list[Bevinding]:
    bevindingen = []
    aanwezig = set(codes)
    gemeld: set[tuple] = set()
    for regel in rs.vereist_regels:
        nodig = [c for c in regel.a if c in aanwezig]
        # Two handbook places can state the same requirement (S14 and JR-083): report it once.
        sleutel = (tuple(nodig), frozenset(regel.b))
        if nodig and not (set(regel.b) & aanwezig) and sleutel not in gemeld:
            gemeld.add(sleutel)
            bevindingen.append(
                Bevinding(
                    regel=regel.regel_id,
                    uitkomst=Uitkomst.NIET_TOEGESTAAN,
                    uitleg=f"{regel.uitleg} Er is geen passend product bij {', '.join(nodig)} opgegeven of lopend.",
                    bron=regel.bron,
                    producten=tuple(nodig),
                    versie=regel.versie,
                    onduidelijk=regel.onduidelijk,
                )
            )
    return bevindingen


def _wmo_paar(rs: Regelset, a: str, b: str) -> list[Bevinding]:
    gevonden = []
    for regel in rs.paar_regels:
        if (a in regel.a and b in regel.b) or (b in regel.a and a in regel.b):
            uitkomst = UITKOMST_VAN_REGEL.get(regel.uitkomst)
            if uitkomst is None:
                continue
            uitleg = regel.uitleg + (HARDHEIDSCLAUSULE if uitkomst == Uitkomst.NIET_TOEGESTAAN else "")
            gevonden.append(
                Bevinding(
                    regel=regel.regel_id,
                    uitkomst=uitkomst,
                    uitleg=uitleg,
                    bron=regel.bron,
                    producten=(a, b),
                    versie=regel.versie,
                    onduidelijk=regel.onduidelijk,
                )
            )
    return gevonden


def check_codes(rs: Regelset, codes: list[str]) -> None:
    onbekend = [c for c in codes if c not in rs.producten]
    if onbekend:
        raise OnbekendProduct(_("Onbekende productcode: %(codes)s.") % {"codes": ", ".join(onbekend)})


def stapeling(rs: Regelset, codes: list[str]) -> list[Bevinding]:
    """Findings for every pair of the given products (proposed plus lopend), and the required
    combinations. Two entries of the same matrix product meet on the diagonal (e.g. P1×P1, note 7)."""
    check_codes(rs, codes)
    bevindingen: list[Bevinding] = []
    for a, b in combinations(codes, 2):
        gevonden = rs.paar_cache.get((a, b))
        if gevonden is None:
            gevonden = rs.paar_cache[(a, b)] = _paar(rs, a, b)
        bevindingen.extend(gevonden)
    bevindingen.extend(_vereist(rs, codes))
    return bevindingen


def _paar(rs: Regelset, a: str, b: str) -> list[Bevinding]:
    if rs.producten[a].domein != rs.producten[b].domein:
        return []  # Jeugd and Wmo have separate matrices; the 18-/18+ transition is an eligibility rule
    if rs.producten[a].domein == "wmo":
        return _wmo_paar(rs, a, b)
    nb = _logeren_nb(rs, a, b)
    if nb is not None:
        return [nb]
    bevinding = _matrix_bevinding(rs, a, b)
    return [bevinding] if bevinding is not None else []
