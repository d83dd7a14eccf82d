from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from organisaties.models import Gemeente, cbs_code
from producten.eenheden import WJ756, OnbekendeEenheid
from toegang.forms import DatumField, NLDSFormMixin, gemeenten_van
from toegang.idempotent import EenmaligFormMixin
from verwijzing.models import Frequentie

from .afwijking import Afwijking, eenheden_voor, omvang_fouten
from .models import BerichtStatus, VerzoekStatus

SOORTEN = [("", _("Alle"))] + [
    (f"{p}{n}", f"{p}{n}")
    for p in ("JW", "WMO")
    for n in ("301", "302", "305", "306", "307", "308", "315", "316", "317", "318", "319", "320")
]


class FilterForm(NLDSFormMixin, forms.Form):
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Gemeente.objects.none(), required=False, empty_label=_("Alle")
    )
    aanbieder = forms.CharField(label=_("AGB-code aanbieder"), max_length=8, required=False)
    soort = forms.ChoiceField(label=_("Soort"), choices=SOORTEN, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Alle")), *BerichtStatus.choices], required=False)
    vanaf = DatumField(label=_("Vanaf"), required=False)
    tot = DatumField(label=_("Tot en met"), required=False)

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten_van(gebruiker)


class RedenForm(NLDSFormMixin, forms.Form):
    reden = forms.CharField(label=_("Reden"), max_length=500, error_messages={"required": _("Geef een reden.")})


class UploadForm(NLDSFormMixin, forms.Form):
    bestand = forms.FileField(label=_("Bericht (XML)"), error_messages={"required": _("Kies een bestand.")})


# RedenAfwijzingVerzoek (WJ759, iStandaarden iJw/iWmo 3.2, codelijsten), in words a consulent uses.
REDENEN_AFWIJZING = [
    ("", "—"),
    ("1", _("Geen wijziging, maar een nieuwe aanvraag")),
    ("2", _("Past niet binnen het budget")),
    ("3", _("Geen contract met deze aanbieder")),
    ("4", _("Past niet binnen het contract")),
    ("5", _("Andere gemeente")),
    ("6", _("Stapeling met andere hulp")),
    ("7", _("Zorginhoudelijke afkeur")),
    ("8", _("Woonplaatsbeginsel: een andere gemeente is verantwoordelijk")),
    ("9", _("De leeftijdsgrens is bereikt")),
]


class ToewijzenForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    """Granting a verzoek: a 301 (315) or a gewijzigde beschikking and a 301 (317)."""

    motivering = forms.CharField(
        label=_("Motivering"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Motiveer de toewijzing.")},
    )
    # Handboek verwijzers jeugdhulp §1.2 (r. 3084–3094): asked on a Jeugd 315 that the GI did not send itself.
    gi_instemming = forms.ChoiceField(
        label=_("Is er een kinderbeschermingsmaatregel?"),
        choices=[("", "—"), ("geen", _("Nee, er is geen maatregel")), ("gi", _("Ja, en de GI stemt in"))],
        error_messages={
            "required": _(
                "Leg vast of er een kinderbeschermingsmaatregel is; zo ja, dan alleen met instemming van de GI."
            )
        },
    )

    # IV094 (iStandaarden iJw/iWmo 3.2): a 315 is granted as asked unless the handler explicitly deviates; the
    # deviation's fields show only for that choice (toegang.js) and take the Omvang as a whole (IV042).
    keuze = forms.ChoiceField(
        label=_("Omvang en periode"),
        choices=[("zoals_gevraagd", _("Zoals gevraagd")), ("afwijken", _("Afwijken van de aanvraag"))],
        widget=forms.RadioSelect,
        initial="zoals_gevraagd",
        error_messages={"required": _("Kies of u toewijst zoals gevraagd of afwijkt van de aanvraag.")},
    )
    volume = forms.IntegerField(
        label=_("Volume (bij euro's: het bedrag in centen)"),
        required=False,
        error_messages={"invalid": _("Geef het volume als een geheel getal.")},
    )
    eenheid = forms.ChoiceField(label=_("Eenheid"), required=False)
    frequentie = forms.ChoiceField(label=_("Frequentie"), required=False)
    ingangsdatum = DatumField(label=_("Ingangsdatum"), required=False)
    einddatum = DatumField(label=_("Einddatum"), required=False)
    afwijking_motivering = forms.CharField(
        label=_("Waarom wijkt u af van de aanvraag?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    AFWIJKING = ("volume", "eenheid", "frequentie", "ingangsdatum", "einddatum", "afwijking_motivering")

    def __init__(self, *args, gi_vraag: bool, product=None, gevraagd: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if not gi_vraag:
            del self.fields["gi_instemming"]
        self.product, self.gevraagd = product, gevraagd
        if product is None or gevraagd is None:  # a 317 is honoured as a whole (OP348): no deviation here
            for naam in ("keuze", *self.AFWIJKING):
                del self.fields[naam]
            return
        try:
            codes = eenheden_voor(product)
        except OnbekendeEenheid:
            codes = {}
        self.fields["eenheid"].choices = [("", "—"), *((c, WJ756.get(c, c)) for c in codes)]
        self.fields["frequentie"].choices = [("", "—"), *Frequentie.choices]
        self.fields["keuze"].help_text = _("Gevraagd: %(product)s %(naam)s, %(wat)s") % {
            "product": product.code,
            "naam": product.naam,
            "wat": gevraagd.get("tekst", ""),
        }
        for naam in self.AFWIJKING:
            self.fields[naam].toon_als = f"{self.add_prefix('keuze')}=afwijken"
            self.fields[naam].voorwaardelijk = True  # required once deviating: never "(niet verplicht)"
            if gevraagd.get(naam) not in (None, ""):
                self.fields[naam].initial = gevraagd[naam]

    def clean(self):
        data = super().clean()
        if "keuze" not in self.fields:
            return data
        data["afwijking"] = None
        if data.get("keuze") != "afwijken":
            for naam in self.AFWIJKING:  # the fields of a choice not made do not count, not even their errors
                self._errors.pop(naam, None)
            return data
        if not (data.get("afwijking_motivering") or "").strip():
            self.add_error("afwijking_motivering", _("Motiveer waarom u afwijkt van de aanvraag."))
        ingang = data.get("ingangsdatum") or self.gevraagd["ingangsdatum"]
        einde = data.get("einddatum")
        if einde and einde < ingang:
            self.add_error("einddatum", _("De einddatum ligt voor de ingangsdatum."))
        fouten = omvang_fouten(
            self.product,
            volume=data.get("volume"),
            eenheid=data.get("eenheid", ""),
            frequentie=data.get("frequentie", ""),
            einddatum=einde,
        )
        for veld, fout in fouten.items():
            if veld not in self.errors:
                self.add_error(veld, fout)
        if not self.errors:
            data["afwijking"] = Afwijking(
                ingangsdatum=ingang,
                einddatum=einde,
                volume=data["volume"],
                eenheid=data["eenheid"],
                frequentie=data["frequentie"],
                motivering=data["afwijking_motivering"].strip(),
            )
        return data


class AfwijzenForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    """A 319 with VerzoekAntwoord 1: the reden, and for the woonplaatsbeginsel (Jeugd) the gemeente."""

    reden = forms.ChoiceField(
        label=_("Reden van de afwijzing"),
        choices=REDENEN_AFWIJZING,
        error_messages={"required": _("Kies de reden van de afwijzing.")},
    )
    gemeente = forms.CharField(
        label=_("Verantwoordelijke gemeente (CBS-code, bij het woonplaatsbeginsel)"),
        max_length=4,
        required=False,
        validators=[cbs_code],
        error_messages={"max_length": _("Een CBS-gemeentecode heeft 4 cijfers.")},
    )
    toelichting = forms.CharField(
        label=_("Toelichting (komt in het auditspoor, niet in het bericht)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, jeugd: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not jeugd:  # TR377: the woonplaatsbeginsel answer exists in iJw only
            del self.fields["gemeente"]
            self.fields["reden"].choices = [c for c in REDENEN_AFWIJZING if c[0] != "8"]


class OnderzoekForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    """A 319 with VerzoekAntwoord 2: in onderzoek (once, TR360); the final answer follows."""

    toelichting = forms.CharField(
        label=_("Toelichting (komt in het auditspoor, niet in het bericht)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@dataclass
class Antwoord:
    """One answer on a verzoek as the screen shows it: its own form, heading and button."""

    wat: str
    form: forms.Form
    url: str

    @property
    def kop(self) -> str:
        return ANTWOORD_TEKSTEN[self.wat][0]

    @property
    def knop(self) -> str:
        return ANTWOORD_TEKSTEN[self.wat][1]

    @property
    def primair(self) -> bool:
        return self.wat in {"toewijzen", "honoreren"}


ANTWOORD_TEKSTEN = {
    "toewijzen": (_("Toewijzen"), _("Toewijzen (301)")),
    "honoreren": (_("Honoreren"), _("Honoreren (gewijzigde beschikking, 301)")),
    "afwijzen": (_("Afwijzen"), _("Afwijzen (319)")),
    "onderzoek": (_("In onderzoek nemen"), _("In onderzoek (319)")),
}


def antwoorden(taak, acties: tuple[str, str, str], formulier, url, gebonden=None) -> list[Antwoord]:
    """The answers a task still takes, each its own form: all three while open, not "in onderzoek" a
    second time (TR360). `formulier(wat)` makes a blank form, `url(wat)` its action; a submitted form
    that failed (its prefix ends in -<wat>) takes its blank one's place, so its errors show."""
    wat_mag = acties if taak.status == VerzoekStatus.OPEN else acties[:2]
    formulieren = {wat: formulier(wat) for wat in wat_mag}
    if gebonden is not None:
        formulieren[gebonden.prefix.rsplit("-", 1)[1]] = gebonden
    return [Antwoord(wat, form, url(wat)) for wat, form in formulieren.items()]


def antwoordformulier(
    wat: str, domein: str, *, gi_vraag: bool = False, product=None, gevraagd: dict | None = None, **kwargs
) -> forms.Form:
    """The form for one answer on a verzoek: toewijzen/honoreren, afwijzen or onderzoek. Toewijzen on a 315
    product (`product` and what was `gevraagd`) offers the explicit deviation (IV094)."""
    if wat == "toewijzen":
        return ToewijzenForm(gi_vraag=gi_vraag, product=product, gevraagd=gevraagd, **kwargs)
    if wat == "honoreren":
        return ToewijzenForm(gi_vraag=gi_vraag, **kwargs)
    if wat == "afwijzen":
        return AfwijzenForm(jeugd=domein == "jeugd", **kwargs)
    return OnderzoekForm(**kwargs)


class ZorgstartForm(NLDSFormMixin, forms.Form):
    """OP003: the start of the care the aanbieder told us outside the berichtenverkeer."""

    begindatum = DatumField(label=_("Zorg gestart op"))


class ZorgstopForm(NLDSFormMixin, forms.Form):
    """OP003: the stop of the care, with its reden beëindiging."""

    einddatum = DatumField(label=_("Zorg gestopt op"))
    reden = forms.CharField(
        label=_("Reden beëindiging (code)"), max_length=2, error_messages={"required": _("Kies een reden.")}
    )
