"""An immutable snapshot of the rule data valid on a peildatum, cached per process.

The pure rule functions work on this snapshot only, so a verdict is fast (no queries) and depends
on nothing but its inputs and the data version it names. A cached snapshot is reused while the
regelset version counter is unchanged (one cheap query per `regelset()` call).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from threading import Lock, local

from producten.models import Indicatiewijze, Product, Tarief

from .laden import lees
from .models import Feestdag, MatrixCel, MatrixProduct, Regel, RegelsetVersie, Termijn


@dataclass(frozen=True)
class Cel:
    rij: str
    kolom: str
    uitkomst: str
    zekerheid: str
    sleutel: str
    basis: str
    bron: str
    versie: str


@dataclass(frozen=True)
class ProductInfo:
    code: str
    naam: str
    domein: str
    segment: str
    eenheid: str
    zwaarte: str
    leeftijd_min: int | None
    leeftijd_max: int | None
    leeftijd_bron: str
    max_duur_maanden: int | None
    duur_bron: str
    garantiefase_maanden: int | None
    garantiefase_bron: str
    bijzondere_toegang: bool
    perceel: str
    matchingsgesprek: str
    matchingsgesprek_bron: str
    bron: str
    verlenging: str = ""


@dataclass(frozen=True)
class TariefInfo:
    soort: str
    aanbieder_id: int | None
    bedrag: Decimal | None
    geldig_vanaf: date
    bron: str


@dataclass(frozen=True)
class TermijnInfo:
    soort: str
    naam: str
    aantal: int
    eenheid: str
    wettelijk: bool
    vanaf: str
    bron: str
    opmerking: str
    versie: str


@dataclass(frozen=True)
class RegelInfo:
    regel_id: str
    familie: str
    a: tuple[str, ...]
    b: tuple[str, ...]
    uitkomst: str
    uitleg: str
    bron: str
    onduidelijk: bool
    toetsbaar: str
    versie: str


@dataclass
class Regelset:
    peildatum: date
    versie: int
    matrix_van_code: dict[str, tuple[str, int]] = field(default_factory=dict)  # code -> (afkorting, volgorde)
    matrix_labels: dict[str, str] = field(default_factory=dict)
    cellen: dict[tuple[str, str], Cel] = field(default_factory=dict)
    producten: dict[str, ProductInfo] = field(default_factory=dict)
    tarieven: dict[str, list[TariefInfo]] = field(default_factory=dict)
    indicatiewijzen: dict[tuple[str, str], str] = field(default_factory=dict)  # (code, cbs) -> wijze
    termijnen: dict[str, TermijnInfo] = field(default_factory=dict)
    feestdagen: dict[str, frozenset[date]] = field(default_factory=dict)
    regels: list[RegelInfo] = field(default_factory=list)
    # Findings per product pair, filled on first use: the snapshot is immutable, so a pair's verdict is too.
    paar_cache: dict = field(default_factory=dict, repr=False)

    @cached_property
    def vereist_regels(self) -> list[RegelInfo]:
        return [r for r in self.regels if r.toetsbaar == "vereist"]

    @cached_property
    def paar_regels(self) -> list[RegelInfo]:
        return [r for r in self.regels if r.toetsbaar == "paar"]

    @cached_property
    def teksten(self) -> dict:
        """The Dutch texts of the matrix notes and principles (static, from the data file)."""
        data = lees("stapelingsmatrix.yaml")
        return {"toelichtingen": data["toelichtingen"], "principes": data["principe_namen"]}

    def cel(self, a: str, b: str) -> Cel | None:
        """The cell for two matrix products, in either order (the upper triangle is grey: swap)."""
        return self.cellen.get((a, b)) or self.cellen.get((b, a))


def _bouw(peildatum: date, versie: int) -> Regelset:
    rs = Regelset(peildatum=peildatum, versie=versie)
    for mp in MatrixProduct.objects.all():
        rs.matrix_labels[mp.afkorting] = mp.label
        for code in mp.productcodes:
            rs.matrix_van_code[code] = (mp.afkorting, mp.volgorde)
    for c in MatrixCel.objects.filter(MatrixCel.geldig_op(peildatum)).select_related("rij", "kolom"):
        rs.cellen[(c.rij.afkorting, c.kolom.afkorting)] = Cel(
            c.rij.afkorting, c.kolom.afkorting, c.uitkomst, c.zekerheid, c.sleutel, c.basis, c.bron, c.versie
        )
    for p in Product.objects.all():
        rs.producten[p.code] = ProductInfo(
            p.code,
            p.naam,
            p.domein,
            p.segment,
            p.eenheid,
            p.zwaarte,
            p.leeftijd_min,
            p.leeftijd_max,
            p.leeftijd_bron,
            p.max_duur_maanden,
            p.duur_bron,
            p.garantiefase_maanden,
            p.garantiefase_bron,
            p.bijzondere_toegang,
            p.perceel,
            p.matchingsgesprek,
            p.matchingsgesprek_bron,
            p.bron,
            p.verlenging,
        )
    geldig = Tarief.objects.filter(geldig_vanaf__lte=peildatum).exclude(geldig_tot__lt=peildatum)
    for t in geldig.select_related("product").order_by("-geldig_vanaf"):
        rs.tarieven.setdefault(t.product.code, []).append(
            TariefInfo(t.soort, t.aanbieder_id, t.bedrag, t.geldig_vanaf, t.bron)
        )
    for iw in Indicatiewijze.objects.select_related("product", "gemeente"):
        rs.indicatiewijzen[(iw.product.code, iw.gemeente.cbs_code)] = iw.wijze
    for t in Termijn.objects.filter(Termijn.geldig_op(peildatum)):
        rs.termijnen[t.soort] = TermijnInfo(
            t.soort,
            t.naam,
            t.aantal,
            t.eenheid,
            t.wettelijk,
            t.vanaf,
            t.bron,
            t.opmerking,
            f"termijn {t.soort} v{t.geldig_vanaf.isoformat()}",
        )
    lijsten: dict[str, set[date]] = {}
    for lijst, datum in Feestdag.objects.values_list("lijst", "datum"):
        lijsten.setdefault(lijst, set()).add(datum)
    rs.feestdagen = {k: frozenset(v) for k, v in lijsten.items()}
    for r in Regel.objects.filter(Regel.geldig_op(peildatum)):
        rs.regels.append(
            RegelInfo(
                r.regel_id,
                r.familie,
                tuple(r.producten_a),
                tuple(r.producten_b),
                r.uitkomst,
                r.uitleg,
                r.bron,
                r.onduidelijk,
                r.toetsbaar,
                f"regel {r.regel_id} v{r.geldig_vanaf.isoformat()}",
            )
        )
    return rs


_CACHE: dict[tuple[str, int], Regelset] = {}
_GRENZEN: dict[str, list[date]] = {}
_LOCK = Lock()
_MAX = 32


# A page asks the rules several times (deadlines, matching, budgets); within one request the version is read
# once. Only the request's own edit of rule data can change it under the page, and that forgets it
# (regie.signals.verhoog_versie). Outside a request (tasks, commands, tests calling services) nothing is kept.
_verzoek = local()


def verzoek_begonnen(**kwargs) -> None:
    _verzoek.actief, _verzoek.versie = True, None


def verzoek_klaar(**kwargs) -> None:
    _verzoek.actief, _verzoek.versie = False, None


def vergeet_versie() -> None:
    _verzoek.versie = None


def huidige_versie() -> tuple[int, str]:
    actief = getattr(_verzoek, "actief", False)
    if actief and _verzoek.versie is not None:
        return _verzoek.versie
    rij = RegelsetVersie.objects.values_list("nummer", "token").first()
    versie = (rij[0], str(rij[1])) if rij else (0, "")
    if actief:
        _verzoek.versie = versie
    return versie


def _grenzen() -> list[date]:
    """Every date on which the set of valid rows changes: a geldig_vanaf, or the day after a geldig_tot.
    Between two of them every peildatum sees the same rows, so it gets the same snapshot: the werkvoorraad
    and dossier pages look up deadlines for thousands of different aanvraag dates."""
    datums: set[date] = set()
    for model in (MatrixCel, Tarief, Termijn, Regel):
        for vanaf, tot in model.objects.values_list("geldig_vanaf", "geldig_tot").distinct():
            datums.add(vanaf)
            if tot is not None:
                datums.add(tot + timedelta(days=1))
    return sorted(datums)


def regelset(peildatum: date) -> Regelset:
    nummer, token = huidige_versie()
    with _LOCK:
        grenzen = _GRENZEN.get(token)
    if grenzen is None:
        grenzen = _grenzen()
        with _LOCK:
            if len(_GRENZEN) >= _MAX:
                _GRENZEN.clear()
            _GRENZEN[token] = grenzen
    sleutel = (token, bisect_right(grenzen, peildatum))
    with _LOCK:
        gevonden = _CACHE.get(sleutel)
    if gevonden is None:
        gevonden = _bouw(peildatum, nummer)
        with _LOCK:
            if len(_CACHE) >= _MAX:
                _CACHE.clear()
            _CACHE[sleutel] = gevonden
    # Same rows, own peildatum; the dicts (and the pair verdicts) are shared: the snapshot is immutable.
    return gevonden if gevonden.peildatum == peildatum else replace(gevonden, peildatum=peildatum)


def leeg_cache() -> None:
    with _LOCK:
        _CACHE.clear()
        _GRENZEN.clear()
