"""The form to hand a dossier to another behandelend consulent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.forms import NLDSFormMixin


class ConsulentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class BehandelaarForm(NLDSFormMixin, forms.Form):
    behandelaar = ConsulentChoiceField(
        label=_("Nieuwe behandelaar"),
        queryset=None,
        empty_label=_("Kies een consulent"),
        error_messages={
            "required": _("Kies de consulent die het dossier gaat behandelen."),
            "invalid_choice": _("Kies een consulent uit de lijst."),
        },
    )
    reden = forms.CharField(
        label=_("Reden"),
        help_text=_("Bijvoorbeeld: verlof, nieuwe werkverdeling. De reden komt in het auditspoor."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Geef de reden van de wijziging.")},
    )

    def __init__(self, *args, keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["behandelaar"].queryset = keuzes
