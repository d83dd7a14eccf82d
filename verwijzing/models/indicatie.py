"""The indicatie (het WAT) and the matchingsverzoek that checks it with the aanbieder."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet, dossier_scope

from .melding import Dossier


class Bekostiging(models.TextChoices):
    ZIN = "zin", _("Zorg in natura")
    PGB = "pgb", _("Persoonsgebonden budget (geen toewijzing, OP043)")


class Frequentie(models.TextChoices):  # iJw/iWmo WMO757
    PER_DAG = "1", _("per dag")
    PER_WEEK = "2", _("per week")
    PER_MAAND = "4", _("per maand")
    TOTAAL = "6", _("totaal binnen de geldigheidsduur")


class ActueleIndicaties(models.Manager):
    """Only the indicaties that still count: a withdrawn one stays for the audit trail and the aanbieder's
    portal, but no longer in the plan, the stapeling or the beschikking."""

    def get_queryset(self):
        return super().get_queryset().filter(ingetrokken_op__isnull=True)


class Indicatie(models.Model):
    """The help decided on (het WAT): product, omvang or budget, period, aanbieder, and the rules
    module's findings with the version of the rule data they used."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="indicaties")
    product = models.ForeignKey("producten.Product", on_delete=models.PROTECT, related_name="+")
    volume = models.PositiveIntegerField(_("volume"), null=True, blank=True)
    frequentie = models.CharField(_("frequentie"), max_length=1, choices=Frequentie.choices, blank=True)
    budget = models.DecimalField(_("budget (€)"), max_digits=10, decimal_places=2, null=True, blank=True)
    ingangsdatum = models.DateField(_("ingangsdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    aanbieder = models.ForeignKey(
        "organisaties.Aanbieder", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bekostiging = models.CharField(_("bekostiging"), max_length=3, choices=Bekostiging.choices, default=Bekostiging.ZIN)
    uitkomst = models.CharField(_("uitkomst regels"), max_length=20)
    bevindingen = models.JSONField(_("bevindingen"), default=list)
    regelset_versie = models.PositiveBigIntegerField(_("versie regelset"))
    motivering = models.TextField(_("motivering"), blank=True)
    # Hardheidsclausule (Handboek verwijzers jeugdhulp §2.9 (r. 4165–4166)): cliënt, verwijzer and gemeente agree; a
    # second person with the permission gives the gemeente's agreement.
    hardheidsclausule = models.BooleanField(_("hardheidsclausule"), default=False)
    akkoord_client = models.BooleanField(_("cliënt akkoord"), default=False)
    akkoord_verwijzer = models.BooleanField(_("verwijzer akkoord"), default=False)
    hardheid_goedgekeurd_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hardheid_goedgekeurd_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_door = models.ForeignKey("accounts.Gebruiker", on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    # Niet gecontracteerd aanbod (Handboek verwijzers jeugdhulp §1.1.2.3.1 (r. 2028–2069)): own route and motivering.
    niet_gecontracteerd = models.BooleanField(_("niet gecontracteerd aanbod"), default=False, db_default=False)
    motivering_niet_gecontracteerd = models.TextField(_("motivering niet gecontracteerd aanbod"), blank=True)
    # Withdrawn (or replaced by a changed indicatie) before the plan was signed.
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reden_intrekking = models.TextField(_("reden intrekking"), blank=True)
    vervangen_door = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="vervangt")

    alle = models.Manager()  # withdrawn ones included: the audit trail, the aanbieder's verzoeken
    objects = ActueleIndicaties()

    class Meta:
        verbose_name = _("indicatie")
        base_manager_name = "alle"
        default_manager_name = "objects"
        verbose_name_plural = _("indicaties")
        constraints = [
            # iJw CD077/CD078: omvang and budget never both.
            models.CheckConstraint(
                condition=Q(volume__isnull=True) | Q(budget__isnull=True), name="indicatie_omvang_of_budget_cd077"
            ),
            # iJw CD075/CD076: an einddatum when there is a budget or a frequentie per week.
            models.CheckConstraint(
                condition=Q(einddatum__isnull=False) | (Q(budget__isnull=True) & ~Q(frequentie="2")),
                name="indicatie_einddatum_cd075_cd076",
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("ingangsdatum")),
                name="indicatie_periode_oplopend",
            ),
            models.CheckConstraint(
                condition=Q(volume__isnull=True) | ~Q(frequentie=""), name="indicatie_volume_met_frequentie"
            ),
            models.CheckConstraint(
                condition=Q(niet_gecontracteerd=False) | ~Q(motivering_niet_gecontracteerd=""),
                name="indicatie_nga_gemotiveerd",
            ),
            models.CheckConstraint(
                condition=Q(ingetrokken_op__isnull=True) | ~Q(reden_intrekking=""), name="indicatie_intrekking_reden"
            ),
        ]
        indexes = [
            # The backoffice's list of hardheidsclausules waiting for the gemeente's agreement.
            models.Index(
                fields=["aangemaakt_op", "id"],
                condition=Q(hardheidsclausule=True, hardheid_goedgekeurd_op__isnull=True),
                name="indicatie_hardheid_open",
            ),
        ]

    def __str__(self) -> str:
        return f"Indicatie {self.product_id} in dossier {self.dossier_id}"

    @property
    def matching_nodig(self) -> bool:
        """What the rules module said when the indicatie was stored: is a matchingsgesprek needed?
        Without such a finding the region's default holds: always a gesprek (Handboek verwijzers jeugdhulp §1.1.2.3.2
        (r. 2073–2149))."""
        return next(
            (b.get("extra", {}).get("matchingsgesprek") for b in self.bevindingen if b["regel"].startswith("MATCHING")),
            True,
        )

    @property
    def geldig(self) -> bool:
        """Usable for a beschikking: not blocked, or the hardheidsclausule was approved."""
        return self.uitkomst != "niet_toegestaan" or self.hardheid_goedgekeurd_op is not None


class VerzoekStatus(models.TextChoices):
    VERZONDEN = "verzonden", _("Verzonden")
    PASSEND = "passend", _("Geretourneerd: passend")
    NIET_PASSEND = "niet_passend", _("Geretourneerd: niet passend")
    INGETROKKEN = "ingetrokken", _("Ingetrokken door de toegang")


class Matchingsbesluit(models.TextChoices):
    """The gemeente's decision after a niet passend (Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2103–2113))."""

    LEVERINGSPLICHT = "leveringsplicht", _("De aanbieder moet de hulp toch leveren (acceptatie- en leveringsplicht)")
    ANDERE_AANBIEDER = "andere_aanbieder", _("Niet passend: een andere aanbieder zoeken")


class GesprekVorm(models.TextChoices):
    AAN_TAFEL = "aan_tafel", _("Aan tafel")
    DIGITAAL = "digitaal", _("Digitaal")
    TELEFONISCH = "telefonisch", _("Telefonisch")


class MatchingsverzoekQuerySet(ScopedQuerySet):
    def scope_filter(self, user):
        """The consulent and backoffice of the responsible gemeente; the aanbieder it is addressed to —
        an aanbieder sees only verzoeken for its own organisation."""
        return dossier_scope(user, "dossier__", aanbieder=True)

    def huidig_per_indicatie(self) -> dict:
        """The current verzoek of each indicatie: its latest one that was not withdrawn. An earlier niet passend
        no longer counts once a second aanbieder was asked (Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2097–2113))."""
        huidig = {}
        for verzoek in self.exclude(status=VerzoekStatus.INGETROKKEN).order_by("id"):
            huidig[verzoek.indicatie_id] = verzoek
        return huidig


class Matchingsverzoek(models.Model):
    """The request for a matchingsgesprek with the Format Matchingsgesprek: the green part (toegang)
    as sent, and the blue part the aanbieder returns (Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2117–2149); Handboek
    Maatwerkdiensten Wmo §2 (r. 110–117))."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="matchingsverzoeken")
    indicatie = models.ForeignKey(Indicatie, on_delete=models.PROTECT, related_name="matchingsverzoeken")
    product = models.ForeignKey("producten.Product", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey("organisaties.Aanbieder", on_delete=models.PROTECT, related_name="matchingsverzoeken")
    status = models.CharField(
        _("status"), max_length=20, choices=VerzoekStatus.choices, default=VerzoekStatus.VERZONDEN
    )
    verzonden_op = models.DateField(_("verzonden op"))
    verzonden_door = models.ForeignKey("accounts.Gebruiker", on_delete=models.PROTECT, related_name="+")
    # Green part, as sent: a document, so it keeps what the aanbieder saw even if the dossier changes later.
    groen = models.JSONField(_("groen deel"), default=dict)
    # Blue part (aanbieder).
    gesprek_op = models.DateField(_("gesprek gevoerd op"), null=True, blank=True)
    gesprek_vorm = models.CharField(_("vorm van het gesprek"), max_length=20, choices=GesprekVorm.choices, blank=True)
    deelnemers = models.CharField(_("deelnemers"), max_length=300, blank=True)
    inschatting_traject = models.TextField(_("inschatting van het te volgen traject"), blank=True)
    verwachte_startdatum = models.DateField(_("verwachte startdatum"), null=True, blank=True)
    reden_niet_passend = models.TextField(_("reden niet passend"), blank=True)
    geretourneerd_op = models.DateTimeField(_("geretourneerd op"), null=True, blank=True)
    geretourneerd_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The gemeente's decision after a niet passend, with its reason.
    besluit = models.CharField(_("besluit gemeente"), max_length=20, choices=Matchingsbesluit.choices, blank=True)
    besluit_reden = models.TextField(_("reden besluit gemeente"), blank=True)
    besluit_op = models.DateTimeField(_("besluit genomen op"), null=True, blank=True)
    besluit_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = MatchingsverzoekQuerySet.as_manager()

    class Meta:
        verbose_name = _("matchingsverzoek")
        verbose_name_plural = _("matchingsverzoeken")
        indexes = [models.Index(fields=["aanbieder", "status", "verzonden_op"])]
        constraints = [
            # Never the same product to two aanbieders at once.
            models.UniqueConstraint(
                fields=["dossier", "product"], condition=Q(status="verzonden"), name="een_open_verzoek_per_product"
            ),
            models.CheckConstraint(
                condition=~Q(status="niet_passend") | ~Q(reden_niet_passend=""), name="niet_passend_heeft_reden"
            ),
            models.CheckConstraint(
                condition=Q(besluit="") | (Q(status="niet_passend") & ~Q(besluit_reden="")),
                name="matchingsbesluit_na_niet_passend_met_reden",
            ),
        ]

    def __str__(self) -> str:
        return f"Matchingsverzoek {self.pk} ({self.product_id} → {self.aanbieder_id})"

    @property
    def afgerond(self) -> bool:
        """The match stands: passend, or the gemeente obliged the aanbieder to deliver anyway."""
        return self.status == VerzoekStatus.PASSEND or self.besluit == Matchingsbesluit.LEVERINGSPLICHT
