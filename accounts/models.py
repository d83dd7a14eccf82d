from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from toegang.weergave import SnelleWeergave


class Rol(models.TextChoices):
    CONSULENT = "consulent", _("Consulent")
    BACKOFFICE = "backoffice", _("Backoffice")
    AANBIEDER = "aanbieder", _("Medewerker aanbieder")
    REGIE = "regie", _("Regie en beleid")
    BEHEER = "beheer", _("Functioneel beheer")
    # Regional: the few accounts that grant superuser rights, raw permissions and memberships in several
    # gemeenten, and see what belongs to no gemeente (a quarantined file without a readable Ontvanger).
    # Always with two-factor authentication, also where the setting leaves it off (the demo).
    APPLICATIEBEHEER = "applicatiebeheer", _("Applicatiebeheer (regionaal)")


class Gebruiker(SnelleWeergave, AbstractUser):
    """A person who logs in. The role decides the screens; memberships decide the gemeenten."""

    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices)
    # Consulenten work for Jeugd, Wmo or both.
    domein_jeugd = models.BooleanField(_("consulent Jeugd"), default=False)
    domein_wmo = models.BooleanField(_("consulent Wmo"), default=False)
    # An aanbieder medewerker is bound to exactly one aanbieder and sees only its clients.
    aanbieder = models.ForeignKey(
        "organisaties.Aanbieder", on_delete=models.PROTECT, null=True, blank=True, related_name="medewerkers"
    )

    # The official function title, under the name on a letter signed on behalf of the college.
    functie = models.CharField(
        _("functie"), max_length=100, blank=True, help_text=_("Zoals onder een brief: bijvoorbeeld consulent Wmo.")
    )

    # When beheer last sent an activation link: part of the link's token, so a newer link voids older ones
    # (accounts.tokens.activeringstoken).
    activeringslink_op = models.DateTimeField(_("activeringslink verstuurd op"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(rol="aanbieder", aanbieder__isnull=False) | (~Q(rol="aanbieder") & Q(aanbieder__isnull=True))
                ),
                name="gebruiker_aanbieder_alleen_bij_rol_aanbieder",
                violation_error_message=_("Een medewerker van een aanbieder hoort bij precies één aanbieder."),
            ),
            models.CheckConstraint(
                condition=Q(is_superuser=False) | Q(rol="applicatiebeheer"),
                name="alle_rechten_alleen_applicatiebeheer",
                violation_error_message=_("Alleen een applicatiebeheerder heeft alle rechten."),
            ),
            models.CheckConstraint(
                condition=~Q(rol="consulent") | Q(domein_jeugd=True) | Q(domein_wmo=True),
                name="consulent_heeft_domein",
                violation_error_message=_("Een consulent werkt voor Jeugd, Wmo of beide."),
            ),
        ]

    @property
    def domeinen(self) -> list[str]:
        return [d for d, aan in (("jeugd", self.domein_jeugd), ("wmo", self.domein_wmo)) if aan]

    @property
    def functietitel(self) -> str:
        """The function under a signature: the recorded one, else one that says the work (never a role code
        such as "backoffice")."""
        if self.functie:
            return self.functie
        if self.rol == Rol.CONSULENT:
            return {("jeugd",): _("consulent Jeugd"), ("wmo",): _("consulent Wmo")}.get(
                tuple(self.domeinen), _("consulent Jeugd en Wmo")
            )
        return _("medewerker Toegang")


class Lidmaatschap(models.Model):
    """A user works for a gemeente, and holds the gemeente-bound permissions there."""

    gebruiker = models.ForeignKey(Gebruiker, on_delete=models.CASCADE, related_name="lidmaatschappen")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="lidmaatschappen")
    team = models.ForeignKey("organisaties.Team", on_delete=models.SET_NULL, null=True, blank=True)
    # Handboek verwijzers jeugdhulp §2.9 (r. 4165–4166): a hardheidsclausule needs the agreement of
    # cliënt, verwijzer and gemeente; this permission marks who may give the gemeente's agreement.
    mag_hardheidsclausule_goedkeuren = models.BooleanField(_("mag hardheidsclausule goedkeuren"), default=False)
    # Handboek verwijzers jeugdhulp §2.8 (r. 3819–3820) (JR-003): segment 1 is "alleen toegankelijk via bijzondere
    # toegang"; functioneel beheer marks who works for it, per gemeente. db_default: rows written outside the ORM.
    bijzondere_toegang = models.BooleanField(
        _("bijzondere toegang (segment 1)"),
        default=False,
        db_default=False,
        help_text=_("Mag segment 1 (behandeling met verblijf, opnamevervangende behandeling) indiceren."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "gemeente"], name="lidmaatschap_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.gebruiker} @ {self.gemeente}"

    def clean(self) -> None:
        super().clean()
        if self.team_id and self.gemeente_id and self.team.gemeente_id != self.gemeente_id:
            raise ValidationError({"team": _("Dit team hoort bij een andere gemeente dan het lidmaatschap.")})


class Inzending(models.Model):
    """A form token that was used (toegang.idempotent): a form that creates something carries a fresh token
    per render, so a double click, back + resubmit or two concurrent posts of the same form create one
    result (the unique token decides, inside the transaction that creates it). `inhoud` is a hash of what was
    posted, so Back (which reloads the form with a new token) + the same content is recognised too."""

    token = models.UUIDField(unique=True)
    gebruiker = models.ForeignKey(Gebruiker, on_delete=models.CASCADE, related_name="+")
    inhoud = models.CharField(max_length=64, blank=True, default="")
    doel_url = models.CharField(max_length=200, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("formulierinzending")
        verbose_name_plural = _("formulierinzendingen")
        indexes = [models.Index(fields=["gebruiker", "aangemaakt_op"], name="inzending_laatste_idx")]

    def __str__(self) -> str:
        return str(self.token)
