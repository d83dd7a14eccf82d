"""The berichten of a dossier's toewijzingen, for the dossier page (verwijzing.overzicht, which may not
import this app): every message that carried or reported on a toewijzing, and the retours on them, each
with its own status label, the word the berichtencockpit shows. Set by `apps.py` when Django starts."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Rol
from verwijzing.overzicht import BerichtRegel

from .models import Bericht, BerichtStatus, Richting

# Who may open a bericht in the cockpit (berichten.views.LEZERS without the regional beheer, who sees
# no dossier).
COCKPIT = {Rol.BACKOFFICE}


def berichten_per_toewijzing(gebruiker, toewijzing_ids: list[int]) -> dict[int, list[BerichtRegel]]:
    """Two queries whatever the number of toewijzingen and berichten."""
    koppelingen = list(
        Bericht.toewijzingen.through.objects.filter(toewijzing_id__in=toewijzing_ids).values_list(
            "bericht_id", "toewijzing_id"
        )
    )
    per_bericht = defaultdict(set)
    for bericht_id, toewijzing_id in koppelingen:
        per_bericht[bericht_id].add(toewijzing_id)
    if not per_bericht:
        return {}
    ids = list(per_bericht)
    berichten = (
        Bericht.objects.filter(Q(pk__in=ids) | Q(retour_van_id__in=ids))
        .only("soort", "identificatie", "richting", "status", "retour_van_id", "aangemaakt_op")
        .order_by("aangemaakt_op", "id")
    )
    statussen = {k: str(v) for k, v in BerichtStatus.choices}
    richtingen = {k: str(v).lower() for k, v in Richting.choices}
    cockpit = gebruiker.rol in COCKPIT
    regels = defaultdict(list)
    for b in berichten:
        regel = BerichtRegel(
            pk=b.pk,
            soort=b.soort,
            identificatie=b.identificatie,
            richting=richtingen.get(b.richting, b.richting),
            status=statussen.get(b.status, b.status),
            datum=timezone.localtime(b.aangemaakt_op).strftime("%d-%m-%Y %H:%M"),
            url=reverse("berichten:detail", kwargs={"pk": b.pk}) if cockpit else None,
        )
        for toewijzing_id in per_bericht.get(b.pk) or per_bericht.get(b.retour_van_id, ()):
            regels[toewijzing_id].append(regel)
    return dict(regels)
