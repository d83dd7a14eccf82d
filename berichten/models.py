from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Rol
from accounts.scoping import ScopedQuerySet, gemeente_ids, verzoek_scope


class Richting(models.TextChoices):
    UIT = "uit", _("Uitgaand")
    IN = "in", _("Inkomend")


class BerichtStatus(models.TextChoices):
    WACHT = "wacht", _("Wacht op de retour van het vorige bericht")
    KLAAR = "klaar", _("Klaar voor verzending")
    VERZENDEN = "verzenden", _("Wordt verzonden")
    VERZONDEN = "verzonden", _("Verzonden")
    RETOUR = "retour_ontvangen", _("Retour ontvangen")
    AFGEKEURD = "afgekeurd", _("Afgekeurd")
    VERWERKT = "verwerkt", _("Verwerkt")
    QUARANTAINE = "quarantaine", _("In quarantaine")
    ONTVANGEN = "ontvangen", _("Ontvangen, te behandelen")
    GEANNULEERD = "geannuleerd", _("Geannuleerd")


class BerichtQuerySet(ScopedQuerySet):
    def scope_filter(self, user):
        """The backoffice of the responsible gemeente; the XML is shown only to authorised roles.

        A message in quarantine belongs to the gemeente it is addressed to: the CBS code in its Header
        (Ontvanger; Afzender on a retour, 302/320, which answers the gemeente's own message), read
        leniently with the same hardened parser when the schema fails (`inkomend._geadresseerd`).
        "Addressed to" when the header is unreadable (not XML up to the header, no header in the first
        64 KB, no four-digit code, or a code of no gemeente we serve): to no gemeente. Such a row has
        gemeente None and only the regional applicatiebeheer sees it; it is never given to the gemeente
        of whoever delivered it (a Venlo upload that names no gemeente is not thereby Venlo's)."""
        ids = gemeente_ids(user)
        if user.rol == Rol.BACKOFFICE and ids:
            return Q(gemeente_id__in=ids)
        if user.rol == Rol.APPLICATIEBEHEER:
            return Q(status=BerichtStatus.QUARANTAINE, gemeente__isnull=True)
        return None


class Bericht(models.Model):
    """One iJw/iWmo message in or out, with its XML exactly as sent or received. Outgoing messages are
    written in the transaction of the toewijzing (outbox) and sent after commit."""

    richting = models.CharField(_("richting"), max_length=3, choices=Richting.choices)
    soort = models.CharField(_("soort"), max_length=6)  # JW301, WMO305…
    domein = models.CharField(_("domein"), max_length=10)
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, null=True, related_name="+")
    aanbieder = models.ForeignKey("organisaties.Aanbieder", on_delete=models.PROTECT, null=True, related_name="+")
    inwoner = models.ForeignKey("inwoners.Inwoner", on_delete=models.PROTECT, null=True, related_name="+")
    afzender = models.CharField(_("afzender"), max_length=8)  # CBS code or AGB code
    identificatie = models.CharField(_("berichtidentificatie"), max_length=12)
    dagtekening = models.DateField(_("dagtekening"), null=True)
    xml = models.BinaryField(_("XML"))
    status = models.CharField(_("status"), max_length=20, choices=BerichtStatus.choices)
    fouten = models.JSONField(_("bevindingen"), default=list)
    # IV099: per toewijzing (pk) the RedenWijziging of what changed since the last message.
    redenen = models.JSONField(_("redenen wijziging"), default=dict, blank=True)
    wacht_op = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    retour_van = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="retouren")
    toewijzingen = models.ManyToManyField("verwijzing.Toewijzing", blank=True, related_name="berichten")
    # Of a message in quarantine: how it arrived (map, https, upload, api) and its size in bytes as
    # delivered (None: over 25 MB, size unknown). One refused for its size (OP179) keeps these, its
    # header's metadata and its reason, never its body.
    kanaal = models.CharField(_("kanaal"), max_length=10, blank=True, default="")
    grootte = models.PositiveBigIntegerField(_("grootte (bytes)"), null=True, blank=True)
    pogingen = models.PositiveSmallIntegerField(default=0)
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = BerichtQuerySet.as_manager()

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        indexes = [
            models.Index(fields=["status", "aangemaakt_op"]),
            models.Index(fields=["inwoner", "aanbieder", "soort"]),
        ]
        constraints = [
            # TR056: the identificatie is unique per berichtsoort per sender (also for what we receive).
            # A duplicate that arrives is kept as afgekeurd (9056), a file that fails the schema in quarantine.
            models.UniqueConstraint(
                fields=["richting", "soort", "afzender", "identificatie"],
                condition=~Q(status__in=["afgekeurd", "quarantaine"]),
                name="bericht_identificatie_uniek",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.soort} {self.identificatie} ({self.get_status_display()})"


class Identificatiereeks(models.Model):
    """The running number behind our BerichtIdentificatie per berichtsoort and sender."""

    soort = models.CharField(max_length=6)
    afzender = models.CharField(max_length=8)
    laatste = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["soort", "afzender"], name="identificatiereeks_uniek")]

    def __str__(self) -> str:
        return f"{self.soort}/{self.afzender}: {self.laatste}"


class VerzoekStatus(models.TextChoices):
    OPEN = "open", _("Te behandelen")
    IN_ONDERZOEK = "in_onderzoek", _("In onderzoek (319 met 2 verstuurd)")
    TOEGEWEZEN = "toegewezen", _("Toegewezen (301)")
    AFGEWEZEN = "afgewezen", _("Afgewezen (319)")


# A verzoek still to answer: open, or "in onderzoek" (its final 301 or 319 follows, OP274).
TE_BEANTWOORDEN = (VerzoekStatus.OPEN, VerzoekStatus.IN_ONDERZOEK)


class Verzoektaak(models.Model):
    """What a verzoek from the aanbieder leaves the gemeente to answer: its ReferentieAanbieder, the data as
    received, where it stands and the 319 that answered it (a 301 is recorded on the subclass)."""

    referentie = models.CharField(_("referentie aanbieder"), max_length=36)
    gegevens = models.JSONField(_("gegevens"))
    status = models.CharField(_("status"), max_length=20, choices=VerzoekStatus.choices, default=VerzoekStatus.OPEN)
    antwoord = models.ForeignKey(Bericht, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.referentie} ({self.get_status_display()})"

    @property
    def te_beantwoorden(self) -> bool:
        return self.status in TE_BEANTWOORDEN


class AangevraagdProductQuerySet(ScopedQuerySet):
    def scope_filter(self, user):
        """Only who handles 315s in that gemeente and domain sees the task: the backoffice by default, the
        consulenten of the domain where the gemeente gives them 315s (Gemeente.verzoek_*_door). The
        backoffice still sees every message itself in the cockpit (Bericht.visible_to)."""
        return verzoek_scope(user, "bericht__")


class AangevraagdProduct(Verzoektaak):
    """One product of a verzoek om toewijzing (315): a task for whoever handles 315s in the gemeente
    (backoffice, or consulenten where configured), answered per product by a 301 or a 319 within
    5 werkdagen (OP274). `gegevens` is the AangevraagdProduct class as received, `client` the Client class
    without its products (who the verzoek is for; the 315 may carry no address)."""

    bericht = models.ForeignKey(Bericht, on_delete=models.PROTECT, related_name="aangevraagde_producten")
    client = models.JSONField(_("cliënt"), default=dict)
    toewijzing = models.ForeignKey(
        "verwijzing.Toewijzing", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AangevraagdProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("aangevraagd product")
        verbose_name_plural = _("aangevraagde producten")


class Wijzigingsverzoek(Verzoektaak):
    """A verzoek om wijziging (317): the aanbieder's complete desired situation (`gegevens`: the Verzoek
    class as received), answered as a whole by a 301 (a gewijzigde beschikking) or a 319 within
    5 werkdagen (OP344/OP346)."""

    bericht = models.OneToOneField(Bericht, on_delete=models.PROTECT, related_name="wijzigingsverzoek")
    beschikking = models.ForeignKey(
        "verwijzing.Beschikking", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("verzoek om wijziging")
        verbose_name_plural = _("verzoeken om wijziging")
