from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import CodeForm
from organisaties.models import Aanbieder, Domein, Gemeente
from producten.models import Product
from toegang.forms import DatumInput, NLDSFormMixin

from .models import Bekostiging, Frequentie, Kanaal, Leefgebied, Melder, Onderzoek


class MeldingForm(NLDSFormMixin, forms.Form):
    gemeente = forms.ModelChoiceField(
        label=_("Verantwoordelijke gemeente"),
        queryset=Gemeente.objects.none(),
        empty_label=None,
        help_text=_(
            "Volgens het woonplaatsbeginsel: bij verblijf de gemeente waar de jeugdige vóór het verblijf woonde."
        ),
    )
    domein = forms.ChoiceField(label=_("Domein"), choices=Domein.choices)
    meldingsdatum = forms.DateField(
        label=_("Datum melding"), widget=DatumInput(), error_messages={"invalid": _("Vul een bestaande datum in.")}
    )
    kanaal = forms.ChoiceField(label=_("Kanaal"), choices=Kanaal.choices)
    melder = forms.ChoiceField(label=_("Melder"), choices=Melder.choices)
    melder_naam = forms.CharField(label=_("Naam melder"), max_length=200, required=False)
    hulpvraag = forms.CharField(
        label=_("Hulpvraag"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Beschrijf de hulpvraag.")},
    )
    gezag_en_vertegenwoordiging = forms.CharField(
        label=_("Gezag en vertegenwoordiging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    clientondersteuning_aangeboden = forms.BooleanField(
        label=_("(Onafhankelijke) cliëntondersteuning aangeboden"), required=False
    )
    persoonlijk_plan_aangeboden = forms.BooleanField(
        label=_("Persoonlijk plan aangeboden (alleen Wmo)"), required=False
    )
    ontvangstbevestiging_op = forms.DateField(
        label=_("Ontvangstbevestiging verstuurd op (alleen Wmo)"),
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": _("Vul een bestaande datum in.")},
    )

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Gemeente.objects.filter(lidmaatschappen__gebruiker=gebruiker).order_by(
            "naam"
        )
        self.fields["domein"].choices = [(d, label) for d, label in Domein.choices if d in gebruiker.domeinen]
        self.fields["meldingsdatum"].initial = timezone.localdate()

    def clean_meldingsdatum(self):
        datum = self.cleaned_data["meldingsdatum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("De datum van de melding ligt in de toekomst."))
        return datum

    def clean(self):
        data = super().clean()
        if data.get("domein") == "jeugd" and (
            data.get("persoonlijk_plan_aangeboden") or data.get("ontvangstbevestiging_op")
        ):
            self.add_error("domein", _("Persoonlijk plan en ontvangstbevestiging horen bij een Wmo-melding."))
        return data


class OnderzoekForm(NLDSFormMixin, forms.ModelForm):
    class Meta:
        model = Onderzoek
        fields = [
            "hulpvraag",
            "beperkingen",
            "eigen_kracht",
            "sociaal_netwerk",
            "voorliggend",
            "wlz",
            "bekostiging",
            "advies_externen",
            "conclusie",
        ]
        widgets = {veld: forms.Textarea(attrs={"rows": 3}) for veld in fields if veld != "bekostiging"}


class AfsluitenForm(NLDSFormMixin, forms.Form):
    soort = forms.ChoiceField(
        label=_("Afsluiten omdat"),
        choices=[
            ("voorliggend", _("Een voorliggende voorziening of het netwerk beantwoordt de hulpvraag")),
            ("wlz", _("De Wlz beantwoordt de hulpvraag")),
            ("ingetrokken", _("De inwoner trekt de melding in")),
            ("buiten_behandeling", _("Buiten behandeling: aanvraag niet aangevuld binnen de hersteltermijn (Awb 4:5)")),
        ],
    )
    reden = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Geef de reden van het afsluiten.")},
    )


class IndicatieForm(NLDSFormMixin, forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=None,
        empty_label=_("Kies een product"),
        error_messages={"required": _("Kies een product.")},
    )
    volume = forms.IntegerField(
        label=_("Volume"),
        required=False,
        min_value=1,
        max_value=99_999_999,
        error_messages={"invalid": _("Een volume is een heel getal.")},
    )
    frequentie = forms.ChoiceField(
        label=_("Frequentie"), required=False, choices=[("", _("—"))] + list(Frequentie.choices)
    )
    budget = forms.DecimalField(label=_("Budget (€)"), required=False, min_value=0, max_digits=10, decimal_places=2)
    ingangsdatum = forms.DateField(
        label=_("Ingangsdatum"),
        widget=DatumInput(),
        error_messages={"invalid": _("Vul een bestaande datum in."), "required": _("Vul de ingangsdatum in.")},
    )
    einddatum = forms.DateField(
        label=_("Einddatum"),
        widget=DatumInput(),
        required=False,
        error_messages={"invalid": _("Vul een bestaande datum in.")},
    )
    aanbieder = forms.ModelChoiceField(
        label=_("Aanbieder"),
        queryset=Aanbieder.objects.order_by("naam"),
        required=False,
        empty_label=_("Nog niet gekozen"),
    )
    bekostiging = forms.ChoiceField(label=_("Bekostiging"), choices=Bekostiging.choices, initial=Bekostiging.ZIN)
    motivering = forms.CharField(
        label=_("Motivering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Nodig bij een voorwaardelijke uitkomst en bij de hardheidsclausule."),
    )
    hardheidsclausule = forms.BooleanField(label=_("Hardheidsclausule inroepen"), required=False)
    akkoord_client = forms.BooleanField(label=_("Cliënt is akkoord"), required=False)
    akkoord_verwijzer = forms.BooleanField(label=_("Verwijzer is akkoord"), required=False)

    def __init__(self, *args, domein: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(domein=domein).order_by("code")
        self.fields["product"].label_from_instance = lambda p: f"{p.code} {p.naam}"

    def clean(self):
        data = super().clean()
        begin, eind = data.get("ingangsdatum"), data.get("einddatum")
        if begin and eind and eind < begin:
            self.add_error("einddatum", _("De einddatum ligt vóór de ingangsdatum."))
        if data.get("volume") and data.get("budget") is not None:
            self.add_error("budget", _("Geef een omvang of een budget, niet allebei (iJw CD077/CD078)."))
        if data.get("volume") and not data.get("frequentie"):
            self.add_error("frequentie", _("Kies de frequentie bij het volume."))
        if data.get("frequentie") == Frequentie.PER_WEEK and not eind:
            self.add_error("einddatum", _("Bij een frequentie per week is een einddatum verplicht (iJw CD076)."))
        if data.get("budget") is not None and not eind:
            self.add_error("einddatum", _("Bij een budget is een einddatum verplicht (iJw CD075)."))
        product = data.get("product")
        if (
            product
            and product.eenheid not in {"traject", "jaartraject"}
            and not data.get("volume")
            and data.get("budget") is None
        ):
            self.add_error("volume", _("Vul het volume in (of een budget)."))
        return data

    def gegevens(self) -> dict:
        d = self.cleaned_data
        volume, frequentie = d.get("volume"), d.get("frequentie") or ""
        if d["product"].eenheid in {"traject", "jaartraject"} and volume is None and d.get("budget") is None:
            volume, frequentie = 1, Frequentie.TOTAAL  # a traject is one output for the whole period
        return {
            "product": d["product"],
            "volume": volume,
            "frequentie": frequentie,
            "budget": d.get("budget"),
            "ingangsdatum": d["ingangsdatum"],
            "einddatum": d.get("einddatum"),
            "aanbieder": d.get("aanbieder"),
            "bekostiging": d["bekostiging"],
        }


# Which field a finding belongs beside on the form.
VELD_VAN_REGEL = {
    "CONTRACT": "aanbieder",
    "LEEFTIJD-MIN": "ingangsdatum",
    "LEEFTIJD-MAX": "ingangsdatum",
    "LEEFTIJD-MAX-EINDDATUM": "einddatum",
    "DUUR-MAX": "einddatum",
    "PERCEEL-LOKAAL": "product",
    "BIJZONDERE-TOEGANG": "product",
}


class LeefzorgplanForm(NLDSFormMixin, forms.Form):
    """One text field per section; the sections come from the domain and, for Wmo, the gemeente."""

    def __init__(self, *args, secties: list[tuple[str, str]], initial_secties: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for sleutel, kop in secties:
            self.fields[sleutel] = forms.CharField(
                label=kop,
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=(initial_secties or {}).get(sleutel, ""),
            )


class DoelForm(NLDSFormMixin, forms.Form):
    leefgebied = forms.ChoiceField(
        label=_("Leefgebied"), choices=[("", "—")] + list(Leefgebied.choices), required=False
    )
    doel = forms.CharField(label=_("Doel"), max_length=500, required=False)
    resultaat = forms.CharField(label=_("Resultaat (wanneer is het doel bereikt?)"), max_length=500, required=False)
    termijn = forms.DateField(
        label=_("Termijn"),
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": _("Vul een bestaande datum in.")},
    )

    def clean(self):
        data = super().clean()
        ingevuld = [k for k in ("leefgebied", "doel", "resultaat", "termijn") if data.get(k)]
        if ingevuld and len(ingevuld) < 4:
            raise forms.ValidationError(
                _("Een SMART-doel heeft een leefgebied, een doel, een resultaat en een termijn.")
            )
        if data.get("termijn") and data["termijn"] <= timezone.localdate():
            self.add_error("termijn", _("De termijn ligt niet in de toekomst."))
        return data


DoelFormSet = forms.formset_factory(DoelForm, extra=3)


class OndertekenCodeForm(CodeForm):
    """The same six-digit code field as the login's second step, worded for the inwoner."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code")
        self.fields["code"].help_text = _("De zes cijfers die u apart van de link heeft gekregen.")
