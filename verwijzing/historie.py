"""The client's history: every dossier (open, decided, closed) and every toewijzing of one inwoner that the
user may see, for the inwoner page. inwoners does not import verwijzing; its page pulls this in through the
template tag in `templatetags/verwijzing_historie.py`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext

from accounts.models import Rol
from toegang.links import link

from .models import Dossier, Toewijzing

# More than this many toewijzingen of one person is years of history; the page shows the newest.
MAX_TOEWIJZINGEN = 100


@dataclass
class DossierRegel:
    url: str
    nummer: int
    domein: str
    gemeente: str
    status: str
    melding: str


@dataclass
class ToewijzingRegel:
    nummer: int
    product: str
    aanbieder: str
    periode: str
    status: str
    dossier_url: str
    dossiernummer: int


@dataclass
class Historie:
    dossiers: list[DossierRegel] = field(default_factory=list)
    toewijzingen: list[ToewijzingRegel] = field(default_factory=list)
    meer_toewijzingen: bool = False


def datum(waarde) -> str:
    """A date as users read it: dd-mm-jjjj."""
    return waarde.strftime("%d-%m-%Y") if waarde else ""


def dossier_regel(dossier: Dossier) -> DossierRegel:
    return DossierRegel(
        url=link("verwijzing:dossier", public_id=dossier.public_id),
        nummer=dossier.pk,
        domein=dossier.get_domein_display(),
        gemeente=dossier.gemeente.naam,
        status=dossier.get_status_display(),
        melding=datum(dossier.meldingsdatum),
    )


def _toewijzing_status(t: Toewijzing) -> str:
    status = t.status_tekst
    if t.gestart_op:
        status += f", {gettext('gestart op')} {datum(t.gestart_op)}"
    if t.gestopt_op:
        status += f", {gettext('gestopt op')} {datum(t.gestopt_op)}"
    return status


def inwoner_historie(gebruiker, inwoner) -> Historie:
    """Two queries whatever the history's length. Only gemeente staff: an aanbieder's toewijzing scope
    (its own toewijzingen) must not turn this into a view of the client's other care."""
    if gebruiker.rol not in {Rol.CONSULENT, Rol.BACKOFFICE}:
        return Historie()
    dossiers = (
        Dossier.objects.visible_to(gebruiker)
        .filter(inwoner=inwoner)
        .select_related("gemeente")
        .only("public_id", "domein", "status", "meldingsdatum", "gemeente__naam")
        .order_by("-meldingsdatum", "-id")
    )
    toewijzingen = list(
        Toewijzing.objects.visible_to(gebruiker)
        .filter(inwoner=inwoner)
        .select_related("product", "aanbieder", "dossier")
        .only(
            "nummer",
            "status",
            "ingangsdatum",
            "einddatum",
            "gestart_op",
            "gestopt_op",
            "reden_beeindiging",
            "product__code",
            "product__naam",
            "aanbieder__naam",
            "dossier__public_id",
        )
        .order_by("-ingangsdatum", "-nummer")[: MAX_TOEWIJZINGEN + 1]
    )
    return Historie(
        dossiers=[dossier_regel(d) for d in dossiers],
        toewijzingen=[
            ToewijzingRegel(
                nummer=t.nummer,
                product=f"{t.product.code} {t.product.naam}",
                aanbieder=t.aanbieder.naam,
                periode=f"{datum(t.ingangsdatum)} – {datum(t.einddatum) or '…'}",
                status=_toewijzing_status(t),
                dossier_url=link("verwijzing:dossier", public_id=t.dossier.public_id),
                dossiernummer=t.dossier_id,
            )
            for t in toewijzingen[:MAX_TOEWIJZINGEN]
        ],
        meer_toewijzingen=len(toewijzingen) > MAX_TOEWIJZINGEN,
    )
