from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts.models import Rol
from accounts.scoping import get_lidmaatschappen

from .forms import refusal_to_form
from .fouten import Geweigerd
from .idempotent import FORM_TOKEN, AlVerwerkt, eenmalig, inhoud_van, naar_eerste_resultaat
from .routes import route


@route(scope="publiek", audit="geen")
def index(request):
    return redirect("start" if request.user.is_authenticated else "accounts:login")


@route(scope="ingelogd", audit="geen")
@login_required
def start(request):
    """The start page per role: only links and counts that carry no personal data."""
    user = request.user
    template = {
        Rol.CONSULENT: "start/consulent.html",
        Rol.BACKOFFICE: "start/backoffice.html",
        Rol.AANBIEDER: "start/aanbieder.html",
        Rol.REGIE: "start/regie.html",
        Rol.BEHEER: "start/beheer.html",
        Rol.APPLICATIEBEHEER: "start/applicatiebeheer.html",
    }.get(user.rol, "start/onbekend.html")
    gemeenten = [lid.gemeente for lid in get_lidmaatschappen(user)]
    return render(request, template, {"gemeenten": gemeenten})


def _uitkomst(waarde, resultaat):
    """A success message or next URL: fixed, or computed from what the action returned."""
    return waarde(resultaat) if callable(waarde) else waarde


def submit_form(request, form, action, *, success, next_url, veld_van=None):
    """The screens' one path form → service → refusal → redirect. A valid form runs
    `action(form.cleaned_data)`; then the success message and a redirect to `next_url` (either may be a
    function of the action's result). Returns None when the form is invalid or the service refused (the
    reason is then on the form, see `refusal_to_form`): the caller shows the form again. A form with a
    one-time token (`toegang.idempotent.EenmaligFormMixin`) runs its action once per token and once per
    content (Back reloads the form with a new token); a repeated post is redirected to the first one's result."""
    if not form.is_valid():
        return None
    token = form.cleaned_data.pop(FORM_TOKEN, None)
    try:
        resultaat = eenmalig(
            token,
            request.user,
            lambda: action(form.cleaned_data),
            lambda r: _uitkomst(next_url, r),
            inhoud=inhoud_van(request),
        )
    except AlVerwerkt as al:
        return naar_eerste_resultaat(request, al)
    except Geweigerd as fout:
        refusal_to_form(form, fout, veld_van=veld_van)
        return None
    messages.success(request, _uitkomst(success, resultaat))
    return redirect(_uitkomst(next_url, resultaat))


def submit_button(request, action, *, success, next_url, refused_url):
    """A state change by a button (no form): `action()`, then the success message and `next_url`; on a
    refusal its reason as an error message and `refused_url`. A button posted with `{% formulier_token %}`
    runs once per token, like `submit_form`."""
    try:
        resultaat = eenmalig(
            request.POST.get(FORM_TOKEN),
            request.user,
            action,
            lambda r: _uitkomst(next_url, r),
            inhoud=inhoud_van(request),
        )
    except AlVerwerkt as al:
        return naar_eerste_resultaat(request, al)
    except Geweigerd as fout:
        messages.error(request, str(fout))
        return redirect(refused_url)
    if success:
        messages.success(request, _uitkomst(success, resultaat))
    return redirect(_uitkomst(next_url, resultaat))
