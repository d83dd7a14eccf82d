"""Forms to record relaties and to correct an inwoner's data: every change names its source (bron)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from istandaard.relaties import adres_ontleden
from toegang.forms import DatumField, NLDSFormMixin
from toegang.idempotent import EenmaligFormMixin

from .codes import AdresSoort, Herkomst, NaamGebruik, SoortRelatie
from .forms import BsnField, GeboortedatumField, GeboortedatumGebruikMixin, geboortedatum_gebruik_field
from .models import Inwoner
from .validators import normaliseer_postcode

BRON_HULP = _("Waar komt dit gegeven vandaan? Dit wordt vastgelegd.")


def bron_field():
    return forms.ChoiceField(
        label=_("Bron"),
        choices=[("", _("Kies de bron")), *Herkomst.choices],
        help_text=BRON_HULP,
        error_messages={"required": _("Kies de bron van dit gegeven.")},
    )


# The soorten a consulent records most, first; then the rest of the codelist in code order (all codes stay).
GEBRUIKELIJK = [
    SoortRelatie.OUDER,
    SoortRelatie.VOOGD,
    SoortRelatie.PLEEGOUDER,
    SoortRelatie.PARTNER,
    SoortRelatie.KIND,
    SoortRelatie.GEZINSLID,
    SoortRelatie.FAMILIELID,
    SoortRelatie.MENTOR,
    SoortRelatie.BEWINDVOERDER,
    SoortRelatie.CURATOR,
]


def soort_keuzes() -> list[tuple[str, str]]:
    labels = dict(SoortRelatie.choices)
    volgorde = [*GEBRUIKELIJK, *(s for s in SoortRelatie if s not in GEBRUIKELIJK)]
    return [("", _("Kies de soort relatie")), *((s.value, labels[s.value]) for s in volgorde)]


class RelatieForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    """A person or an organisation (a GI as voogd) related to the inwoner."""

    token = forms.UUIDField(widget=forms.HiddenInput(), required=False)
    soort = forms.ChoiceField(
        label=_("Soort relatie"),
        choices=soort_keuzes,
        error_messages={"required": _("Kies de soort relatie.")},
    )
    bsn = BsnField(
        label=_("BSN van de relatie"),
        required=False,
        help_text=_("Alleen als de relatie zelf als inwoner bekend is; dan zijn naam en gegevens die van de inwoner."),
    )
    organisatienaam = forms.CharField(
        label=_("Organisatie"),
        max_length=200,
        required=False,
        help_text=_("Alleen bij een organisatie, bijvoorbeeld een gecertificeerde instelling als voogd."),
    )
    voornamen = forms.CharField(label=_("Voornamen"), max_length=200, required=False)
    voorvoegsel = forms.CharField(label=_("Voorvoegsel"), max_length=10, required=False)
    geslachtsnaam = forms.CharField(label=_("Achternaam"), max_length=200, required=False)
    gezaghebbend = forms.BooleanField(label=_("Heeft gezag"), required=False)
    wettelijk_vertegenwoordiger = forms.BooleanField(label=_("Wettelijk vertegenwoordiger"), required=False)
    contactpersoon = forms.BooleanField(label=_("Contactpersoon"), required=False)
    telefoon = forms.CharField(
        label=_("Telefoon"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.EmailField(label=_("E-mail"), max_length=80, required=False)
    adres = forms.CharField(
        label=_("Adres"),
        max_length=200,
        required=False,
        help_text=_("Straat en huisnummer, postcode en plaats, bijvoorbeeld: Markt 1, 5911 AA Venlo."),
    )
    herkomst = bron_field()
    reden = forms.CharField(
        label=_("Toelichting"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld: gezag volgens het gezagsregister, gecontroleerd op 1 maart."),
    )

    VELDEN = (
        "soort",
        "organisatienaam",
        "voornamen",
        "voorvoegsel",
        "geslachtsnaam",
        "gezaghebbend",
        "wettelijk_vertegenwoordiger",
        "contactpersoon",
        "telefoon",
        "email",
        "adres",
        "herkomst",
    )

    def __init__(self, *args, gebruiker, nieuw: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.gebruiker = gebruiker
        self.persoon = None
        if not nieuw:
            del self.fields["bsn"]  # who the relatie is stays; a different person is a new relatie

    def clean(self):
        data = super().clean()
        if data.get("bsn"):
            # The same answer for an unknown BSN and one outside the user's scope: nothing leaks.
            self.persoon = Inwoner.objects.visible_to(self.gebruiker).filter(bsn=data["bsn"]).first()
            if self.persoon is None:
                self.add_error("bsn", _("U kunt geen inwoner met dit BSN inzien. Vul de naam van de relatie in."))
        elif not data.get("geslachtsnaam", "").strip() and not data.get("organisatienaam", "").strip():
            self.add_error("geslachtsnaam", _("Vul een achternaam in, of de naam van de organisatie."))
        self._bereikbaar(data)
        return data

    def _bereikbaar(self, data):
        """OP130: a relatie the aanbieder hears of (gezag, vertegenwoordiger, contactpersoon) goes with a
        telephone number and/or a full address; one that is an inwoner brings his own. Checked when the
        relatie is recorded (a change form does not know whether the relatie is an inwoner)."""
        rollen = ("gezaghebbend", "wettelijk_vertegenwoordiger", "contactpersoon")
        if "bsn" not in self.fields or not any(data.get(r) for r in rollen):
            return
        if data.get("bsn") or data.get("telefoon") or "telefoon" in self.errors:
            return
        if not adres_ontleden(data.get("adres", "")):
            self.add_error(
                "telefoon",
                _(
                    "Vul een telefoonnummer in, of een volledig adres (straat en huisnummer, postcode en plaats): "
                    "de aanbieder moet deze relatie kunnen bereiken."
                ),
            )

    def gegevens(self) -> dict:
        gegevens = {naam: self.cleaned_data[naam] for naam in self.VELDEN}
        return {**gegevens, "persoon": self.persoon} if self.persoon else gegevens


class RelatieBeeindigenForm(NLDSFormMixin, forms.Form):
    einddatum = DatumField(label=_("Einddatum"))
    bron = bron_field()
    reden = forms.CharField(
        label=_("Reden"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef een reden op.")},
    )


class InwonerWijzigenForm(GeboortedatumGebruikMixin, NLDSFormMixin, forms.Form):
    """Birth date (and what is known of it, OP252), naamgebruik, contact and one address by its soort; the address
    fields are needed only with a soort."""

    LEEG_ONGEWIJZIGD = True

    geboortedatum = GeboortedatumField(required=False)
    geboortedatum_gebruik = geboortedatum_gebruik_field()
    naamgebruik = forms.ChoiceField(label=_("Naamgebruik"), choices=NaamGebruik.choices)
    partner_voorvoegsel = forms.CharField(label=_("Voorvoegsel partnernaam"), max_length=10, required=False)
    partnernaam = forms.CharField(label=_("Partnernaam"), max_length=200, required=False)
    telefoon = forms.CharField(
        label=_("Telefoon"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.EmailField(label=_("E-mail"), max_length=80, required=False)
    adressoort = forms.ChoiceField(
        label=_("Adres wijzigen of toevoegen"),
        choices=[("", _("Geen adres wijzigen")), *AdresSoort.choices],
        required=False,
    )
    straatnaam = forms.CharField(label=_("Straat"), max_length=80, required=False)
    huisnummer = forms.IntegerField(
        label=_("Huisnummer"),
        min_value=1,
        max_value=99999,
        required=False,
        error_messages={"invalid": _("Een huisnummer bestaat uit cijfers.")},
    )
    huisletter = forms.CharField(label=_("Huisletter"), max_length=1, required=False)
    toevoeging = forms.CharField(label=_("Toevoeging"), max_length=4, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    plaats = forms.CharField(label=_("Plaats"), max_length=80, required=False)
    bron = bron_field()
    reden = forms.CharField(
        label=_("Toelichting"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    EIGEN = (
        "geboortedatum",
        "geboortedatum_gebruik",
        "naamgebruik",
        "partner_voorvoegsel",
        "partnernaam",
        "telefoon",
        "email",
    )
    ADRES = ("straatnaam", "huisnummer", "huisletter", "toevoeging", "postcode", "plaats")

    def clean_postcode(self):
        return normaliseer_postcode(self.cleaned_data["postcode"])

    def clean(self):
        data = super().clean()
        if data.get("adressoort"):
            verplicht = {
                "straatnaam": _("Vul de straat in."),
                "huisnummer": _("Vul het huisnummer in."),
                "plaats": _("Vul de plaats in."),
            }
            if data["adressoort"] in (AdresSoort.BRP, AdresSoort.VERBLIJF):
                verplicht["postcode"] = _("Vul de postcode in.")
            for veld, fout in verplicht.items():
                if veld not in self.errors and not data.get(veld):
                    self.add_error(veld, fout)
        return data

    def gegevens(self) -> dict:
        return {naam: self.cleaned_data[naam] for naam in self.EIGEN if naam in self.cleaned_data}

    def adres(self) -> dict | None:
        if not self.cleaned_data.get("adressoort"):
            return None
        return {"soort": self.cleaned_data["adressoort"], **{n: self.cleaned_data[n] for n in self.ADRES}}
