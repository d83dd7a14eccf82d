"""The leefzorgplan, its signing by link and code, and the signed paper copy."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import CodeForm
from toegang.forms import DatumField, NLDSFormMixin
from toegang.idempotent import EenmaligFormMixin

from ..models import Leefgebied


class LeefzorgplanForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
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
    termijn = DatumField(label=_("Termijn"), required=False)

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


class UploadForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    bestand = forms.FileField(
        label=_("Ondertekend leefzorgplan (PDF)"),
        error_messages={"required": _("Kies een PDF-bestand."), "empty": _("Het bestand is leeg.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    getekend_door = forms.CharField(label=_("Getekend door"), max_length=300)
    getekend_op = DatumField(label=_("Getekend op"))
