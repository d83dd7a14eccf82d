import re
import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Rol
from accounts.scoping import ScopedQuerySet, dossier_scope, gemeente_ids
from istandaard import geboortedatum as datumgebruik
from toegang.weergave import SnelleWeergave

from .codes import AanduidingWoonadres, AdresSoort, DatumGebruik, Geslacht, Herkomst, NaamGebruik, SoortRelatie
from .validators import valideer_bsn, valideer_niet_in_toekomst, valideer_niet_te_oud

MEERDERJARIG = 18  # Jeugdwet art. 1.1: jeugdige = under 18 (verlengde jeugdhulp is a dossier matter)
telefoon = RegexValidator(r"^\+?[0-9 \-]{6,20}$", _("Geef een telefoonnummer met alleen cijfers."))


def leeftijd_op(geboortedatum: date, peildatum: date) -> int:
    """Age in whole years on the peildatum (a birthday counts from its day)."""
    jaren = peildatum.year - geboortedatum.year
    if (peildatum.month, peildatum.day) < (geboortedatum.month, geboortedatum.day):
        jaren -= 1
    return jaren


def leeftijden_op(geboortedatum: date, gebruik: str, peildatum: date) -> tuple[int, int] | None:
    """(youngest, oldest) on the peildatum for a birth date of which only a part may be known (OP252)."""
    mogelijk = datumgebruik.periode(geboortedatum, gebruik)
    if mogelijk is None:
        return None
    return leeftijd_op(mogelijk[1], peildatum), leeftijd_op(mogelijk[0], peildatum)


class InwonerQuerySet(ScopedQuerySet):
    def scope_filter(self, user):
        """Least privilege (AVG art. 5 lid 1 sub c): whom a user sees follows from his work, not from
        where a person lives, and never across the domain.

        - Consulent: the persons of the dossiers he sees (his gemeenten, his own domain(s): the
          dossier's scope), their relaties (a Jeugd consulent needs the parents of a child whose
          dossier he has), and the persons he himself registered or opened through the reasoned
          out-of-scope step (a Toegangsgrond: per user, not per gemeente or team, because "he" did
          it; a colleague takes the same reasoned step). A Toegangsgrond counts only while he still
          works for its gemeente.
        - Backoffice: it works for every domain of its gemeenten (it decides Jeugd beschikkingen and
          handles berichten), so the persons of all its gemeenten's dossiers and their relaties. It
          starts no melding, so it takes no reasoned step and registers nobody: a 315's client comes
          with the dossier its honouring makes.
        - Aanbieder: no inwoner here; what it needs reaches it in the toewijzing (301) and the Format
          Matchingsgesprek, scoped on their own.
        - Regie, beheer, applicatiebeheer: never client data.

        Where someone lives (BRP) gives no access at all: a Venlo consulent registering someone who
        lives in Venray shows that person to nobody in Venray. Subqueries, not joins, so no row is
        duplicated and no DISTINCT is needed."""
        if user.rol not in {Rol.CONSULENT, Rol.BACKOFFICE}:
            return None
        ids = gemeente_ids(user)
        if not ids:
            return None
        # Correlated EXISTS, not IN (subquery): under OR, PostgreSQL cannot turn IN into a semi-join and would
        # hash every person of the gemeente's dossiers for each lookup; EXISTS probes the indexes per row.
        # The dossier's own scope (dossier_scope), reached through the inwoner's dossiers:
        eigen = Exists(Inwoner.objects.filter(dossier_scope(user, "dossiers__"), pk=OuterRef("pk")))
        relatie = Exists(Relatie.objects.filter(dossier_scope(user, "inwoner__dossiers__"), persoon_id=OuterRef("pk")))
        zichtbaar = Q(eigen) | Q(relatie)
        if user.rol == Rol.CONSULENT:
            grond = Toegangsgrond.objects.filter(inwoner_id=OuterRef("pk"), gebruiker=user, gemeente_id__in=ids)
            return zichtbaar | Q(Exists(grond))
        return zichtbaar


def volledige_naam(voornamen, voorvoegsel, geslachtsnaam, partner_voorvoegsel, partnernaam, naamgebruik) -> str:
    """The name as the inwoner uses it (naamgebruik), from the name fields alone: a list that reads them
    with values() builds no Inwoner per row (verwijzing.selectors.werkvoorraad)."""
    eigen = " ".join(p for p in (voorvoegsel, geslachtsnaam) if p)
    partner = " ".join(p for p in (partner_voorvoegsel, partnernaam) if p)
    achternaam = {
        NaamGebruik.PARTNER: partner,
        NaamGebruik.PARTNER_EIGEN: f"{partner}-{eigen}",
        NaamGebruik.EIGEN_PARTNER: f"{eigen}-{partner}",
    }.get(naamgebruik, eigen)
    return f"{voornamen} {achternaam}".strip()


class Inwoner(SnelleWeergave, models.Model):
    # The public id is what URLs carry: a BSN never appears in a URL or an access log.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bsn = models.CharField(_("BSN"), max_length=9, unique=True, validators=[valideer_bsn])
    voornamen = models.CharField(_("voornamen"), max_length=200, blank=True)
    voorvoegsel = models.CharField(_("voorvoegsel"), max_length=10, blank=True)
    geslachtsnaam = models.CharField(_("geslachtsnaam"), max_length=200)
    partner_voorvoegsel = models.CharField(_("voorvoegsel partnernaam"), max_length=10, blank=True)
    partnernaam = models.CharField(_("partnernaam"), max_length=200, blank=True)
    naamgebruik = models.CharField(
        _("naamgebruik"), max_length=1, choices=NaamGebruik.choices, default=NaamGebruik.EIGEN
    )
    # A (partly) unknown birth date is kept as the standard carries it (OP252, IV009): the known part with 01 / 1900
    # for the rest, and which part is known. The 120-year check is in clean(): 01-01-1900 is "onbekend" (TR002).
    geboortedatum = models.DateField(_("geboortedatum"), validators=[valideer_niet_in_toekomst])
    geboortedatum_gebruik = models.CharField(
        _("wat bekend is van de geboortedatum"),
        max_length=1,
        choices=DatumGebruik.choices,
        blank=True,
        default=DatumGebruik.BEKEND,
        db_default=DatumGebruik.BEKEND,
    )
    geslacht = models.CharField(_("geslacht"), max_length=1, choices=Geslacht.choices, default=Geslacht.ONBEKEND)
    telefoon = models.CharField(_("telefoon"), max_length=20, blank=True, validators=[telefoon])
    email = models.EmailField(_("e-mail"), max_length=80, blank=True)
    # Field name → Herkomst. A field missing here was entered before herkomst was kept.
    herkomst = models.JSONField(_("herkomst per gegeven"), default=dict, blank=True)
    # The last relatienummer handed out: numbers are stable and never reused, even after a relatie
    # is removed (iJw OP071), which a max() over the remaining rows could not guarantee.
    laatste_relatienummer = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    # iJw/iWmo OP003: a professional judged that sending this client's data puts the client's safety at serious
    # risk: no message is built for this client (the aanbieder gets a letter, the backoffice enters start and
    # stop by hand). Set and ended by a consulent with a reason (audited: inwoners.services).
    geen_berichtenverkeer_sinds = models.DateTimeField(_("geen berichtenverkeer sinds"), null=True, blank=True)
    geen_berichtenverkeer_reden = models.TextField(_("reden geen berichtenverkeer"), blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = InwonerQuerySet.as_manager()

    class Meta:
        verbose_name = _("inwoner")
        verbose_name_plural = _("inwoners")
        ordering = ["geslachtsnaam", "voornamen"]
        # Plus the prefix indexes on UPPER(geslachtsnaam) and UPPER(partnernaam) for the dossier search,
        # made by migration 0006 on PostgreSQL only.
        indexes = [
            models.Index(fields=["geslachtsnaam", "geboortedatum"]),
            models.Index(fields=["geboortedatum"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(bsn__regex=r"^[0-9]{9}$"), name="inwoner_bsn_9_cijfers"),
            # iJw/iWmo CS050: with a partnernaam, naamgebruik 1-4; without, only 1 (6 is not for a client, CS318).
            models.CheckConstraint(
                condition=(~Q(partnernaam="") & Q(naamgebruik__in=["1", "2", "3", "4"]))
                | (Q(partnernaam="") & Q(naamgebruik="1")),
                name="inwoner_naamgebruik_cs050",
                violation_error_message=_("Naamgebruik met partnernaam kan alleen als er een partnernaam is."),
            ),
            # iJw/iWmo CS139 with IV009: the unknown parts of the birth date are 01 (dag, maand) or 1900 (jaar).
            models.CheckConstraint(
                condition=Q(geboortedatum_gebruik="")
                | Q(geboortedatum_gebruik="1", geboortedatum__day=1)
                | Q(geboortedatum_gebruik="2", geboortedatum__day=1, geboortedatum__month=1)
                | Q(geboortedatum_gebruik="3", geboortedatum=date(1900, 1, 1)),
                name="inwoner_geboortedatum_cs139",
                violation_error_message=_("De geboortedatum past niet bij wat ervan bekend is."),
            ),
        ]

    def __str__(self) -> str:
        return self.volledige_naam

    def clean(self):
        super().clean()
        if self.geboortedatum and self.geboortedatum_gebruik != DatumGebruik.ONBEKEND:
            try:
                valideer_niet_te_oud(self.geboortedatum)
            except ValidationError as fout:
                raise ValidationError({"geboortedatum": fout.messages}) from fout

    @property
    def geboortedatum_onbekend(self) -> bool:
        return self.geboortedatum_gebruik == DatumGebruik.ONBEKEND

    @property
    def geboortedatum_weergave(self) -> str:
        """dd-mm-jjjj, or what is known of it ("maart 2010 (dag onbekend)", "onbekend"); never 01-01-1900."""
        return datumgebruik.weergave(self.geboortedatum, self.geboortedatum_gebruik)

    @property
    def geboren(self) -> str:
        """For a letter: "geboren op 5 maart 2010", "geboren in 2010" or "geboortedatum onbekend"."""
        return datumgebruik.geboren(self.geboortedatum, self.geboortedatum_gebruik)

    @property
    def geen_berichtenverkeer(self) -> bool:
        """OP003: no iJw/iWmo message is built for this client."""
        return self.geen_berichtenverkeer_sinds is not None

    @property
    def voorletters(self) -> str:
        """Derived from the voornamen (iJw LDT_Voorletters: letters only, at most 6)."""
        return "".join(deel[0].upper() for deel in self.voornamen.split() if deel)[:6]

    @property
    def volledige_naam(self) -> str:
        return volledige_naam(
            self.voornamen,
            self.voorvoegsel,
            self.geslachtsnaam,
            self.partner_voorvoegsel,
            self.partnernaam,
            self.naamgebruik,
        )

    def leeftijd_op(self, peildatum: date) -> int:
        return leeftijd_op(self.geboortedatum, peildatum)

    def leeftijden_op(self, peildatum: date) -> tuple[int, int] | None:
        """The youngest and oldest age the known part of the birth date allows; None when it is unknown."""
        return leeftijden_op(self.geboortedatum, self.geboortedatum_gebruik, peildatum)

    def is_jeugdige_op(self, peildatum: date) -> bool | None:
        """None when the birth date does not tell (unknown, or the known part straddles the 18th birthday)."""
        leeftijden = self.leeftijden_op(peildatum)
        if leeftijden is None or (leeftijden[0] < MEERDERJARIG) != (leeftijden[1] < MEERDERJARIG):
            return None
        return leeftijden[0] < MEERDERJARIG

    @property
    def is_jeugdige_vandaag(self) -> bool | None:
        return self.is_jeugdige_op(timezone.localdate())

    @property
    def bsn_gemaskeerd(self) -> str:
        return f"*****{self.bsn[-4:]}"


def postcode_weergave(postcode: str) -> str:
    """ "5911CM" or "5911 cm" → "5911 CM"; anything else (a foreign postcode) as it was given."""
    m = re.fullmatch(r"\s*(\d{4})\s*([A-Za-z]{2})\s*", postcode or "")
    return f"{m.group(1)} {m.group(2).upper()}" if m else (postcode or "")


class Adres(SnelleWeergave, models.Model):
    inwoner = models.ForeignKey(Inwoner, on_delete=models.CASCADE, related_name="adressen")
    soort = models.CharField(_("soort adres"), max_length=2, choices=AdresSoort.choices)
    straatnaam = models.CharField(_("straat"), max_length=80)
    huisnummer = models.PositiveIntegerField(_("huisnummer"))
    huisletter = models.CharField(_("huisletter"), max_length=1, blank=True)
    toevoeging = models.CharField(_("toevoeging"), max_length=4, blank=True)
    aanduiding = models.CharField(_("aanduiding"), max_length=2, choices=AanduidingWoonadres.choices, blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    plaats = models.CharField(_("plaats"), max_length=80)
    landcode = models.CharField(_("land"), max_length=2, default="NL")
    # The gemeente of inschrijving (BRP); empty for an address outside the seven gemeenten.
    gemeente = models.ForeignKey(
        "organisaties.Gemeente", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    begindatum = models.DateField(_("begindatum"), null=True, blank=True)
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    herkomst = models.CharField(_("herkomst"), max_length=10, choices=Herkomst.choices, default=Herkomst.CONSULENT)

    class Meta:
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")
        constraints = [
            models.UniqueConstraint(fields=["inwoner", "soort"], name="adres_een_per_soort"),
            models.CheckConstraint(condition=Q(huisnummer__lte=99999), name="adres_huisnummer_max"),
            # iJw CD034: a postcode is mandatory for a BRP- or verblijfadres.
            models.CheckConstraint(
                condition=~Q(soort__in=["01", "03"], postcode=""), name="adres_postcode_verplicht_cd034"
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True)
                | Q(begindatum__isnull=True)
                | Q(einddatum__gte=models.F("begindatum")),
                name="adres_periode_oplopend",
            ),
        ]
        indexes = [models.Index(fields=["soort", "gemeente"])]

    def __str__(self) -> str:
        huis = f"{self.huisnummer}{self.huisletter}{('-' + self.toevoeging) if self.toevoeging else ''}"
        return f"{self.straatnaam} {huis}, {self.postcode_weergave} {self.plaats}".strip()

    @property
    def postcode_weergave(self) -> str:
        """A Dutch postcode as people write it ("5911 CM"); stored without the space, as the 301 needs it."""
        return postcode_weergave(self.postcode)


class ActueleRelaties(models.Manager):
    """The default manager: a relatie that was ended is history, so the signing rules, the 301 and the
    scope (which all read `inwoner.relaties`) see only the current ones."""

    def get_queryset(self):
        return super().get_queryset().filter(beeindigd_op__isnull=True)


class Relatie(SnelleWeergave, models.Model):
    """A person or organisation related to an inwoner. `nummer` is stable per client and never
    changes (iJw OP071); the soort comes from COD472."""

    inwoner = models.ForeignKey(Inwoner, on_delete=models.CASCADE, related_name="relaties")
    nummer = models.PositiveIntegerField(_("relatienummer"))
    soort = models.CharField(_("soort relatie"), max_length=2, choices=SoortRelatie.choices)
    volgorde = models.PositiveSmallIntegerField(_("volgorde contactpersoon"), null=True, blank=True)
    gezaghebbend = models.BooleanField(_("heeft gezag"), default=False)
    wettelijk_vertegenwoordiger = models.BooleanField(_("wettelijk vertegenwoordiger"), default=False)
    contactpersoon = models.BooleanField(_("contactpersoon"), default=False)
    # Either another inwoner, or a person or organisation that is no inwoner.
    persoon = models.ForeignKey(
        Inwoner, on_delete=models.PROTECT, null=True, blank=True, related_name="als_relatie_van"
    )
    organisatienaam = models.CharField(_("organisatie"), max_length=200, blank=True)
    voornamen = models.CharField(_("voornamen"), max_length=200, blank=True)
    voorvoegsel = models.CharField(_("voorvoegsel"), max_length=10, blank=True)
    geslachtsnaam = models.CharField(_("geslachtsnaam"), max_length=200, blank=True)
    geboortedatum = models.DateField(
        _("geboortedatum"), null=True, blank=True, validators=[valideer_niet_in_toekomst, valideer_niet_te_oud]
    )
    geslacht = models.CharField(_("geslacht"), max_length=1, choices=Geslacht.choices, blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=20, blank=True, validators=[telefoon])
    email = models.EmailField(_("e-mail"), max_length=80, blank=True)
    adres = models.CharField(_("adres"), max_length=200, blank=True)
    herkomst = models.CharField(_("herkomst"), max_length=10, choices=Herkomst.choices, default=Herkomst.CONSULENT)
    # Ended, not deleted: a signature or a sent 301 may point at it, and its number is never reused.
    beeindigd_op = models.DateField(_("beëindigd op"), null=True, blank=True)
    # The form's token: a double submit of "Relatie toevoegen" finds the relatie the first one made.
    token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    alle = models.Manager()
    objects = ActueleRelaties()

    class Meta:
        default_manager_name = "objects"
        verbose_name = _("relatie")
        verbose_name_plural = _("relaties")
        ordering = ["inwoner", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["inwoner", "nummer"], name="relatie_nummer_uniek_per_inwoner"),
            models.CheckConstraint(
                condition=Q(persoon__isnull=False) | ~Q(geslachtsnaam="") | ~Q(organisatienaam=""),
                name="relatie_is_persoon_of_organisatie",
                violation_error_message=_("Een relatie is een inwoner, een persoon met een naam of een organisatie."),
            ),
            models.CheckConstraint(
                condition=Q(persoon__isnull=True) | ~Q(persoon=models.F("inwoner")),
                name="relatie_niet_met_zichzelf",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()}: {self.naam}"

    @property
    def naam(self) -> str:
        if self.persoon_id:
            return self.persoon.volledige_naam
        if self.organisatienaam:
            return self.organisatienaam
        return " ".join(p for p in (self.voornamen, self.voorvoegsel, self.geslachtsnaam) if p)


class BetrokkenheidReden(models.TextChoices):
    GEREGISTREERD = "geregistreerd", _("Inwoner geregistreerd door deze gemeente")
    MELDING = "melding", _("Nieuwe melding voor een inwoner van buiten de gemeente")


class Betrokkenheid(models.Model):
    """A gemeente is involved with an inwoner: it registered the inwoner, a consulent opened a
    melding for someone from elsewhere (with a reason), or a 315 came for the client. A record of
    the gemeente's involvement, not a ground to see the inwoner (InwonerQuerySet.scope_filter)."""

    inwoner = models.ForeignKey(Inwoner, on_delete=models.CASCADE, related_name="betrokkenheden")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    reden = models.CharField(_("reden"), max_length=20, choices=BetrokkenheidReden.choices)
    toelichting = models.TextField(_("toelichting"), blank=True)
    door = models.ForeignKey("accounts.Gebruiker", on_delete=models.PROTECT, related_name="+")
    sinds = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("betrokkenheid")
        verbose_name_plural = _("betrokkenheden")
        constraints = [
            models.UniqueConstraint(fields=["inwoner", "gemeente"], name="betrokkenheid_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} betrokken bij inwoner {self.inwoner_id} ({self.get_reden_display()})"


class ToegangsgrondReden(models.TextChoices):
    GEREGISTREERD = "geregistreerd", _("Inwoner zelf geregistreerd")
    MET_REDEN = "met_reden", _("Inwoner geopend met een reden")


class Toegangsgrond(models.Model):
    """Why one user sees an inwoner who is in none of his dossiers: he registered the inwoner, or
    he took the reasoned out-of-scope step (search by exact BSN, or registering someone who lives
    outside his gemeenten). Per user (least privilege); valid while he works for `gemeente`."""

    inwoner = models.ForeignKey(Inwoner, on_delete=models.CASCADE, related_name="toegangsgronden")
    gebruiker = models.ForeignKey("accounts.Gebruiker", on_delete=models.CASCADE, related_name="+")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    reden = models.CharField(_("reden"), max_length=20, choices=ToegangsgrondReden.choices)
    toelichting = models.TextField(_("toelichting"), blank=True)
    sinds = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("toegangsgrond")
        verbose_name_plural = _("toegangsgronden")
        constraints = [
            models.UniqueConstraint(fields=["inwoner", "gebruiker", "gemeente"], name="toegangsgrond_uniek"),
        ]
        indexes = [models.Index(fields=["gebruiker", "gemeente"])]

    def __str__(self) -> str:
        return f"Gebruiker {self.gebruiker_id} ziet inwoner {self.inwoner_id} ({self.get_reden_display()})"
