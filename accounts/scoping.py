"""The one scoping mechanism: which rows a user may see.

Every scoped model's manager is built from `ScopedQuerySet` and implements `scope_filter(user)`.
Views, the API, PDFs and exports all reach rows through `visible_to(user)` or `get_in_scope_or_404`;
nothing filters by gemeente or aanbieder by hand.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404

from audit.models import Actie
from audit.services import record

from .models import Lidmaatschap, Rol

# Roles that may see personal data at all. Regie/beleid sees aggregates only; functioneel beheer
# manages products and accounts, not clients.
ROLLEN_MET_CLIENTGEGEVENS = {Rol.CONSULENT, Rol.BACKOFFICE, Rol.AANBIEDER}


def get_lidmaatschappen(user) -> tuple[Lidmaatschap, ...]:
    """The user's memberships with their gemeente, read once and cached on the user object for the request:
    the scope, the permissions, the menu and the theme all ask, and a page should not ask the database four
    times. A membership saved or deleted through the same user object clears the cache (`_vergeet`)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_toegang_lidmaatschappen", None)
    if cached is None:
        cached = tuple(user.lidmaatschappen.select_related("gemeente").order_by("gemeente__naam", "id"))
        user._toegang_lidmaatschappen = cached
    return cached


def gemeente_ids(user) -> frozenset[int]:
    """The gemeenten a user works for."""
    return frozenset(lid.gemeente_id for lid in get_lidmaatschappen(user))


@receiver([post_save, post_delete], sender=Lidmaatschap, dispatch_uid="toegang-lidmaatschappen-vergeten")
def _vergeet(sender, instance, **kwargs):
    gebruiker = instance._state.fields_cache.get("gebruiker")
    if gebruiker is not None:
        gebruiker.__dict__.pop("_toegang_lidmaatschappen", None)


def dossier_scope(user, pad: str = "", *, aanbieder: bool = False) -> Q | None:
    """Who sees a dossier and what hangs from it: the gemeente responsible under the woonplaatsbeginsel
    (Handboek verwijzers jeugdhulp §2.2) owns it; its consulenten see their own domain(s), its backoffice all domains;
    with `aanbieder`, an aanbieder sees the rows addressed to its own organisation. `pad` leads from the
    row to the dossier's gemeente and domein fields ("" for the dossier itself, "dossier__" …)."""
    if user.rol == Rol.AANBIEDER:
        return Q(aanbieder_id=user.aanbieder_id) if aanbieder and user.aanbieder_id else None
    ids = gemeente_ids(user)
    if not ids:
        return None
    if user.rol == Rol.CONSULENT:
        return Q(**{f"{pad}gemeente_id__in": ids, f"{pad}domein__in": user.domeinen})
    if user.rol == Rol.BACKOFFICE:
        return Q(**{f"{pad}gemeente_id__in": ids})
    return None


def verzoek_domeinen(user) -> list[str]:
    """The domains in which this user's role could handle verzoeken om toewijzing (315)."""
    if user.rol == Rol.CONSULENT:
        return user.domeinen
    return ["jeugd", "wmo"] if user.rol == Rol.BACKOFFICE else []


def verzoek_scope(user, pad: str = "") -> Q | None:
    """Where this user handles verzoeken om toewijzing (315): its gemeenten, in each domain whose gemeente
    gives 315s to the user's role (Gemeente.verzoek_*_door; the backoffice by default). `pad` leads from
    the row to the gemeente and domein fields ("bericht__" for a task)."""
    ids, domeinen = gemeente_ids(user), verzoek_domeinen(user)
    if not ids or not domeinen:
        return None
    behandelaar = Q(pk__in=[])
    for domein in domeinen:
        behandelaar |= Q(**{f"{pad}domein": domein, f"{pad}gemeente__verzoek_{domein}_door": user.rol})
    return Q(**{f"{pad}gemeente_id__in": ids}) & behandelaar


def is_applicatiebeheerder(user) -> bool:
    """The regional applicatiebeheerder: the only one who manages what belongs to no single gemeente or to
    several (superuser rights, raw permissions, memberships in several gemeenten, aanbieder accounts)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.rol == Rol.APPLICATIEBEHEER or user.is_superuser)
    )


def beheer_scope(user, pad: str | None) -> Q | None:
    """Which rows of the beheer screens (the Django admin) this user manages. `pad` leads from the row to
    its gemeente's id ("gemeente_id", "id" for a Gemeente); None marks regional data (the catalogue, the
    aanbieders), which the region buys in jointly and every functioneel beheerder maintains. The
    applicatiebeheerder manages everything; functioneel beheer only the rows of its own gemeenten."""
    if is_applicatiebeheerder(user):
        return Q()
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.rol != Rol.BEHEER:
        return None
    if pad is None:
        return Q()
    ids = gemeente_ids(user)
    return Q(**{f"{pad}__in": ids}) if ids else None


def account_scope(user) -> Q | None:
    """The accounts a beheerder manages: those whose every membership lies in the beheerder's own
    gemeenten (at least one), never an applicatiebeheerder, a superuser or an aanbieder's account (bound to
    a regional aanbieder, so the applicatiebeheerder's). Accounts of other gemeenten are invisible."""
    if is_applicatiebeheerder(user):
        return Q()
    if beheer_scope(user, "gemeente_id") is None:
        return None
    ids = gemeente_ids(user)
    eigen = Lidmaatschap.objects.filter(gemeente_id__in=ids).values("gebruiker_id")
    elders = Lidmaatschap.objects.exclude(gemeente_id__in=ids).values("gebruiker_id")
    return (
        Q(pk__in=eigen) & ~Q(pk__in=elders) & ~Q(rol__in=[Rol.APPLICATIEBEHEER, Rol.AANBIEDER]) & Q(is_superuser=False)
    )


class ScopedQuerySet(models.QuerySet):
    def scope_filter(self, user) -> Q | None:
        """A Q object selecting the rows this user may see; None means nothing."""
        raise ImproperlyConfigured(f"{self.model.__name__} must define scope_filter(user)")

    def visible_to(self, user) -> ScopedQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        condition = self.scope_filter(user)
        if condition is None:
            return self.none()
        return self.filter(condition).distinct() if self._scope_needs_distinct(condition) else self.filter(condition)

    def _scope_needs_distinct(self, condition: Q) -> bool:
        # Conditions through to-many relations can duplicate rows.
        return getattr(self, "scope_through_many", False)


def get_in_scope_or_404(queryset: ScopedQuerySet, user, **lookup):
    """The row if the user may see it; otherwise 404, auditing the attempt when the row exists."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist:
        bestaand = queryset.model._default_manager.filter(**lookup).values_list("pk", flat=True).first()
        if bestaand is not None:
            record(
                Actie.GEWEIGERD,
                object_type=queryset.model._meta.label_lower,
                object_id=str(bestaand),
                omschrijving="Buiten scope",
            )
        raise Http404 from None
