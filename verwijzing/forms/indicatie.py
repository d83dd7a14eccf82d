"""The indicatie: what the consulent proposes, checked by the rules beside the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organisaties.models import Aanbieder
from producten.models import Product
from toegang.forms import DatumField, NLDSFormMixin
from toegang.idempotent import EenmaligFormMixin

from ..models import Bekostiging, Frequentie


class IndicatieForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
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
    ingangsdatum = DatumField(label=_("Ingangsdatum"), error_messages={"required": _("Vul de ingangsdatum in.")})
    einddatum = DatumField(label=_("Einddatum"), required=False)
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
