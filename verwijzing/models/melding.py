"""The melding: the dossier, its state machine and how it came in."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.scoping import ScopedQuerySet, dossier_scope
from organisaties.models import Domein
from toegang.weergave import SnelleWeergave


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


def matching_ontbreekt(verzoek) -> str:
    """What the indicatie's current matchingsverzoek still lacks before the leefzorgplan, '' when nothing:
    none sent, sent and waiting, niet passend without a next step, or passend / the gemeente's leveringsplicht
    (Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2073–2149))."""
    if verzoek is None:
        return gettext("nog geen matchingsverzoek verstuurd; stuur het verzoek voor het matchingsgesprek.")
    if verzoek.afgerond:
        return ""
    if verzoek.status == "verzonden":
        return gettext("het matchingsverzoek is verstuurd naar %(aanbieder)s; wacht op het antwoord.") % {
            "aanbieder": verzoek.aanbieder.naam
        }
    if verzoek.besluit == "andere_aanbieder":
        return gettext(
            "de aanbieder meldde niet passend en de gemeente besloot een andere aanbieder te zoeken; vraag een "
            "andere aanbieder, wijzig de indicatie of trek haar in."
        )
    return gettext(
        "de aanbieder meldde niet passend; vraag een andere aanbieder, leg het besluit van de gemeente vast of trek "
        "de indicatie in."
    )


class Dossier(SnelleWeergave, FSMModelMixin, models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inwoner = models.ForeignKey("inwoners.Inwoner", on_delete=models.PROTECT, related_name="dossiers")
    gemeente = models.ForeignKey(
        "organisaties.Gemeente",
        on_delete=models.PROTECT,
        related_name="dossiers",
        help_text=_("De gemeente die verantwoordelijk is volgens het woonplaatsbeginsel."),
    )
    # What the woonplaatsbeginsel suggested at the melding, and why the consulent chose another gemeente
    # (Handboek verwijzers jeugdhulp §2.2 (r. 3546–3634)); empty voorstel: the data gave no suggestion.
    woonplaats_voorstel = models.ForeignKey(
        "organisaties.Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voorstel woonplaatsbeginsel"),
    )
    # db_default: rows written outside the ORM (the bench's COPY) get the empty text too.
    woonplaats_uitleg = models.CharField(
        _("uitleg woonplaatsbeginsel"), max_length=500, blank=True, default="", db_default=""
    )
    woonplaats_afwijking = models.TextField(
        _("reden afwijking woonplaatsbeginsel"), blank=True, default="", db_default=""
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
            # The backoffice's werkvoorraad: aanvragen of a gemeente and domein in deadline order (keyset pages).
            models.Index(
                fields=["gemeente", "domein", "uiterlijk", "id"],
                name="dossier_werkvoorraad_aanvraag",
                condition=Q(status="aanvraag"),
            ),
            # "Mijn werkvoorraad": a behandelaar's open dossiers in deadline order (keyset pages).
            models.Index(
                fields=["consulent", "uiterlijk", "id"],
                name="dossier_werkvoorraad_mijn",
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

    # --- The state machine, declared once; the services explain a refused step. ---------------------

    def onderzoek_compleet(self) -> bool:
        onderzoek = getattr(self, "onderzoek", None)
        return bool(onderzoek and onderzoek.is_compleet)

    @transition(field=status, source=Status.MELDING, target=Status.ONDERZOEK)
    def onderzoek_starten(self):
        """The toegang starts the gesprek (Handboek verwijzers jeugdhulp §1.1.1 (r. 187–192))."""

    @transition(field=status, source=Status.ONDERZOEK, target=Status.INDICATIE, conditions=[onderzoek_compleet])
    def onderzoek_afronden(self):
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
            return [gettext("Er is nog geen indicatie vastgelegd.")]
        huidig = self.matchingsverzoeken.select_related("aanbieder").huidig_per_indicatie()
        ontbreekt = []
        for indicatie in indicaties:
            if not indicatie.geldig:
                ontbreekt.append(
                    gettext("%(code)s: de hardheidsclausule is nog niet goedgekeurd.")
                    % {"code": indicatie.product.code}
                )
            if indicatie.matching_nodig:
                wacht = matching_ontbreekt(huidig.get(indicatie.pk))
                if wacht:
                    ontbreekt.append(f"{indicatie.product.code}: {wacht}")
        return ontbreekt

    @transition(field=status, source=Status.INDICATIE, target=Status.LEEFZORGPLAN, conditions=[indicaties_klaar])
    def leefzorgplan_starten(self):
        """After the matchingsgesprek the toegang completes the plan (Handboek verwijzers jeugdhulp §1.1.2.3.2, r.
        2149, §1.1.3 r. 2203)."""

    @transition(field=status, source=[Status.LEEFZORGPLAN, Status.ONDERTEKENING], target=Status.INDICATIE)
    def indicatie_heropenen(self):
        """An indicatie withdrawn, changed or sent to another aanbieder before the plan is signed: the plan
        waits for its matching again (Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2083–2095))."""

    @transition(field=status, source=Status.LEEFZORGPLAN, target=Status.ONDERTEKENING)
    def ter_ondertekening_aanbieden(self):
        """The completed plan goes to the jeugdige/gezin for signature (Handboek verwijzers jeugdhulp §1.1.3 (r.
        2240–2242))."""

    @transition(field=status, source=Status.ONDERTEKENING, target=Status.LEEFZORGPLAN)
    def leefzorgplan_heropenen(self):
        """A changed plan needs a new signature: pending signatures lapse."""

    @transition(field=status, source=Status.ONDERTEKENING, target=Status.AANVRAAG)
    def aanvraag_ontvangen(self):
        """The signed plan is the officiële aanvraag; its date starts the beslistermijn (Handboek verwijzers
        jeugdhulp §1.1.3 (r. 2240–2246))."""

    @transition(field=status, source=Status.MELDING, target=Status.TOEGEKEND)
    def verwijzing_toewijzen(self):
        """A verzoek om toewijzing (315) after a wettelijke verwijzing (huisarts, GI, medisch specialist…) or
        a zelfverwijzing: no onderzoek, matchingsgesprek or leefzorgplan (Handboek verwijzers jeugdhulp,
        the wettelijke verwijzers)."""

    @transition(field=status, source=Status.AANVRAAG, target=Status.TOEGEKEND)
    def toekennen(self):
        """The beschikking grants (all or part of) the aanvraag; toewijzingen follow (Handboek verwijzers jeugdhulp
        §1.1.3 (r. 2246–2262))."""

    @transition(field=status, source=Status.AANVRAAG, target=Status.AFGEWEZEN)
    def afwijzen(self):
        """The beschikking refuses the aanvraag, after horen (Awb 4:7)."""

    @transition(field=status, source=OPEN, target=Status.AFGESLOTEN_VOORLIGGEND)
    def voorliggend_afsluiten(self):
        """Eigen kracht, netwerk or a voorliggende voorziening answers the hulpvraag (Handboek verwijzers jeugdhulp
        §1.1.1.4 (r. 986–996))."""

    @transition(field=status, source=OPEN, target=Status.AFGESLOTEN_WLZ)
    def wlz_afsluiten(self):
        """The Wlz answers the hulpvraag (Handboek verwijzers jeugdhulp §1.1.1.5 (r. 1209–1324))."""

    @transition(field=status, source=OPEN, target=Status.INGETROKKEN)
    def intrekken(self):
        """The inwoner withdraws the melding or aanvraag."""

    @transition(field=status, source=OPEN, target=Status.BUITEN_BEHANDELING)
    def buiten_behandeling_stellen(self):
        """Awb 4:5: an incomplete aanvraag after a hersteltermijn that passed unused."""
