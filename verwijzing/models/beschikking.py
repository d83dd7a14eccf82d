"""The beschikking on the aanvraag and the notices on its beslistermijn."""

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet, dossier_scope
from toegang.weergave import SnelleWeergave

from .indicatie import Indicatie
from .melding import Dossier


class BeschikkingSoort(models.TextChoices):
    TOEKENNING = "toekenning", _("Toekenning")
    GEDEELTELIJK = "gedeeltelijk", _("Gedeeltelijke toekenning")
    AFWIJZING = "afwijzing", _("Afwijzing")


class BeschikkingStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")
    BEKENDGEMAAKT = "bekendgemaakt", _("Bekendgemaakt (verzonden)")


class RenderStatus(models.TextChoices):
    WACHTRIJ = "wachtrij", _("In de wachtrij")
    BEZIG = "bezig", _("Wordt gemaakt")
    KLAAR = "klaar", _("Klaar")
    FOUT = "fout", _("Mislukt")


class Verzendkanaal(models.TextChoices):
    POST = "post", _("Per post")
    DIGITAAL = "digitaal", _("Digitaal (berichtenbox)")
    UITREIKING = "uitreiking", _("Uitgereikt")


class BeschikkingQuerySet(ScopedQuerySet):
    def scope_filter(self, user):
        """The same people who see the dossier; never an aanbieder (the beschikking goes to the inwoner)."""
        return dossier_scope(user, "dossier__")


class Beschikking(SnelleWeergave, models.Model):
    """The college's decision on the aanvraag (docs/bronnen.md, beschikking). A concept can be edited; once
    vastgesteld its content is fixed and the PDF is made from it, byte for byte reproducible."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="beschikkingen")
    soort = models.CharField(_("soort"), max_length=20, choices=BeschikkingSoort.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=BeschikkingStatus.choices, default=BeschikkingStatus.CONCEPT
    )
    toegekend = models.ManyToManyField(Indicatie, blank=True, related_name="beschikkingen", verbose_name=_("toegekend"))
    # A gewijzigde beschikking (after a granted verzoek om wijziging, 317) names the decision it changes.
    wijzigt = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("wijzigt")
    )
    motivering = models.TextField(_("motivering"))
    # The budget of each granted indicatie when it was decided, with the tarief and indicatiewijze used
    # (regie.budget), so the regie figures read what was decided, not today's tariffs.
    budgetten = models.JSONField(
        _("budget per indicatie"), default=list, blank=True, db_default=models.Value([], models.JSONField())
    )
    # Horen (Awb 4:7) before an afwijzing: the zienswijze, or why it was not needed.
    horen_op = models.DateField(_("zienswijze gevraagd op"), null=True, blank=True)
    zienswijze = models.TextField(_("zienswijze van de aanvrager"), blank=True)
    horen_niet_nodig = models.TextField(_("reden dat horen niet nodig is"), blank=True)
    sjabloon = models.CharField(_("sjabloon"), max_length=40)
    opgesteld_door = models.ForeignKey("accounts.Gebruiker", on_delete=models.PROTECT, related_name="+")
    vastgesteld_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vastgesteld_op = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    # The PDF (kept in the database so it is only ever served through the scope) and its hash.
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 van de PDF"), max_length=64, blank=True)
    render_status = models.CharField(_("PDF"), max_length=20, choices=RenderStatus.choices, blank=True)
    render_voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    render_fout = models.CharField(_("fout bij maken"), max_length=300, blank=True)
    # Bekendmaking (Awb 3:41, 6:8): the bezwaartermijn starts the day after verzending.
    geadresseerden = models.CharField(_("geadresseerde(n)"), max_length=300, blank=True)
    verzendkanaal = models.CharField(_("kanaal"), max_length=20, choices=Verzendkanaal.choices, blank=True)
    verzonden_op = models.DateField(_("verzonden op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    objects = BeschikkingQuerySet.as_manager()

    class Meta:
        verbose_name = _("beschikking")
        verbose_name_plural = _("beschikkingen")
        constraints = [
            # BK-03: no bekendmaking without a verzenddatum.
            models.CheckConstraint(
                condition=~Q(status="bekendgemaakt") | Q(verzonden_op__isnull=False), name="bekendgemaakt_heeft_datum"
            ),
            models.CheckConstraint(
                condition=Q(status="concept") | Q(vastgesteld_op__isnull=False), name="vastgesteld_heeft_moment"
            ),
            # One decision on the aanvraag per dossier; a gewijzigde beschikking (317) `wijzigt` it.
            models.UniqueConstraint(
                fields=["dossier"],
                condition=~Q(status="concept") & Q(wijzigt__isnull=True),
                name="een_vastgestelde_beschikking_per_dossier",
            ),
        ]
        indexes = [
            # The backoffice's list of decided beschikkingen still to send (bekendmaking).
            models.Index(
                fields=["vastgesteld_op", "id"], condition=Q(status="vastgesteld"), name="beschikking_te_verzenden"
            ),
        ]

    def __str__(self) -> str:
        return f"Beschikking {self.pk} ({self.soort}, dossier {self.dossier_id})"

    @property
    def budget_regels(self) -> list[tuple[str, Decimal | None]]:
        """(productcode, budget) as stored at the decision; None: geen tarief bekend."""
        return [(r["productcode"], Decimal(r["bedrag"]) if r.get("bedrag") else None) for r in self.budgetten]


class MededelingSoort(models.TextChoices):
    OPSCHORTING = "opschorting", _("Opschorting (Awb 4:15)")
    VERLENGING = "verlenging", _("Verlenging (Awb 4:14)")


class OpschortingGrond(models.TextChoices):
    AANVULLING = "4:15-1a", _("Aanvulling gevraagd (Awb 4:15 lid 1 a)")
    VERDER_ONDERZOEK = "4:15-1b", _("Gegevens bij derden opgevraagd (Awb 4:15 lid 1 b)")
    INSTEMMING = "4:15-2a", _("Met schriftelijke instemming van de aanvrager (Awb 4:15 lid 2 a)")
    AANVRAGER = "4:15-2b", _("Vertraging toe te rekenen aan de aanvrager (Awb 4:15 lid 2 b)")
    OVERMACHT = "4:15-2c", _("Overmacht (Awb 4:15 lid 2 c)")


class Termijnmededeling(models.Model):
    """A notice about the beslistermijn: an opschorting interval with its ground (Awb 4:15), or a
    verlenging with the new date, sent before the term ended (Awb 4:14; docs/keuzes.md, termijnen)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="termijnmededelingen")
    soort = models.CharField(_("soort"), max_length=20, choices=MededelingSoort.choices)
    grond = models.CharField(_("grond"), max_length=10, choices=OpschortingGrond.choices, blank=True)
    vanaf = models.DateField(_("vanaf"))
    tot = models.DateField(_("tot en met"), null=True, blank=True)
    medegedeeld_op = models.DateField(_("medegedeeld op"))
    reden = models.TextField(_("reden"))
    door = models.ForeignKey("accounts.Gebruiker", on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mededeling beslistermijn")
        verbose_name_plural = _("mededelingen beslistermijn")
        ordering = ["dossier", "vanaf", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tot__isnull=True) | Q(tot__gte=models.F("vanaf")), name="mededeling_periode_oplopend"
            ),
            models.CheckConstraint(
                condition=~Q(soort="verlenging") | Q(tot__isnull=False), name="verlenging_heeft_nieuwe_datum"
            ),
            models.CheckConstraint(condition=~Q(soort="opschorting") | ~Q(grond=""), name="opschorting_heeft_grond"),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} dossier {self.dossier_id}"
