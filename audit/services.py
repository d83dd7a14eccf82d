"""audit.record(): the one way to write an audit event.

Call it inside the same transaction as the change it describes, so the event and the change are
committed or rolled back together.
"""

from __future__ import annotations

from django.db import models

from . import context
from .models import Actie, AuditEvent


def record(
    actie: Actie | str,
    obj: models.Model | None = None,
    *,
    reden: str = "",
    omschrijving: str = "",
    gemeente_cbs: str = "",
    object_type: str = "",
    object_id: str = "",
    gebruiker=None,
    gegevens: dict | None = None,
) -> AuditEvent:
    ctx = context.current()
    if gebruiker is not None and getattr(gebruiker, "is_authenticated", False):
        gebruiker_id, naam, rol = gebruiker.pk, gebruiker.get_username(), getattr(gebruiker, "rol", "")
    else:
        gebruiker_id, naam, rol = ctx.gebruiker_id, ctx.gebruikersnaam, ctx.rol
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditEvent.objects.create(
        gebruiker_id=gebruiker_id,
        gebruikersnaam=naam,
        rol=rol,
        actie=str(actie),
        object_type=object_type,
        object_id=object_id,
        gemeente_cbs=gemeente_cbs,
        reden=reden,
        omschrijving=omschrijving[:300],
        gegevens=gegevens or {},
        route=ctx.route,
        ip_adres=ctx.ip_adres,
        request_id=ctx.request_id,
    )
