from django import forms
from django.utils.translation import gettext_lazy as _

from istandaard import geboortedatum as datumgebruik
from organisaties.models import Gemeente
from toegang.forms import DatumField, DatumInput, NLDSFormMixin, gemeenten_van
from toegang.idempotent import EenmaligFormMixin

from .codes import DatumGebruik, Geslacht
from .services import woont_buiten_eigen_gemeenten
from .validators import (
    normaliseer_bsn,
    normaliseer_postcode,
    valideer_bsn,
    valideer_niet_in_toekomst,
    valideer_niet_te_oud,
    valideer_postcode_nl,
)


class BsnField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("BSN"))
        kwargs.setdefault("max_length", 11)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        return normaliseer_bsn(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            valideer_bsn(value)


class GeboortedatumField(DatumField):
    """A date of birth: never in the future, never implausibly old."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Geboortedatum"))
        kwargs.setdefault("widget", DatumInput(attrs={"autocomplete": "off"}))
        kwargs.setdefault("error_messages", {"invalid": _("Vul een bestaande datum in (dd-mm-jjjj).")})
        super().__init__(**kwargs)
        self.validators += [valideer_niet_in_toekomst, valideer_niet_te_oud]


def geboortedatum_gebruik_field() -> forms.ChoiceField:
    """What is known of the birth date (iJw OP252, DatumGebruik): the whole date, month and year, the year, nothing."""
    return forms.ChoiceField(
        label=_("Welk deel van de datum is bekend?"),
        choices=[
            ("", _("De hele geboortedatum")),
            (DatumGebruik.DAG_ONBEKEND, _("Alleen de maand en het jaar (de dag is onbekend)")),
            (DatumGebruik.DAG_EN_MAAND_ONBEKEND, _("Alleen het jaar (dag en maand zijn onbekend)")),
            (DatumGebruik.ONBEKEND, _("Niets: de geboortedatum is onbekend")),
        ],
        required=False,
        initial="",
        help_text=_(
            "Is de dag of de maand onbekend? Vul bij Geboortedatum een datum in die maand of dat jaar in, "
            "bijvoorbeeld 01-03-2010, en kies hier wat bekend is. Is niets bekend, laat de geboortedatum dan leeg."
        ),
    )


class GeboortedatumGebruikMixin:
    """The birth date with what is known of it: stored as the standard carries it (IV009: the unknown parts 01, a
    wholly unknown date 01-01-1900), so the consulent never types 1900 himself. `LEEG_ONGEWIJZIGD`: an empty date
    (with a known one chosen) changes nothing, for a form that corrects other data as well."""

    LEEG_ONGEWIJZIGD = False

    def clean(self):
        data = super().clean()
        gebruik = data.get("geboortedatum_gebruik") or ""
        if "geboortedatum" in self.errors:
            return data
        if gebruik == DatumGebruik.ONBEKEND:
            data["geboortedatum"] = datumgebruik.ONBEKENDE_DATUM
        elif data.get("geboortedatum") is None:
            if self.LEEG_ONGEWIJZIGD:
                data.pop("geboortedatum", None)
                data.pop("geboortedatum_gebruik", None)
                return data
            self.add_error(
                "geboortedatum",
                _(
                    "Vul de geboortedatum in. Is die onbekend? Kies dan hieronder "
                    "'Niets: de geboortedatum is onbekend'."
                ),
            )
        else:
            data["geboortedatum"] = datumgebruik.iv009(data["geboortedatum"], gebruik)
        data["geboortedatum_gebruik"] = gebruik
        return data


class ZoekForm(NLDSFormMixin, forms.Form):
    bsn = BsnField(required=False, help_text=_("9 cijfers"))
    geslachtsnaam = forms.CharField(label=_("Achternaam"), required=False, max_length=200)
    geboortedatum = GeboortedatumField(required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(k) for k in ("bsn", "geslachtsnaam", "geboortedatum")):
            raise forms.ValidationError(_("Vul een BSN, een achternaam of een geboortedatum in."))
        if data.get("geslachtsnaam") and len(data["geslachtsnaam"]) < 2 and not data.get("geboortedatum"):
            self.add_error("geslachtsnaam", _("Vul minstens twee letters in, of zoek ook op geboortedatum."))
        return data


BUITEN_REGIO = "buiten"


class InwonerForm(GeboortedatumGebruikMixin, EenmaligFormMixin, NLDSFormMixin, forms.Form):
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente van de toegang"),
        queryset=Gemeente.objects.none(),
        help_text=_("De gemeente waarvoor u deze inwoner registreert."),
        empty_label=None,
    )
    bsn = BsnField()
    voornamen = forms.CharField(
        label=_("Voornamen"), max_length=200, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    voorvoegsel = forms.CharField(
        label=_("Voorvoegsel"), max_length=10, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    geslachtsnaam = forms.CharField(
        label=_("Achternaam"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    geboortedatum = GeboortedatumField(required=False)
    geboortedatum_gebruik = geboortedatum_gebruik_field()
    geslacht = forms.ChoiceField(label=_("Geslacht"), choices=Geslacht.choices, initial=Geslacht.ONBEKEND)
    telefoon = forms.CharField(
        label=_("Telefoon"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), max_length=80, required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    straatnaam = forms.CharField(
        label=_("Straat"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    huisnummer = forms.IntegerField(
        label=_("Huisnummer"),
        min_value=1,
        max_value=99999,
        error_messages={"invalid": _("Een huisnummer bestaat uit cijfers.")},
    )
    huisletter = forms.CharField(label=_("Huisletter"), max_length=1, required=False)
    toevoeging = forms.CharField(label=_("Toevoeging"), max_length=4, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    plaats = forms.CharField(label=_("Plaats"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    # Required, with nothing wrong chosen beforehand: living outside the region is a choice of its own (it
    # makes the step ask for a reason), never what an untouched field means.
    woongemeente = forms.ChoiceField(
        label=_("Woongemeente (BRP)"),
        error_messages={"required": _("Kies de woongemeente van de inwoner.")},
    )
    reden = forms.CharField(
        label=_("Reden (alleen bij een inwoner van buiten uw gemeenten)"),
        help_text=_(
            "Woont de inwoner niet in een van uw gemeenten? Geef dan een reden. Bijvoorbeeld: jeugdige "
            "verblijft in een pleeggezin, onze gemeente blijft verantwoordelijk. Dit wordt vastgelegd."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.gebruiker = gebruiker
        eigen = list(gemeenten_van(gebruiker))
        self.fields["gemeente"].queryset = gemeenten_van(gebruiker)
        self.fields["woongemeente"].choices = [
            ("", _("Kies de woongemeente")),
            *((str(g.pk), g.naam) for g in Gemeente.objects.order_by("naam")),
            (BUITEN_REGIO, _("Buiten de regio Noord-Limburg")),
        ]
        if len(eigen) == 1:  # the user's own gemeente is the likely one
            self.fields["woongemeente"].initial = str(eigen[0].pk)

    def clean_woongemeente(self):
        """The Gemeente, or None for an inwoner living outside the region."""
        waarde = self.cleaned_data["woongemeente"]
        return None if waarde == BUITEN_REGIO else Gemeente.objects.get(pk=waarde)

    def clean(self):
        data = super().clean()
        if (
            "woongemeente" in data
            and woont_buiten_eigen_gemeenten(self.gebruiker, data["woongemeente"])
            and not data.get("reden", "").strip()
        ):
            self.add_error(
                "reden",
                _(
                    "Deze inwoner woont buiten uw gemeenten. Geef een reden op; die wordt vastgelegd. "
                    "Zonder reden kunt u deze inwoner niet registreren."
                ),
            )
        return data

    def clean_postcode(self):
        postcode = normaliseer_postcode(self.cleaned_data["postcode"])
        valideer_postcode_nl(postcode)
        return postcode

    def gegevens(self) -> dict:
        d = self.cleaned_data
        return {
            k: d[k]
            for k in (
                "bsn",
                "voornamen",
                "voorvoegsel",
                "geslachtsnaam",
                "geboortedatum",
                "geboortedatum_gebruik",
                "geslacht",
                "telefoon",
                "email",
            )
        }

    def brp_adres(self) -> dict:
        d = self.cleaned_data
        return {
            "straatnaam": d["straatnaam"],
            "huisnummer": d["huisnummer"],
            "huisletter": d["huisletter"],
            "toevoeging": d["toevoeging"],
            "postcode": d["postcode"],
            "plaats": d["plaats"],
            "gemeente": d["woongemeente"],
        }


class BuitenScopeForm(NLDSFormMixin, forms.Form):
    bsn = BsnField(widget=forms.HiddenInput())
    gemeente = forms.ModelChoiceField(
        label=_("Voor de toegang van gemeente"), queryset=Gemeente.objects.none(), empty_label=None
    )
    reden = forms.CharField(
        label=_("Reden"),
        help_text=_(
            "Waarom opent u deze inwoner? Bijvoorbeeld: melding van de huisarts voor verblijf in onze gemeente."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Geef een reden op.")},
    )

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten_van(gebruiker)


class BerichtenverkeerForm(NLDSFormMixin, forms.Form):
    """OP003: the reason to stop (or resume) berichtenverkeer for this client; it goes into the audit trail. The
    form says which of the two it asks for, so a page sent again after the back button cannot undo the mark."""

    UITSLUITEN, HERVATTEN = "uitsluiten", "hervatten"
    actie = forms.ChoiceField(
        choices=[(UITSLUITEN, UITSLUITEN), (HERVATTEN, HERVATTEN)],
        widget=forms.HiddenInput,
        error_messages={"required": _("Open de pagina opnieuw en probeer het nog eens.")},
    )
    reden = forms.CharField(
        label=_("Reden"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef een reden op.")},
    )
