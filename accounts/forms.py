from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from toegang.forms import NLDSFormMixin


class InloggenForm(NLDSFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Gebruikersnaam of wachtwoord is onjuist."),
        "inactive": _("Dit account is niet actief."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].label = _("Wachtwoord")


class CodeForm(NLDSFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code uit uw authenticator-app"),
        help_text=_("De zes cijfers die de app nu toont."),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={
            "required": _("Vul de code in."),
            "min_length": _("De code heeft zes cijfers."),
            "max_length": _("De code heeft zes cijfers."),
        },
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("De code bestaat alleen uit cijfers."))
        return code


class WachtwoordInstellenForm(NLDSFormMixin, SetPasswordForm):
    error_messages = {"password_mismatch": _("De twee wachtwoorden zijn niet gelijk.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password1"].help_text = _(
            "Minstens 12 tekens, niet alleen cijfers en geen veelgebruikt wachtwoord."
        )
        self.fields["new_password2"].label = _("Herhaal het nieuwe wachtwoord")
        for naam in ("new_password1", "new_password2"):
            self.fields[naam].widget.attrs["autocomplete"] = "new-password"
