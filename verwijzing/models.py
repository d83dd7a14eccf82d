import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.models import Rol
from accounts.scoping import ScopedQuerySet, gemeente_ids
from organisaties.models import Domein


class Status(models.TextChoices):
    MELDING = "melding", _("Melding")
    ONDERZOEK = "onderzoek", _("Vraagverheldering / onderzoek")
    INDICATIE = "indicatie", _("Indicatie samenstellen")
    LEEFZORGPLAN = "leefzorgplan", _("Leefzorgplan opstellen")
    ONDERTEKENING = "ondertekening", _("Ter ondertekening bij de inwoner")
    AANVRAAG = "aanvraag", _("Aanvraag ontvangen (ondertekend leefzorgplan)")
    # Terminal states: not every dossier ends in a toekenning.
    AFGESLOTEN_VOORLIGGEND = "afgesloten_voorliggend", _("Afgesloten: voorliggende voorziening")
    AFGESLOTEN_WLZ = "afgesloten_wlz", _("Afgesloten: Wlz")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")
    BUITEN_BEHANDELING = "buiten_behandeling", _("Buiten behandeling gesteld (Awb 4:5)")


OPEN = [Status.MELDING, Status.ONDERZOEK, Status.INDICATIE, Status.LEEFZORGPLAN, Status.ONDERTEKENING, Status.AANVRAAG]
TERMINAL = [Status.AFGESLOTEN_VOORLIGGEND, Status.AFGESLOTEN_WLZ, Status.INGETROKKEN, Status.BUITEN_BEHANDELING]


class Kanaal(models.TextChoices):
    TELEFOON = "telefoon", _("Telefoon")
    LOKET = "loket", _("Loket / gesprek")
    EMAIL = "email", _("E-mail")
    BRIEF = "brief", _("Brief")
    DIGITAAL = "digitaal", _("Digitaal formulier")


class Melder(models.TextChoices):
    INWONER = "inwoner", _("De inwoner zelf")
    OUDER = "ouder", _("Ouder of gezaghebbende")
    NETWERK = "netwerk", _("Iemand uit het netwerk")
    HUISARTS = "huisarts", _("Huisarts, jeugdarts of medisch specialist")
    SCHOOL = "school", _("School")
    ANDERS = "anders", _("Anders")


class DossierQuerySet(ScopedQuerySet):
    def scope_filter(self, user):
        """The gemeente responsible under the woonplaatsbeginsel (004 §2.2) owns the dossier; a
        consulent sees the dossiers of their gemeenten in their own domain(s), the backoffice all of
        their gemeenten's. Aanbieders, regie and beheer see none here."""
        ids = gemeente_ids(user)
        if not ids:
            return None
        if user.rol == Rol.CONSULENT:
            return Q(gemeente_id__in=ids, domein__in=user.domeinen)
        if user.rol == Rol.BACKOFFICE:
            return Q(gemeente_id__in=ids)
        return None


class Dossier(FSMModelMixin, models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inwoner = models.ForeignKey("inwoners.Inwoner", on_delete=models.PROTECT, related_name="dossiers")
    gemeente = models.ForeignKey(
        "organisaties.Gemeente",
        on_delete=models.PROTECT,
        related_name="dossiers",
        help_text=_("De gemeente die verantwoordelijk is volgens het woonplaatsbeginsel."),
    )
    domein = models.CharField(_("domein"), max_length=10, choices=Domein.choices)
    status = FSMField(_("status"), max_length=30, choices=Status.choices, default=Status.MELDING, protected=True)
    consulent = models.ForeignKey("accounts.Gebruiker", on_delete=models.PROTECT, related_name="dossiers")
    meldingsdatum = models.DateField(_("datum melding"))
    kanaal = models.CharField(_("kanaal"), max_length=20, choices=Kanaal.choices)
    melder = models.CharField(_("melder"), max_length=20, choices=Melder.choices)
    melder_naam = models.CharField(_("naam melder"), max_length=200, blank=True)
    hulpvraag = models.TextField(_("hulpvraag"))
    gezag_en_vertegenwoordiging = models.TextField(_("gezag en vertegenwoordiging"), blank=True)
    # Jeugd: onafhankelijke cliëntondersteuning (004 L237-283). Wmo: gratis cliëntondersteuning and
    # the persoonlijk plan (Wmo 2015 art. 2.3.2), and the ontvangstbevestiging.
    clientondersteuning_aangeboden = models.BooleanField(_("cliëntondersteuning aangeboden"), default=False)
    persoonlijk_plan_aangeboden = models.BooleanField(_("persoonlijk plan aangeboden"), default=False)
    ontvangstbevestiging_op = models.DateField(_("ontvangstbevestiging verstuurd op"), null=True, blank=True)
    reden_afsluiting = models.TextField(_("reden afsluiting"), blank=True)
    aanvraag_op = models.DateField(
        _("aanvraag ontvangen op"),
        null=True,
        blank=True,
        help_text=_("De datum van de laatste handtekening: start van de beslistermijn."),
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["gemeente", "status", "meldingsdatum", "id"]),
            models.Index(fields=["consulent", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(domein="wmo")
                | (Q(persoonlijk_plan_aangeboden=False) & Q(ontvangstbevestiging_op__isnull=True)),
                name="dossier_wmo_velden_alleen_bij_wmo",
            ),
        ]

    def __str__(self) -> str:
        return f"Dossier {self.pk} ({self.get_domein_display()}, {self.gemeente})"

    # --- The state machine, declared once. Guards return a Dutch reason via `weigering`. -------------

    def onderzoek_compleet(self) -> bool:
        onderzoek = getattr(self, "onderzoek", None)
        return bool(onderzoek and onderzoek.is_compleet)

    @transition(field=status, source=Status.MELDING, target=Status.ONDERZOEK)
    def start_onderzoek(self):
        """T1: the toegang starts the gesprek (004 L187-192)."""

    @transition(field=status, source=Status.ONDERZOEK, target=Status.INDICATIE, conditions=[onderzoek_compleet])
    def rond_onderzoek_af(self):
        """T3/T9: the WAT questions are answered and maatwerk is needed (004 L225-233, L1591-1626)."""

    def indicaties_klaar(self) -> bool:
        return not self.wat_ontbreekt_voor_leefzorgplan()

    def wat_ontbreekt_voor_leefzorgplan(self) -> list[str]:
        """The leefzorgplan is sent only after the matchingsgesprek (route-and-plans §4; 004 L2149):
        every indicatie is usable and, where a gesprek is needed, its verzoek came back passend."""
        indicaties = list(self.indicaties.select_related("product"))
        if not indicaties:
            return ["Er is nog geen indicatie vastgelegd."]
        passend = set(self.matchingsverzoeken.filter(status="passend").values_list("indicatie_id", flat=True))
        ontbreekt = []
        for indicatie in indicaties:
            if not indicatie.geldig:
                ontbreekt.append(f"{indicatie.product.code}: de hardheidsclausule is nog niet goedgekeurd.")
            nodig = next(
                (
                    b.get("extra", {}).get("matchingsgesprek")
                    for b in indicatie.bevindingen
                    if b["regel"].startswith("MATCHING")
                ),
                True,
            )
            if nodig and indicatie.pk not in passend:
                ontbreekt.append(f"{indicatie.product.code}: het matchingsgesprek is nog niet passend teruggemeld.")
        return ontbreekt

    @transition(field=status, source=Status.INDICATIE, target=Status.LEEFZORGPLAN, conditions=[indicaties_klaar])
    def start_leefzorgplan(self):
        """T16: after the matchingsgesprek the toegang completes the plan (004 L2149, L2203)."""

    @transition(field=status, source=Status.LEEFZORGPLAN, target=Status.ONDERTEKENING)
    def bied_ter_ondertekening(self):
        """T16: the completed plan goes to the jeugdige/gezin for signature (004 L2240-2242)."""

    @transition(field=status, source=Status.ONDERTEKENING, target=Status.LEEFZORGPLAN)
    def terug_naar_leefzorgplan(self):
        """A changed plan needs a new signature: pending signatures lapse."""

    @transition(field=status, source=Status.ONDERTEKENING, target=Status.AANVRAAG)
    def ontvang_aanvraag(self):
        """T17: the signed plan is the officiële aanvraag; its date starts the beslistermijn (004 L2240-2246)."""

    @transition(field=status, source=OPEN, target=Status.AFGESLOTEN_VOORLIGGEND)
    def sluit_voorliggend(self):
        """T4: eigen kracht, netwerk or a voorliggende voorziening answers the hulpvraag (004 L986-996)."""

    @transition(field=status, source=OPEN, target=Status.AFGESLOTEN_WLZ)
    def sluit_wlz(self):
        """T5: the Wlz answers the hulpvraag (004 L1209-1324)."""

    @transition(field=status, source=OPEN, target=Status.INGETROKKEN)
    def trek_in(self):
        """The inwoner withdraws the melding or aanvraag."""

    @transition(field=status, source=OPEN, target=Status.BUITEN_BEHANDELING)
    def stel_buiten_behandeling(self):
        """Awb 4:5: an incomplete aanvraag after a hersteltermijn that passed unused."""


class Onderzoek(models.Model):
    """The structured verslag of the vraagverheldering (Jeugd, 004 L187-233) or the Wmo-onderzoek
    (002, hoofdstuk 1): saved as a concept until the consulent completes it."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="onderzoek")
    hulpvraag = models.TextField(_("hulpvraag"), blank=True)
    beperkingen = models.TextField(_("beperkingen en problemen"), blank=True)
    eigen_kracht = models.TextField(_("eigen kracht"), blank=True)
    sociaal_netwerk = models.TextField(_("sociaal netwerk"), blank=True)
    voorliggend = models.TextField(_("voorliggende en algemene voorzieningen"), blank=True)
    wlz = models.TextField(_("afweging Wlz"), blank=True)
    bekostiging = models.CharField(
        _("zorg in natura of PGB"),
        max_length=10,
        blank=True,
        choices=[("zin", _("Zorg in natura")), ("pgb", _("Persoonsgebonden budget"))],
    )
    advies_externen = models.TextField(_("advies van externen"), blank=True)
    conclusie = models.TextField(_("conclusie"), blank=True)
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    VERPLICHT = (
        "hulpvraag",
        "beperkingen",
        "eigen_kracht",
        "sociaal_netwerk",
        "voorliggend",
        "wlz",
        "bekostiging",
        "conclusie",
    )

    class Meta:
        verbose_name = _("onderzoek")
        verbose_name_plural = _("onderzoeken")

    def __str__(self) -> str:
        return f"Onderzoek dossier {self.dossier_id}"

    @property
    def ontbrekend(self) -> list[str]:
        return [str(self._meta.get_field(v).verbose_name) for v in self.VERPLICHT if not getattr(self, v).strip()]

    @property
    def is_compleet(self) -> bool:
        return not self.ontbrekend


class Bekostiging(models.TextChoices):
    ZIN = "zin", _("Zorg in natura")
    PGB = "pgb", _("Persoonsgebonden budget (geen toewijzing, OP043)")


class Frequentie(models.TextChoices):  # iJw/iWmo WMO757
    PER_DAG = "1", _("per dag")
    PER_WEEK = "2", _("per week")
    PER_MAAND = "4", _("per maand")
    TOTAAL = "6", _("totaal binnen de geldigheidsduur")


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
    # Hardheidsclausule (004 L4165-4166): cliënt, verwijzer and gemeente agree; a second person with the
    # permission gives the gemeente's agreement.
    hardheidsclausule = models.BooleanField(_("hardheidsclausule"), default=False)
    akkoord_client = models.BooleanField(_("cliënt akkoord"), default=False)
    akkoord_verwijzer = models.BooleanField(_("verwijzer akkoord"), default=False)
    hardheid_goedgekeurd_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hardheid_goedgekeurd_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_door = models.ForeignKey("accounts.Gebruiker", on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("indicatie")
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
        ]

    def __str__(self) -> str:
        return f"Indicatie {self.product_id} in dossier {self.dossier_id}"

    @property
    def geldig(self) -> bool:
        """Usable for a beschikking: not blocked, or the hardheidsclausule was approved."""
        return self.uitkomst != "niet_toegestaan" or self.hardheid_goedgekeurd_op is not None


class VerzoekStatus(models.TextChoices):
    VERZONDEN = "verzonden", _("Verzonden")
    PASSEND = "passend", _("Geretourneerd: passend")
    NIET_PASSEND = "niet_passend", _("Geretourneerd: niet passend")


class GesprekVorm(models.TextChoices):
    AAN_TAFEL = "aan_tafel", _("Aan tafel")
    DIGITAAL = "digitaal", _("Digitaal")
    TELEFONISCH = "telefonisch", _("Telefonisch")


class MatchingsverzoekQuerySet(ScopedQuerySet):
    def scope_filter(self, user):
        """The consulent and backoffice of the responsible gemeente; the aanbieder it is addressed to —
        an aanbieder sees only verzoeken for its own organisation."""
        if user.rol == Rol.AANBIEDER:
            return Q(aanbieder_id=user.aanbieder_id) if user.aanbieder_id else None
        ids = gemeente_ids(user)
        if not ids:
            return None
        if user.rol == Rol.CONSULENT:
            return Q(dossier__gemeente_id__in=ids, dossier__domein__in=user.domeinen)
        if user.rol == Rol.BACKOFFICE:
            return Q(dossier__gemeente_id__in=ids)
        return None


class Matchingsverzoek(models.Model):
    """The request for a matchingsgesprek with the Format Matchingsgesprek: the green part (toegang)
    as sent, and the blue part the aanbieder returns (004 L2117-2149; 002 L110-117)."""

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
        ]

    def __str__(self) -> str:
        return f"Matchingsverzoek {self.pk} ({self.product_id} → {self.aanbieder_id})"


class Leefgebied(models.TextChoices):
    GEZONDHEID = "gezondheid", _("Lichamelijke en psychische gezondheid")
    OPVOEDING = "opvoeding", _("Opvoeding en gezin")
    ONDERWIJS_WERK = "onderwijs_werk", _("School, werk en dagbesteding")
    HUISHOUDEN = "huishouden", _("Huishouden en wonen")
    SOCIAAL = "sociaal", _("Sociaal netwerk en meedoen")
    ZELFZORG = "zelfzorg", _("Zelfzorg en zelfstandigheid")
    FINANCIEN = "financien", _("Financiën")


class LeefzorgplanVersie(models.Model):
    """One version of the inwoner's leefzorgplan. Versions are never changed: a change is a new version,
    and a signature refers to the hash of the version it signed. Never shown to an aanbieder."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="leefzorgplanversies")
    versie = models.PositiveIntegerField(_("versie"))
    secties = models.JSONField(_("secties"), default=dict)
    doelen = models.JSONField(_("SMART-doelen"), default=list)
    inhoud_hash = models.CharField(_("hash"), max_length=64)
    aangemaakt_door = models.ForeignKey("accounts.Gebruiker", on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("versie leefzorgplan")
        verbose_name_plural = _("versies leefzorgplan")
        ordering = ["dossier", "-versie"]
        constraints = [models.UniqueConstraint(fields=["dossier", "versie"], name="leefzorgplan_versie_uniek")]

    def __str__(self) -> str:
        return f"Leefzorgplan dossier {self.dossier_id} v{self.versie}"


class Ondertekenaar(models.TextChoices):
    JEUGDIGE = "jeugdige", _("Jeugdige")
    GEZAGHEBBENDE = "gezaghebbende", _("Gezaghebbende")
    INWONER = "inwoner", _("Inwoner")
    VERTEGENWOORDIGER = "vertegenwoordiger", _("Wettelijk vertegenwoordiger")


class Methode(models.TextChoices):
    LINK_CODE = "link_code", _("Digitaal: eenmalige link met een apart verstuurde code")
    UPLOAD = "upload", _("Ondertekend exemplaar geüpload door de consulent")


class Ondertekening(models.Model):
    """One signature (or pending request for one) on one version of the leefzorgplan."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="ondertekeningen")
    versie = models.ForeignKey(LeefzorgplanVersie, on_delete=models.PROTECT, related_name="ondertekeningen")
    versie_hash = models.CharField(_("hash van de ondertekende versie"), max_length=64)
    rol = models.CharField(_("ondertekent als"), max_length=20, choices=Ondertekenaar.choices)
    naam = models.CharField(_("naam"), max_length=200)
    relatie = models.ForeignKey("inwoners.Relatie", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    methode = models.CharField(_("methode"), max_length=20, choices=Methode.choices)
    # "laag": a link plus a code sent separately; DigiD (substantieel) is the production method to come.
    betrouwbaarheid = models.CharField(_("betrouwbaarheidsniveau"), max_length=20, default="laag")
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64)
    pogingen = models.PositiveSmallIntegerField(default=0)
    verloopt_op = models.DateTimeField(_("link verloopt op"))
    getekend_op = models.DateTimeField(_("getekend op"), null=True, blank=True)
    vervallen = models.BooleanField(_("vervallen"), default=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ondertekening")
        verbose_name_plural = _("ondertekeningen")

    def __str__(self) -> str:
        return f"Ondertekening {self.rol} dossier {self.dossier_id} v{self.versie_id}"


class Inzending(models.Model):
    """A form token that was used: a form carries a fresh token per render, so a double click or two
    concurrent posts of the same form create one row (the unique token decides, inside the transaction
    that creates the row)."""

    token = models.UUIDField(unique=True)
    gebruiker = models.ForeignKey("accounts.Gebruiker", on_delete=models.CASCADE, related_name="+")
    doel_url = models.CharField(max_length=200, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("formulierinzending")
        verbose_name_plural = _("formulierinzendingen")

    def __str__(self) -> str:
        return str(self.token)
