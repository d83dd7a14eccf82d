from django import forms
from django.utils.translation import gettext_lazy as _

from organisaties.models import Gemeente, cbs_code
from toegang.forms import DatumInput, NLDSFormMixin

from .models import BerichtStatus

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
    vanaf = forms.DateField(
        label=_("Vanaf"),
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": _("Vul een bestaande datum in.")},
    )
    tot = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": _("Vul een bestaande datum in.")},
    )

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Gemeente.objects.filter(lidmaatschappen__gebruiker=gebruiker).order_by(
            "naam"
        )


class RedenForm(NLDSFormMixin, forms.Form):
    reden = forms.CharField(label=_("Reden"), max_length=500, error_messages={"required": _("Geef een reden.")})


class UploadForm(NLDSFormMixin, forms.Form):
    bestand = forms.FileField(label=_("Bericht (XML)"), error_messages={"required": _("Kies een bestand.")})


REDENEN_AFWIJZING = [
    ("", "—"),
    ("1", _("Geen wijziging, maar nieuwe aanvraag")),
    ("2", _("Past niet binnen budget")),
    ("3", _("Geen contract")),
    ("4", _("Past niet binnen contract")),
    ("5", _("Andere gemeente")),
    ("6", _("Stapeling")),
    ("7", _("Zorginhoudelijke afkeur")),
    ("8", _("Woonplaatsbeginsel (Jeugd: noem de gemeente)")),
    ("9", _("Leeftijdsgrens is bereikt")),
]


class VerzoekForm(NLDSFormMixin, forms.Form):
    motivering = forms.CharField(
        label=_("Motivering"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    gi_instemming = forms.ChoiceField(
        label=_("Kinderbeschermingsmaatregel (Jeugd, bij toewijzen)"),
        choices=[("", "—"), ("geen", _("Geen maatregel")), ("gi", _("Maatregel: de GI stemt in"))],
        required=False,
    )
    reden = forms.ChoiceField(label=_("Reden afwijzing (WJ759)"), choices=REDENEN_AFWIJZING, required=False)
    gemeente = forms.CharField(
        label=_("Verantwoordelijke gemeente (CBS-code, bij reden 8)"),
        max_length=4,
        required=False,
        validators=[cbs_code],
        error_messages={"max_length": _("Een CBS-gemeentecode heeft 4 cijfers.")},
    )
