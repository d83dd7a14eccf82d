import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.scoping import ScopedQuerySet, dossier_scope
from organisaties.models import Domein


class Status(models.TextChoices):
    MELDING = "melding", _("Melding")
    ONDERZOEK = "onderzoek", _("Vraagverheldering / onderzoek")
    INDICATIE = "indicatie", _("Indicatie samenstellen")
    LEEFZORGPLAN = "leefzorgplan", _("Leefzorgplan opstellen")
    ONDERTEKENING = "ondertekening", _("Ter ondertekening bij de inwoner")
    AANVRAAG = "aanvraag", _("Aanvraag ontvangen (ondertekend leefzorgplan)")
    # After the beschikking: toegekend (also a partial toekenning) runs on in its toewijzingen; an
    # afwijzing ends the dossier.
    TOEGEKEND = "toegekend", _("Beschikt: toegekend")
    AFGEWEZEN = "afgewezen", _("Beschikt: afgewezen")
    # Terminal states: not every dossier ends in a toekenning.
    AFGESLOTEN_VOORLIGGEND = "afgesloten_voorliggend", _("Afgesloten: voorliggende voorziening")
    AFGESLOTEN_WLZ = "afgesloten_wlz", _("Afgesloten: Wlz")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")
    BUITEN_BEHANDELING = "buiten_behandeling", _("Buiten behandeling gesteld (Awb 4:5)")


OPEN = [Status.MELDING, Status.ONDERZOEK, Status.INDICATIE, Status.LEEFZORGPLAN, Status.ONDERTEKENING, Status.AANVRAAG]
TERMINAL = [
    Status.AFGEWEZEN,
    Status.AFGESLOTEN_VOORLIGGEND,
    Status.AFGESLOTEN_WLZ,
    Status.INGETROKKEN,
    Status.BUITEN_BEHANDELING,
]


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
        """The gemeente responsible under the woonplaatsbeginsel (Handboek verwijzers jeugdhulp §2.2) owns the dossier;
        a consulent sees the dossiers of their gemeenten in their own domain(s), the backoffice all of
        their gemeenten's. Aanbieders, regie and beheer see none here."""
        return dossier_scope(user)


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
    # Jeugd: onafhankelijke cliëntondersteuning (Handboek verwijzers jeugdhulp §1.1.1.1 (r. 237–283)). Wmo: gratis
    # cliëntondersteuning and the persoonlijk plan (Wmo 2015 art. 2.3.2), and the ontvangstbevestiging.
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
    # The deadline that runs now (Wmo-onderzoek, or the beslistermijn with its opschortingen and
    # verlenging), kept by the services so the werkvoorraad can order on an index (keyset pages).
    uiterlijk = models.DateField(_("uiterlijk"), null=True, blank=True)
    # A herindicatie is a new dossier linked to the toewijzing it follows (Handboek Maatwerkdiensten Wmo §2 (r.
    # 126–128)).
    herindicatie_van = models.ForeignKey(
        "verwijzing.Toewijzing", on_delete=models.PROTECT, null=True, blank=True, related_name="herindicaties"
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
            # The werkvoorraad: open dossiers of a gemeente in deadline order (keyset pages).
            models.Index(
                fields=["gemeente", "uiterlijk", "id"],
                name="dossier_werkvoorraad",
                condition=Q(
                    status__in=["melding", "onderzoek", "indicatie", "leefzorgplan", "ondertekening", "aanvraag"]
                ),
            ),
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
        """The toegang starts the gesprek (Handboek verwijzers jeugdhulp §1.1.1 (r. 187–192))."""

    @transition(field=status, source=Status.ONDERZOEK, target=Status.INDICATIE, conditions=[onderzoek_compleet])
    def rond_onderzoek_af(self):
        """The WAT questions are answered and maatwerk is needed (Handboek verwijzers jeugdhulp §1.1.1, r.
        225–233, §1.1.2 r. 1591–1626)."""

    def indicaties_klaar(self) -> bool:
        return not self.wat_ontbreekt_voor_leefzorgplan()

    def wat_ontbreekt_voor_leefzorgplan(self) -> list[str]:
        """The leefzorgplan is sent only after the matchingsgesprek (Memo Plan van aanpak Jeugd en Wmo, kopje
        Leefzorgplan; Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2149)): every indicatie is usable and, where a
        gesprek is needed, its verzoek came back passend."""
        indicaties = list(self.indicaties.select_related("product"))
        if not indicaties:
            return ["Er is nog geen indicatie vastgelegd."]
        passend = set(self.matchingsverzoeken.filter(status="passend").values_list("indicatie_id", flat=True))
        ontbreekt = []
        for indicatie in indicaties:
            if not indicatie.geldig:
                ontbreekt.append(f"{indicatie.product.code}: de hardheidsclausule is nog niet goedgekeurd.")
            if indicatie.matching_nodig and indicatie.pk not in passend:
                ontbreekt.append(f"{indicatie.product.code}: het matchingsgesprek is nog niet passend teruggemeld.")
        return ontbreekt

    @transition(field=status, source=Status.INDICATIE, target=Status.LEEFZORGPLAN, conditions=[indicaties_klaar])
    def start_leefzorgplan(self):
        """After the matchingsgesprek the toegang completes the plan (Handboek verwijzers jeugdhulp §1.1.2.3.2, r.
        2149, §1.1.3 r. 2203)."""

    @transition(field=status, source=Status.LEEFZORGPLAN, target=Status.ONDERTEKENING)
    def bied_ter_ondertekening(self):
        """The completed plan goes to the jeugdige/gezin for signature (Handboek verwijzers jeugdhulp §1.1.3 (r.
        2240–2242))."""

    @transition(field=status, source=Status.ONDERTEKENING, target=Status.LEEFZORGPLAN)
    def terug_naar_leefzorgplan(self):
        """A changed plan needs a new signature: pending signatures lapse."""

    @transition(field=status, source=Status.ONDERTEKENING, target=Status.AANVRAAG)
    def ontvang_aanvraag(self):
        """The signed plan is the officiële aanvraag; its date starts the beslistermijn (Handboek verwijzers
        jeugdhulp §1.1.3 (r. 2240–2246))."""

    @transition(field=status, source=Status.MELDING, target=Status.TOEGEKEND)
    def wijs_toe_op_verwijzing(self):
        """A verzoek om toewijzing (315) after a wettelijke verwijzing (huisarts, GI, medisch specialist…) or
        a zelfverwijzing: no onderzoek, matchingsgesprek or leefzorgplan (Handboek verwijzers jeugdhulp,
        the wettelijke verwijzers)."""

    @transition(field=status, source=Status.AANVRAAG, target=Status.TOEGEKEND)
    def ken_toe(self):
        """The beschikking grants (all or part of) the aanvraag; toewijzingen follow (Handboek verwijzers jeugdhulp
        §1.1.3 (r. 2246–2262))."""

    @transition(field=status, source=Status.AANVRAAG, target=Status.AFGEWEZEN)
    def wijs_af(self):
        """The beschikking refuses the aanvraag, after horen (Awb 4:7)."""

    @transition(field=status, source=OPEN, target=Status.AFGESLOTEN_VOORLIGGEND)
    def sluit_voorliggend(self):
        """Eigen kracht, netwerk or a voorliggende voorziening answers the hulpvraag (Handboek verwijzers jeugdhulp
        §1.1.1.4 (r. 986–996))."""

    @transition(field=status, source=OPEN, target=Status.AFGESLOTEN_WLZ)
    def sluit_wlz(self):
        """The Wlz answers the hulpvraag (Handboek verwijzers jeugdhulp §1.1.1.5 (r. 1209–1324))."""

    @transition(field=status, source=OPEN, target=Status.INGETROKKEN)
    def trek_in(self):
        """The inwoner withdraws the melding or aanvraag."""

    @transition(field=status, source=OPEN, target=Status.BUITEN_BEHANDELING)
    def stel_buiten_behandeling(self):
        """Awb 4:5: an incomplete aanvraag after a hersteltermijn that passed unused."""


class Onderzoek(models.Model):
    """The structured verslag of the vraagverheldering (Jeugd, Handboek verwijzers jeugdhulp §1.1.1 (r. 187–233)) or the
    Wmo-onderzoek (002, hoofdstuk 1): saved as a concept until the consulent completes it."""

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


class GesprekVorm(models.TextChoices):
    AAN_TAFEL = "aan_tafel", _("Aan tafel")
    DIGITAAL = "digitaal", _("Digitaal")
    TELEFONISCH = "telefonisch", _("Telefonisch")


class MatchingsverzoekQuerySet(ScopedQuerySet):
    def scope_filter(self, user):
        """The consulent and backoffice of the responsible gemeente; the aanbieder it is addressed to —
        an aanbieder sees only verzoeken for its own organisation."""
        return dossier_scope(user, "dossier__", aanbieder=True)


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
    code_hash = models.CharField(max_length=64)  # keyed: ondertekening.code_hash
    pogingen = models.PositiveSmallIntegerField(default=0)
    verloopt_op = models.DateTimeField(_("link verloopt op"))
    # The link works once: its first use exchanges it for a short-lived session (views.ondertekenen).
    link_gebruikt_op = models.DateTimeField(_("link gebruikt op"), null=True, blank=True)
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


class ScanStatus(models.TextChoices):
    ONGESCAND = "ongescand", _("Nog niet gescand")
    SCHOON = "schoon", _("Gescand: schoon")
    BESMET = "besmet", _("Gescand: virus gevonden")


class GetekendExemplaar(models.Model):
    """A signed copy of the leefzorgplan uploaded by the consulent. It counts as a signature only once
    the virus scanner says it is clean; until then it is kept as "ongescand" and never served."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="getekende_exemplaren")
    versie = models.ForeignKey(LeefzorgplanVersie, on_delete=models.PROTECT, related_name="getekende_exemplaren")
    inhoud = models.BinaryField(_("inhoud"))
    grootte = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    scan_status = models.CharField(
        _("virusscan"), max_length=20, choices=ScanStatus.choices, default=ScanStatus.ONGESCAND
    )
    scan_melding = models.CharField(_("melding scanner"), max_length=200, blank=True)
    getekend_door = models.CharField(_("getekend door"), max_length=300)
    getekend_op = models.DateField(_("getekend op"))
    geupload_door = models.ForeignKey("accounts.Gebruiker", on_delete=models.PROTECT, related_name="+")
    geupload_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("getekend exemplaar")
        verbose_name_plural = _("getekende exemplaren")

    def __str__(self) -> str:
        return f"Getekend exemplaar dossier {self.dossier_id} v{self.versie_id}"


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


class Beschikking(models.Model):
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


TOEWIJZINGNUMMER_MAX = 999_999_999  # iJw/iWmo: the toewijzingnummer is an integer of at most 9 digits


class Nummerreeks(models.Model):
    """The sequence of toewijzingnummers per gemeente and domain (unique per gemeente, IV013/TR)."""

    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    domein = models.CharField(max_length=10, choices=Domein.choices)
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nummerreeks toewijzingen")
        verbose_name_plural = _("nummerreeksen toewijzingen")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "domein"], name="nummerreeks_per_gemeente_domein"),
            models.CheckConstraint(condition=Q(laatste__lte=TOEWIJZINGNUMMER_MAX), name="nummerreeks_max_9_cijfers"),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente_id}/{self.domein}: {self.laatste}"


class ToewijzingStatus(models.TextChoices):
    KLAAR = "klaar_voor_verzending", _("Klaar voor verzending")
    # The states below are set by the berichten app through verwijzing's services.
    VERZONDEN = "verzonden", _("Verzonden")
    GESTART = "gestart", _("Zorg gestart")
    GESTOPT = "gestopt", _("Zorg gestopt")


class Wijziging(models.TextChoices):
    NIEUW = "nieuw", _("Nieuwe toewijzing")
    OPREKKEN = "oprekken", _("Einddatum opgerekt (verlenging, OP380)")
    GARANTIEFASE = "garantiefase", _("Opgerekt voor de garantiefase (JR-065)")
    BEEINDIGD = "beeindigd", _("Beëindigd door een nieuwe toewijzing (IV066)")
    OP_VERZOEK = "op_verzoek", _("Gewijzigd op verzoek van de aanbieder (317)")
    INGETROKKEN = "ingetrokken", _("Ingetrokken: einddatum vervroegd")
    VERWIJDERD = "verwijderd", _("Verwijderd: nooit geldig geweest (RedenWijziging 13)")


class ToewijzingQuerySet(ScopedQuerySet):
    def scope_filter(self, user):
        """Gemeente staff as for the dossier (the toewijzing carries its gemeente and domein); an aanbieder
        only its own toewijzingen."""
        return dossier_scope(user, aanbieder=True)


class Toewijzing(models.Model):
    """What the aanbieder may deliver, made by a toekenning: one per granted product (iJw/iWmo 301).
    The toewijzingsdatum/-tijd is the moment of the decision (IV013)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nummer = models.PositiveIntegerField(_("toewijzingnummer"))
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    domein = models.CharField(_("domein"), max_length=10, choices=Domein.choices)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="toewijzingen")
    beschikking = models.ForeignKey(Beschikking, on_delete=models.PROTECT, related_name="toewijzingen")
    indicatie = models.ForeignKey(Indicatie, on_delete=models.PROTECT, related_name="toewijzingen")
    inwoner = models.ForeignKey("inwoners.Inwoner", on_delete=models.PROTECT, related_name="toewijzingen")
    product = models.ForeignKey("producten.Product", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey("organisaties.Aanbieder", on_delete=models.PROTECT, related_name="toewijzingen")
    volume = models.PositiveIntegerField(_("volume"), null=True, blank=True)
    eenheid = models.CharField(_("eenheid"), max_length=30, blank=True)
    frequentie = models.CharField(_("frequentie"), max_length=1, choices=Frequentie.choices, blank=True)
    budget = models.DecimalField(_("budget (€)"), max_digits=10, decimal_places=2, null=True, blank=True)
    ingangsdatum = models.DateField(_("ingangsdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    toewijzingsmoment = models.DateTimeField(_("toewijzingsdatum en -tijd"))
    status = models.CharField(
        _("status"), max_length=30, choices=ToewijzingStatus.choices, default=ToewijzingStatus.KLAAR
    )
    laatste_wijziging = models.CharField(_("laatste wijziging"), max_length=20, choices=Wijziging.choices)
    vervangt = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="vervangen_door")
    # IV097: only when the toewijzing answers a verzoek (315/317) of the aanbieder.
    referentie_aanbieder = models.CharField(_("referentie aanbieder"), max_length=36, blank=True)
    verwijzer = models.CharField(_("verwijzer"), max_length=120, blank=True)
    # What the aanbieder reported (305/307), set through toewijzing.registreer_start / registreer_stop.
    gestart_op = models.DateField(_("zorg gestart op"), null=True, blank=True)
    gestopt_op = models.DateField(_("zorg gestopt op"), null=True, blank=True)
    reden_beeindiging = models.CharField(_("reden beëindiging"), max_length=2, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = ToewijzingQuerySet.as_manager()

    class Meta:
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")
        indexes = [
            models.Index(fields=["inwoner", "aanbieder"]),
            models.Index(fields=["aanbieder", "status", "ingangsdatum"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "domein", "nummer"], name="toewijzingnummer_uniek"),
            models.CheckConstraint(
                condition=Q(nummer__gte=1) & Q(nummer__lte=TOEWIJZINGNUMMER_MAX), name="toewijzingnummer_9_cijfers"
            ),
            models.CheckConstraint(
                condition=Q(volume__isnull=True) | Q(budget__isnull=True), name="toewijzing_omvang_of_budget_cd077"
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=False) | (Q(budget__isnull=True) & ~Q(frequentie="2")),
                name="toewijzing_einddatum_cd075_cd076",
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("ingangsdatum")),
                name="toewijzing_periode_oplopend",
            ),
        ]

    def __str__(self) -> str:
        return f"Toewijzing {self.nummer} ({self.product_id})"
