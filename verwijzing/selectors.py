"""Reads of dossiers, always through the scope: the werkvoorraad per role, in keyset pages on the
stored deadline (Dossier.uiterlijk, kept by the services), so a page costs the same with a million rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Rol

from .models import OPEN, Beschikking, BeschikkingStatus, Dossier, Indicatie, Status

PAGINA = 50

TERMIJN_NAAM = {
    (Status.AANVRAAG, "jeugd"): "Jeugd-beschikking op de aanvraag (beslistermijn)",
    (Status.AANVRAAG, "wmo"): "Wmo-beschikking op de aanvraag",
    (Status.MELDING, "wmo"): "Wmo-onderzoek afgerond",
    (Status.ONDERZOEK, "wmo"): "Wmo-onderzoek afgerond",
}


@dataclass
class Regel:
    dossier: Dossier

    @property
    def uiterlijk(self) -> date | None:
        return self.dossier.uiterlijk

    @property
    def termijn(self) -> str:
        return TERMIJN_NAAM.get((self.dossier.status, self.dossier.domein), "") if self.uiterlijk else ""

    @property
    def stand(self) -> str:
        if self.uiterlijk is None:
            return "geen"
        vandaag = timezone.localdate()
        if self.uiterlijk < vandaag:
            return "te-laat"
        return "bijna" if (self.uiterlijk - vandaag).days <= 5 else "op-tijd"


@dataclass
class Pagina:
    regels: list[Regel]
    volgende: str | None  # the cursor of the next page, or None on the last page


def _cursor(dossier: Dossier) -> str:
    return f"{dossier.uiterlijk.isoformat() if dossier.uiterlijk else '-'}.{dossier.pk}"


def _na(cursor: str | None) -> Q:
    """Rows after the cursor in the order (uiterlijk ASC NULLS LAST, id)."""
    if not cursor:
        return Q()
    try:
        datum, pk = cursor.split(".", 1)
        pk = int(pk)
        if datum == "-":
            return Q(uiterlijk__isnull=True, pk__gt=pk)
        d = date.fromisoformat(datum)
    except ValueError:
        return Q()  # a mangled cursor starts at the top instead of failing
    return Q(uiterlijk__gt=d) | Q(uiterlijk=d, pk__gt=pk) | Q(uiterlijk__isnull=True)


def werkvoorraad(gebruiker, *, na: str | None = None, limiet: int = PAGINA) -> Pagina:
    """The open dossiers in scope, the nearest deadline on top. The backoffice starts on the aanvragen
    waiting for a beschikking; a consulent on all open dossiers of his domain(s) and gemeenten."""
    statussen = [Status.AANVRAAG] if gebruiker.rol == Rol.BACKOFFICE else OPEN
    dossiers = list(
        Dossier.objects.visible_to(gebruiker)
        .filter(status__in=statussen)
        .filter(_na(na))
        .select_related("inwoner", "gemeente")
        .order_by(F("uiterlijk").asc(nulls_last=True), "id")[: limiet + 1]
    )
    volgende = _cursor(dossiers[limiet - 1]) if len(dossiers) > limiet else None
    return Pagina([Regel(d) for d in dossiers[:limiet]], volgende)


def te_verzenden(gebruiker, limiet: int = PAGINA) -> list[Beschikking]:
    """Backoffice: beschikkingen that were decided but not yet sent (bekendmaking)."""
    return list(
        Beschikking.objects.visible_to(gebruiker)
        .filter(status=BeschikkingStatus.VASTGESTELD)
        .select_related("dossier__inwoner", "dossier__gemeente")
        .order_by("vastgesteld_op", "id")[:limiet]
    )


def hardheidsclausules(gebruiker, limiet: int = PAGINA) -> list[Indicatie]:
    """Indicaties waiting for the gemeente's agreement under the hardheidsclausule (004 L4165-4166)."""
    zichtbaar = Dossier.objects.visible_to(gebruiker).filter(status__in=OPEN)
    return list(
        Indicatie.objects.filter(dossier__in=zichtbaar, hardheidsclausule=True, hardheid_goedgekeurd_op__isnull=True)
        .exclude(aangemaakt_door=gebruiker)
        .select_related("dossier__inwoner", "product")
        .order_by("aangemaakt_op", "id")[:limiet]
    )


def dossier_vervolg(gebruiker, dossier) -> dict:
    """What the dossier page shows after the leefzorgplan: the signed copies, the beslistermijn with
    its notices, the beschikking and the toewijzingen, and the forms the user may use on them. The forms
    to change a toewijzing live on the toewijzing's own page (loaded on demand), not here."""
    from accounts.permissions import mag_beschikken

    from . import forms_beschikking as f
    from .beslistermijn import beslistermijn

    beschikkingen = list(
        dossier.beschikkingen.exclude(status=BeschikkingStatus.CONCEPT)
        .order_by("-id")
        .only(
            "public_id",
            "soort",
            "status",
            "render_status",
            "render_voortgang",
            "render_fout",
            "vastgesteld_op",
            "verzonden_op",
            "verzendkanaal",
            "geadresseerden",
            "pdf_sha256",
            "dossier_id",
        )
    )
    toewijzingen = list(dossier.toewijzingen.select_related("product", "aanbieder").order_by("nummer"))
    beslisser = mag_beschikken(gebruiker, dossier.gemeente, dossier.domein)
    return {
        "termijn": beslistermijn(dossier),
        "exemplaren": list(dossier.getekende_exemplaren.order_by("-id").defer("inhoud")),
        "beschikking": beschikkingen[0] if beschikkingen else None,
        "toewijzingen": toewijzingen,
        "herindicatie_van": dossier.herindicatie_van,
        "mag_beschikken": beslisser,
        "formulieren": {
            "upload": f.UploadForm(initial={"getekend_op": timezone.localdate()}),
            "opschorten": f.OpschortingForm(
                prefix="opschorten", initial={"vanaf": timezone.localdate(), "medegedeeld_op": timezone.localdate()}
            ),
            "hervatten": f.HervattenForm(prefix="hervatten", initial={"tot": timezone.localdate()}),
            "verlengen": f.VerlengingForm(prefix="verlengen", initial={"medegedeeld_op": timezone.localdate()}),
            "bekendmaking": f.BekendmakingForm(
                prefix="bekendmaking", initial={"verzonden_op": timezone.localdate(), "kanaal": "post"}
            ),
        },
    }
