"""Accounts and memberships in the beheer screens, scoped by `toegang.beheer.BeheerAdmin`.

Functioneel beheer manages the accounts of its own gemeente: name, e-mail, role, domains, active, and one
membership there. Only the applicatiebeheerder sees superuser rights, groups, raw permissions, aanbieder
accounts and memberships in several gemeenten. Nobody types a password for someone else: an account gets a
one-time link to set its own (`wachtwoordlink_versturen`).
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from toegang.beheer import BeheerAdmin, BeheerTabularInline
from toegang.forms import kies_label

from .models import Gebruiker, Lidmaatschap, Rol
from .scoping import account_scope, is_applicatiebeheerder
from .services import account_inrichten, activeringslink_versturen

# What functioneel beheer may give an account of its own gemeente; the rest is the applicatiebeheerder's.
ROLLEN_BEHEER = [Rol.CONSULENT, Rol.BACKOFFICE, Rol.REGIE, Rol.BEHEER]


class LidmaatschapFormSet(forms.BaseInlineFormSet):
    beheerder = None

    def clean(self):
        super().clean()
        if self.beheerder is None or is_applicatiebeheerder(self.beheerder):
            return
        gemeenten = {
            f.cleaned_data["gemeente"].pk
            for f in self.forms
            if f.cleaned_data.get("gemeente") and not f.cleaned_data.get("DELETE")
        }
        eerder = {f.instance.gemeente_id for f in self.initial_forms}
        if not gemeenten:
            raise ValidationError(_("Een account werkt voor een gemeente: geef het een lidmaatschap."))
        if len(gemeenten) > 1 and gemeenten != eerder:
            raise ValidationError(
                _("Alleen de applicatiebeheerder geeft een account lidmaatschappen in meer gemeenten.")
            )


class LidmaatschapInline(BeheerTabularInline):
    model = Lidmaatschap
    extra = 0
    gemeente_pad = "gemeente_id"
    fields = ["gemeente", "team", "mag_hardheidsclausule_goedkeuren", "bijzondere_toegang"]

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        veld = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "gemeente" and veld is not None:
            eigen = list(veld.queryset.values_list("pk", flat=True)[:2])
            if len(eigen) == 1:  # a beheerder of one gemeente: that is the only answer, chosen already
                veld.empty_label = None  # (not `initial`: an unchanged extra row would not be saved)
        return veld

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("formset", LidmaatschapFormSet)
        formset = super().get_formset(request, obj, **kwargs)
        return type("ScopedLidmaatschapFormSet", (formset,), {"beheerder": request.user})


class GebruikerForm(forms.ModelForm):
    """The account's own fields; which of them a beheerder sees is decided by the fieldsets."""

    class Meta:
        model = Gebruiker
        fields = [  # the fieldsets choose per role which of these a beheerder sees
            "username",
            "first_name",
            "last_name",
            "functie",
            "email",
            "rol",
            "domein_jeugd",
            "domein_wmo",
            "is_active",
            "aanbieder",
            "is_superuser",
            "groups",
            "user_permissions",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in self.fields.values():
            kies_label(veld)
        if "email" in self.fields:
            self.fields["email"].required = True
            self.fields["email"].help_text = _("Hierheen gaat de eenmalige link om een wachtwoord in te stellen.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_superuser") and cleaned.get("rol") != Rol.APPLICATIEBEHEER:
            self.add_error("is_superuser", _("Alleen een applicatiebeheerder heeft alle rechten."))
        return cleaned


@admin.register(Gebruiker)
class GebruikerAdmin(BeheerAdmin, SimpleHistoryAdmin, UserAdmin):
    form = GebruikerForm
    add_form = GebruikerForm
    list_display = ["username", "first_name", "last_name", "rol", "aanbieder", "is_active"]
    list_filter = ["rol", "is_active"]
    inlines = [LidmaatschapInline]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["activeringslink_versturen", "app_opnieuw_laten_koppelen"]

    def beheer_filter(self, user):
        return account_scope(user)

    def get_list_display(self, request):
        # Aanbieder accounts are the applicatiebeheerder's: for functioneel beheer that column is always empty.
        if is_applicatiebeheerder(request.user):
            return self.list_display
        return [kolom for kolom in self.list_display if kolom != "aanbieder"]

    def get_fieldsets(self, request, obj=None):
        toegang = ["rol", "domein_jeugd", "domein_wmo", "is_active"]
        if is_applicatiebeheerder(request.user):
            toegang += ["aanbieder", "is_superuser", "groups", "user_permissions"]
        fieldsets = [
            (None, {"fields": ["username", "first_name", "last_name", "functie", "email"]}),
            (_("Toegang"), {"fields": toegang}),
        ]
        if obj is not None:
            fieldsets.append((_("Datums"), {"fields": ["last_login", "date_joined"]}))
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        kwargs["fields"] = admin.utils.flatten_fieldsets(self.get_fieldsets(request, obj))
        return admin.ModelAdmin.get_form(self, request, obj, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "rol" and not is_applicatiebeheerder(request.user):
            kwargs["choices"] = [(r.value, r.label) for r in ROLLEN_BEHEER]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        # Nobody types someone else's password: the account sets its own through a one-time link.
        raise PermissionDenied

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
        account_inrichten(gebruiker=obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        account_inrichten(gebruiker=form.instance, groepen=True)
        if not change:
            self._stuur_link(request, form.instance)

    def _stuur_link(self, request, gebruiker, *, app_opnieuw: bool = False) -> None:
        basis_url = settings.TOEGANG_BASIS_URL or request.build_absolute_uri("/")
        try:
            activeringslink_versturen(
                door=request.user, gebruiker=gebruiker, basis_url=basis_url, app_opnieuw=app_opnieuw
            )
        except PermissionDenied as fout:
            self.message_user(request, str(fout), messages.WARNING)
        else:
            self.message_user(
                request,
                _("Een activeringslink is naar %(email)s verstuurd.") % {"email": gebruiker.email},
            )

    @admin.action(description=_("Activeringslink versturen (nieuw wachtwoord)"), permissions=["change"])
    def activeringslink_versturen(self, request, queryset):
        for gebruiker in queryset:
            self._stuur_link(request, gebruiker)

    @admin.action(
        description=_("Authenticator-app opnieuw laten koppelen (ontkoppelen en activeringslink versturen)"),
        permissions=["change"],
    )
    def app_opnieuw_laten_koppelen(self, request, queryset):
        for gebruiker in queryset:
            self._stuur_link(request, gebruiker, app_opnieuw=True)


# Third-party admins (groups with raw permissions, authenticator apps, lockouts) go through the same scoped
# base, for the applicatiebeheerder only.
for _model, _admin in (
    (Group, GroupAdmin),
    (TOTPDevice, TOTPDeviceAdmin),
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    _attrs = {"alleen_applicatiebeheer": True, "__module__": __name__}
    admin.site.register(_model, type(f"Beheer{_admin.__name__}", (BeheerAdmin, _admin), _attrs))
