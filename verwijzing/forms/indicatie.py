"""The indicatie: what the consulent proposes, checked by the rules beside the form."""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from organisaties.models import Aanbieder, Domein
from producten.eenheden import PER_WEEK, TOTAAL, OnbekendeEenheid, omvangregel
from producten.models import Product
from producten.selectors import aanbieders_van_domein, gecontracteerde_aanbieders, leverbare_aanbieders
from regie.termijnen import plus_maanden
from toegang.forms import DatumField, NLDSFormMixin
from toegang.idempotent import EenmaligFormMixin

from ..models import Bekostiging, Frequentie

# The choice of aanbieder (Handboek verwijzers jeugdhulp §1.1.2.3 (r. 1993–2069)): a contracted one, or the
# separate route niet gecontracteerd aanbod with its own motivering.
ROUTES = [
    ("gecontracteerd", _("Gecontracteerde aanbieder")),
    ("niet_gecontracteerd", _("Niet gecontracteerd aanbod (aparte route)")),
]


VOLUME_MAX = 99_999_999  # iJw/iWmo LDT_Volume; an amount goes in as eurocent


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
        max_value=VOLUME_MAX,
        error_messages={"invalid": _("Een volume is een heel getal.")},
        help_text=_("In de eenheid van het product (achter de productnaam). Bij een traject leeg laten."),
    )
    frequentie = forms.ChoiceField(
        label=_("Frequentie"), required=False, choices=[("", _("—"))] + list(Frequentie.choices)
    )
    budget = forms.DecimalField(
        label=_("Budget of bedrag (€)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_(
            "Bij een pgb het budget. Bij een product met „bedrag per aanbieder” achter de naam het met de aanbieder "
            "afgesproken bedrag voor de hele periode."
        ),
    )
    ingangsdatum = DatumField(label=_("Ingangsdatum"), error_messages={"required": _("Vul de ingangsdatum in.")})
    einddatum = DatumField(label=_("Einddatum"), required=False)
    aanbieder_route = forms.ChoiceField(
        label=_("Soort aanbieder"),
        choices=ROUTES,
        initial="gecontracteerd",
        required=False,
        widget=forms.RadioSelect,
    )
    aanbieder = forms.ModelChoiceField(
        label=_("Aanbieder"),
        queryset=Aanbieder.objects.order_by("naam"),
        required=False,
        empty_label=_("Nog niet gekozen"),
        help_text=_("Alleen aanbieders met een contract voor dit product op de ingangsdatum."),
        error_messages={
            "invalid_choice": _(
                "Deze aanbieder is niet gecontracteerd voor dit product op de ingangsdatum. Kies een aanbieder uit de "
                "lijst, of de route niet gecontracteerd aanbod."
            )
        },
    )
    aanbieder_niet_gecontracteerd = forms.ModelChoiceField(
        label=_("Aanbieder van het niet gecontracteerde aanbod"),
        queryset=Aanbieder.objects.order_by("naam"),
        required=False,
        empty_label=_("Nog niet gekozen"),
    )
    motivering_niet_gecontracteerd = forms.CharField(
        label=_("Motivering niet gecontracteerd aanbod"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_(
            "Waarom geen gecontracteerde aanbieder hetzelfde kan bieden of hetzelfde resultaat kan bereiken "
            "(Handboek verwijzers jeugdhulp §1.1.2.3.1)."
        ),
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

    def __init__(self, *args, domein: str, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(domein=domein).order_by("code")
        self.fields["product"].label_from_instance = _productlabel
        self._omvang_tonen()
        self.gemeente = gemeente if domein == Domein.JEUGD else None
        # Needed depending on the product (its unit: volume and frequentie, an amount, an einddatum), the route and
        # the rules' outcome (motivering): the form says when beside the field, never "(niet verplicht)".
        for naam in (
            "volume",
            "frequentie",
            "budget",
            "einddatum",
            "aanbieder",
            "motivering",
            "aanbieder_niet_gecontracteerd",
            "motivering_niet_gecontracteerd",
        ):
            if naam in self.fields:
                self.fields[naam].voorwaardelijk = True
        for naam in ("aanbieder_niet_gecontracteerd", "motivering_niet_gecontracteerd"):
            self.fields[naam].toon_als = "aanbieder_route=niet_gecontracteerd"  # shown by toegang.js only then
        if self.gemeente is None:
            for naam in ("aanbieder_route", "aanbieder_niet_gecontracteerd", "motivering_niet_gecontracteerd"):
                del self.fields[naam]
            self.fields["aanbieder"].help_text = ""
            return
        self.fields["aanbieder_niet_gecontracteerd"].queryset = aanbieders_van_domein(domein)
        gekozen = self._gekozen()
        if gekozen:
            self.fields["aanbieder"].queryset = leverbare_aanbieders(gemeente=self.gemeente, **gekozen)
        else:  # product or ingangsdatum not yet known: those contracted in the gemeente; validated once known
            self.fields["aanbieder"].queryset = gecontracteerde_aanbieders(gemeente=self.gemeente, domein=domein)

    def _gekozen(self) -> dict | None:
        """The product and ingangsdatum on the form, read before validation so the aanbieder list follows them."""
        product = self._gekozen_product()
        bron = self.data if self.is_bound else self.initial
        try:
            ingangsdatum = self.fields["ingangsdatum"].clean(bron.get(self.add_prefix("ingangsdatum")))
        except forms.ValidationError:
            return None
        return {"product": product, "ingangsdatum": ingangsdatum} if product else None

    def niet_gecontracteerd(self) -> bool:
        return self.gemeente is not None and self.cleaned_data.get("aanbieder_route") == "niet_gecontracteerd"

    def route(self) -> dict:
        """The route niet gecontracteerd aanbod and its motivering, as `indicatie_voorstellen` takes them."""
        if not self.niet_gecontracteerd():
            return {}
        return {
            "niet_gecontracteerd": True,
            "motivering_niet_gecontracteerd": self.cleaned_data.get("motivering_niet_gecontracteerd", ""),
        }

    def _clean_route(self, data) -> None:
        if not self.niet_gecontracteerd():
            return
        if data.get("aanbieder"):
            self.add_error("aanbieder", _("Kies bij niet gecontracteerd aanbod de aanbieder in het veld daarvoor."))
        if not data.get("aanbieder_niet_gecontracteerd"):
            self.add_error("aanbieder_niet_gecontracteerd", _("Kies de aanbieder van het niet gecontracteerde aanbod."))
        if not (data.get("motivering_niet_gecontracteerd") or "").strip():
            self.add_error(
                "motivering_niet_gecontracteerd",
                _("Motiveer waarom geen gecontracteerde aanbieder hetzelfde kan bieden."),
            )

    def _gekozen_product(self):
        """The product on the form (posted, or prefilled when changing one), for showing its unit before the
        form is cleaned."""
        bron = self.data if self.is_bound else self.initial
        try:
            return self.fields["product"].clean(bron.get(self.add_prefix("product")))
        except forms.ValidationError:
            return None

    def _omvang_tonen(self) -> None:
        """The unit beside the volume and only the fitting frequenties, once a product is chosen. The field keeps
        every frequentie so that an unfitting one gets its reason from clean(), not a bare 'invalid choice'."""
        product = self._gekozen_product()
        regel = _regel(product)
        if regel is None:
            return
        leeg = self.fields["frequentie"].choices[0]  # the empty choice as NLDSFormMixin labelled it
        if regel.bedrag:  # producten.eenheden.BEDRAG: the amount per aanbieder, no volume or frequentie
            self.fields["budget"].label = _("Bedrag (€), het tarief per aanbieder")
            self.fields["budget"].help_text = _(
                "Van dit product staat geen eenheid of openbaar tarief in de productcatalogus: vul het met de "
                "aanbieder afgesproken bedrag voor de hele periode in. De toewijzing draagt dit bedrag in euro, "
                "totaal binnen de geldigheidsduur."
            )
            self.fields["volume"].label = _("Volume (niet invullen: een bedrag)")
            self.fields["frequentie"].widget.choices = [leeg]
            return
        if regel.traject:
            self.fields["volume"].label = _("Volume (niet invullen: één %(eenheid)s)") % {"eenheid": _eenheid(product)}
        else:
            self.fields["volume"].label = _("Volume (%(eenheid)s)") % {"eenheid": _eenheid(product)}
        passend = dict(Frequentie.choices)
        self.fields["frequentie"].widget.choices = [leeg] + [(f, passend[f]) for f in regel.frequenties]

    @property
    def omvang_uitleg(self) -> str:
        """What the chosen product's unit allows, in words, for the panel beside the form."""
        product = getattr(self, "cleaned_data", {}).get("product") or self._gekozen_product()
        if product is None:
            return ""
        regel = _regel(product)
        if regel is None:
            return str(GEEN_EENHEID)
        if regel.bedrag:
            return str(BEDRAG_UITLEG)
        if regel.traject:
            return _(
                "Eén %(eenheid)s voor de hele periode, totaal binnen de geldigheidsduur; waar de gemeente per "
                "traject betaalt, draagt de toewijzing de trajectprijs in euro. Een einddatum is verplicht."
            ) % {"eenheid": _eenheid(product)}
        return _("Volume in %(eenheid)s, %(frequenties)s.") % {
            "eenheid": _eenheid(product),
            "frequenties": _of(regel.frequenties),
        }

    def clean(self):
        data = super().clean()
        begin, eind = data.get("ingangsdatum"), data.get("einddatum")
        if begin and eind and eind < begin:
            self.add_error("einddatum", _("De einddatum ligt vóór de ingangsdatum."))
        self._clean_route(data)
        if data.get("product"):
            self._omvang_controleren(data, data["product"], eind)
        return data

    def _omvang_controleren(self, data, product, eind) -> None:
        """Only the combinations of volume, eenheid and frequentie the product's unit allows (producten.eenheden,
        iStandaarden Toewijzingsvarianten), with the reason when a choice does not fit."""
        volume, frequentie, budget = data.get("volume"), data.get("frequentie") or "", data.get("budget")
        regel = _regel(product)
        if regel is None:
            self.add_error("product", GEEN_EENHEID)
            return
        if regel.bedrag:
            self._bedrag_controleren(volume, frequentie, budget, eind)
            return
        if budget is not None:
            if volume:
                self.add_error("budget", _("Geef een omvang of een budget, niet allebei (iJw CD077/CD078)."))
            elif data.get("bekostiging") == Bekostiging.ZIN and not regel.budget:
                self.add_error(
                    "budget",
                    _(
                        "Bij zorg in natura draagt de toewijzing een omvang in de eenheid van het product, geen "
                        "budget (iJw CD041)."
                    ),
                )
            elif not eind:
                self.add_error("einddatum", _("Bij een budget is een einddatum verplicht (iJw CD075)."))
            return
        eenheid = _eenheid(product)
        if regel.traject:
            if volume not in (None, 1) or frequentie not in ("", TOTAAL):
                self.add_error(
                    "volume",
                    _(
                        "Een %(eenheid)s is één %(eenheid)s voor de hele periode, met de trajectprijs als omvang: laat "
                        "volume en frequentie leeg."
                    )
                    % {"eenheid": eenheid},
                )
            if not eind:
                self.add_error(
                    "einddatum",
                    _("Bij een %(eenheid)s is een einddatum verplicht (iStandaard: toewijzing voor een traject).")
                    % {"eenheid": eenheid},
                )
            elif regel.ten_hoogste_een_jaar and data.get("ingangsdatum"):
                uiterlijk = plus_maanden(data["ingangsdatum"], 12) - timedelta(days=1)
                if eind > uiterlijk:
                    self.add_error(
                        "einddatum",
                        _(
                            "De prijs van een jaartraject geldt voor een jaar: de einddatum ligt uiterlijk op "
                            "%(uiterlijk)s. Daarna volgt een nieuwe toewijzing."
                        )
                        % {"uiterlijk": f"{uiterlijk:%d-%m-%Y}"},
                    )
            return
        if not volume:
            self.add_error("volume", _("Vul het volume in, in %(eenheid)s.") % {"eenheid": eenheid})
        if not frequentie:
            if volume:
                self.add_error("frequentie", _("Kies de frequentie bij het volume."))
        elif frequentie not in regel.frequenties:
            self.add_error(
                "frequentie",
                _("Bij %(eenheid)s past %(passend)s, niet %(gekozen)s (iStandaard, toewijzingsvarianten).")
                % {
                    "eenheid": eenheid,
                    "passend": _of(regel.frequenties),
                    "gekozen": dict(Frequentie.choices)[frequentie],
                },
            )
        if frequentie == PER_WEEK and not eind:
            self.add_error("einddatum", _("Bij een frequentie per week is een einddatum verplicht (iJw CD076)."))

    def _bedrag_controleren(self, volume, frequentie, budget, eind) -> None:
        """A product without an eenheid: the amount per aanbieder, totaal binnen de geldigheidsduur, with an
        einddatum (producten.eenheden.BEDRAG); a volume would be in no unit."""
        if volume or frequentie:
            self.add_error(
                "volume",
                _(
                    "Van dit product staat geen eenheid in de productcatalogus: geef geen volume of frequentie, "
                    "maar het bedrag in euro."
                ),
            )
        if budget is None:
            self.add_error("budget", _("Vul het bedrag in euro in (het tarief per aanbieder)."))
        elif not budget:
            self.add_error("budget", _("Het bedrag is groter dan € 0,00."))
        elif budget * 100 > VOLUME_MAX:
            self.add_error(
                "budget", _("Het bedrag past niet in één toewijzing (ten hoogste € 999.999,99, iJw Volume).")
            )
        if not eind:
            self.add_error(
                "einddatum",
                _("Bij een bedrag is een einddatum verplicht (iStandaard: bedrag totaal binnen de geldigheidsduur)."),
            )

    def gegevens(self) -> dict:
        d = self.cleaned_data
        volume, frequentie = d.get("volume"), d.get("frequentie") or ""
        regel = _regel(d["product"])
        if regel and regel.traject and d.get("budget") is None:
            volume, frequentie = 1, regel.frequentie  # one traject for the whole period
        return {
            "product": d["product"],
            "volume": volume,
            "frequentie": frequentie,
            "budget": d.get("budget"),
            "ingangsdatum": d["ingangsdatum"],
            "einddatum": d.get("einddatum"),
            "aanbieder": d.get("aanbieder_niet_gecontracteerd") if self.niet_gecontracteerd() else d.get("aanbieder"),
            "bekostiging": d["bekostiging"],
        }


BEDRAG_UITLEG = _(
    "Geen eenheid in de productcatalogus: vul het met de aanbieder afgesproken bedrag in euro in (het tarief per "
    "aanbieder), geen volume of frequentie. De toewijzing draagt dit bedrag, totaal binnen de geldigheidsduur. Een "
    "einddatum is verplicht."
)

# A catalogue eenheid without a rule in producten.eenheden (none today): refused rather than guessed.
GEEN_EENHEID = _(
    "De eenheid van dit product heeft geen regel voor de omvang, dus de omvang kan niet in de toewijzing. "
    "Vraag functioneel beheer de eenheid na te kijken."
)


def _regel(product):
    """The omvang rule of the product's catalogue eenheid, or None when it has none."""
    if product is None:
        return None
    try:
        return omvangregel(product.eenheid)
    except OnbekendeEenheid:
        return None


def omvang_initial(indicatie) -> dict:
    """Volume, frequentie and budget as the form takes them back: a traject is stored as one traject totaal and a
    bedrag product may carry its amount in eurocent, which the form asks as neither volume nor frequentie."""
    volume, frequentie, budget = indicatie.volume, indicatie.frequentie, indicatie.budget
    regel = _regel(indicatie.product)
    if regel and regel.bedrag:
        if budget is None and volume:
            budget = Decimal(volume) / 100
        volume, frequentie = None, ""
    elif regel and regel.traject and budget is None:
        volume, frequentie = None, ""
    return {"volume": volume, "frequentie": frequentie, "budget": budget}


def _eenheid(product) -> str:
    return product.get_eenheid_display().lower()


def _of(frequenties) -> str:
    """'per dag, per week of per maand'."""
    namen = [str(dict(Frequentie.choices)[f]) for f in frequenties]
    return (
        namen[0]
        if len(namen) == 1
        else _("%(eerste)s of %(laatste)s")
        % {
            "eerste": ", ".join(namen[:-1]),
            "laatste": namen[-1],
        }
    )


def _productlabel(product) -> str:
    eenheid = _eenheid(product) if product.eenheid else _("bedrag per aanbieder")
    return f"{product.code} {product.naam} ({eenheid})"


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
