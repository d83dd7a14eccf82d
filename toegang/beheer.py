"""The one base class of every beheer screen (the Django admin under /beheer/).

Lists, objects, foreign-key choices and saves are limited by the same scoping mechanism as everything else
(`accounts.scoping.beheer_scope` / `account_scope`): functioneel beheer manages its own gemeenten, the
regional applicatiebeheerder everything. Every add, change and delete goes into the append-only audit trail
with the row before and after. `tests/accounts/test_beheer_scope.py` walks every registered ModelAdmin.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import beheer_scope, is_applicatiebeheerder
from audit.models import Actie
from audit.services import record

from .forms import kies_label

# Never copied into the audit trail: secrets and what changes on every login.
NIET_IN_AUDIT = {"password", "last_login", "key", "bin_key"}


def _waarde(waarde):
    """JSON as it is; anything else (dates, decimals, uuids) as its text."""
    return waarde if waarde is None or isinstance(waarde, (list, dict, str, int, float, bool)) else str(waarde)


def snapshot(obj: models.Model | None) -> dict:
    """The row's own fields and many-to-many values as JSON, for the audit trail's before and after."""
    if obj is None or obj.pk is None:
        return {}
    gegevens = {}
    for field in obj._meta.concrete_fields:
        if field.name not in NIET_IN_AUDIT:
            gegevens[field.name] = _waarde(field.value_from_object(obj))
    for field in obj._meta.many_to_many:
        if field.name not in NIET_IN_AUDIT:
            gegevens[field.name] = sorted(str(o) for o in getattr(obj, field.name).all())
    return gegevens


def _gemeente_cbs(obj) -> str:
    gemeente = obj if obj._meta.label == "organisaties.Gemeente" else getattr(obj, "gemeente", None)
    return getattr(gemeente, "cbs_code", "") or ""


def audit_beheer(obj, voor: dict, *, actie: Actie | None = None) -> None:
    """One audit event for a beheer change: who (the request's user, from the audit context), what, before
    and after. Nothing is recorded when nothing changed. A deleted row has lost its pk: `voor` keeps it."""
    na = {} if actie == Actie.VERWIJDEREN else snapshot(obj)
    if actie is None:
        actie = Actie.WIJZIGEN if voor else Actie.AANMAKEN
    if voor == na:
        return
    gewijzigd = sorted(k for k in set(voor) | set(na) if voor.get(k) != na.get(k))
    record(
        actie,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk if obj.pk is not None else voor.get(obj._meta.pk.name, "")),
        omschrijving=f"Beheer: {obj._meta.verbose_name} ({', '.join(gewijzigd)})",
        gemeente_cbs=_gemeente_cbs(obj),
        gegevens={"voor": voor, "na": na},
    )


class _Scoped:
    """What admins and inlines share: the scope of their rows and of every foreign-key choice."""

    # From the row to its gemeente's id; None for regional data (every beheerder, see beheer_scope).
    gemeente_pad: str | None = None
    # Only the applicatiebeheerder reaches this model at all.
    alleen_applicatiebeheer = False

    def beheer_filter(self, user) -> Q | None:
        if self.alleen_applicatiebeheer:
            return Q() if is_applicatiebeheerder(user) else None
        return beheer_scope(user, self.gemeente_pad)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        conditie = self.beheer_filter(request.user)
        if conditie is None:
            return qs.none()
        return qs.filter(conditie)  # subqueries, no joins: no row is duplicated

    def is_in_scope(self, request, obj) -> bool:
        return obj is None or obj.pk is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.is_in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.is_in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.is_in_scope(request, obj)

    def has_add_permission(self, request, *args):
        if self.alleen_applicatiebeheer and not is_applicatiebeheerder(request.user):
            return False
        return super().has_add_permission(request, *args)

    def _keuzes(self, request, related_model) -> models.QuerySet | None:
        """The rows of `related_model` this user may choose: those its own beheer screen would list."""
        gerelateerd = self.admin_site._registry.get(related_model)
        if isinstance(gerelateerd, _Scoped):
            return gerelateerd.get_queryset(request)
        return None

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        veld = super().formfield_for_dbfield(db_field, request, **kwargs)
        if veld is not None:
            kies_label(veld)
        return veld

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        keuzes = self._keuzes(request, db_field.remote_field.model)
        if keuzes is not None and "queryset" not in kwargs:
            kwargs["queryset"] = keuzes
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        keuzes = self._keuzes(request, db_field.remote_field.model)
        if keuzes is not None and "queryset" not in kwargs:
            kwargs["queryset"] = keuzes
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class BeheerInline(_Scoped, admin.options.InlineModelAdmin):
    """Base of every inline: its rows and choices are scoped like a ModelAdmin's."""

    def is_in_scope(self, request, obj) -> bool:
        # Django asks an inline's permissions with the parent object: its own admin decides.
        ouder = self.admin_site._registry.get(self.parent_model)
        return ouder.is_in_scope(request, obj) if isinstance(ouder, _Scoped) else super().is_in_scope(request, obj)

    def has_add_permission(self, request, obj=None):
        return _Scoped.has_add_permission(self, request, obj)


class BeheerTabularInline(BeheerInline, admin.TabularInline):
    pass


class BeheerAdmin(_Scoped, admin.ModelAdmin):
    """Base of every ModelAdmin: scoped rows, scoped choices, audited saves."""

    def get_action_choices(self, request, default_choices=None):
        return super().get_action_choices(request, default_choices=[("", _("Kies een actie"))])

    def save_model(self, request, obj, form, change):
        request._toegang_voor = snapshot(type(obj)._default_manager.filter(pk=obj.pk).first()) if change else {}
        super().save_model(request, obj, form, change)

    # The audit event is written where Django logs the change: after the related rows are saved, and also for
    # a revert from the history (django-simple-history saves there without save_related).
    def log_addition(self, request, obj, message):
        audit_beheer(obj, {})
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit_beheer(obj, getattr(request, "_toegang_voor", {}))
        return super().log_change(request, obj, message)

    def save_formset(self, request, form, formset, change):
        voor = {}
        for inline_form in formset.initial_forms:
            if inline_form.instance.pk is not None:
                opgeslagen = type(inline_form.instance)._default_manager.filter(pk=inline_form.instance.pk).first()
                voor[inline_form.instance.pk] = snapshot(opgeslagen)
        super().save_formset(request, form, formset, change)
        for obj in formset.deleted_objects:
            audit_beheer(obj, voor.get(obj.pk, {}), actie=Actie.VERWIJDEREN)
        for obj, _velden in formset.changed_objects:
            audit_beheer(obj, voor.get(obj.pk, {}))
        for obj in formset.new_objects:
            audit_beheer(obj, {})

    def delete_model(self, request, obj):
        voor = snapshot(type(obj)._default_manager.filter(pk=obj.pk).first())
        super().delete_model(request, obj)
        audit_beheer(obj, voor, actie=Actie.VERWIJDEREN)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
