import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Actie
from audit.services import record
from toegang.routes import route

from .forms import CodeForm, InloggenForm, WachtwoordInstellenForm
from .tokens import activeringstoken


@route(scope="publiek", audit="geen")
class InloggenView(auth_views.LoginView):
    template_name = "accounts/inloggen.html"
    form_class = InloggenForm
    redirect_authenticated_user = True


@route(scope="ingelogd", audit="geen")
class UitloggenView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def _bevestigd_apparaat(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


# After the activation link (sent out of band by beheer) the session may link an authenticator app for a
# short while; a password alone never can (a stolen password must not bind the attacker's app).
KOPPELEN = "toegang_koppelen"
KOPPELEN_MINUTEN = 15


def _mag_koppelen(request) -> bool:
    recht = request.session.get(KOPPELEN) or {}
    if recht.get("gebruiker") != request.user.pk:
        return False
    return timezone.now().timestamp() < recht.get("tot", 0)


@route(scope="ingelogd", audit="geen")
@method_decorator([never_cache, login_required], name="dispatch")
class TweedeStapView(View):
    """The second factor: a TOTP code from the user's confirmed authenticator app."""

    template_name = "accounts/tweede_stap.html"

    def get(self, request):
        if request.user.is_verified():
            return redirect(settings.LOGIN_REDIRECT_URL)
        if _bevestigd_apparaat(request.user) is None:
            return redirect("accounts:tweefactor-instellen")
        return render(request, self.template_name, {"form": CodeForm()})

    def post(self, request):
        device = _bevestigd_apparaat(request.user)
        if device is None:
            return redirect("accounts:tweefactor-instellen")
        form = CodeForm(request.POST)
        if form.is_valid():
            if device.verify_token(form.cleaned_data["code"]):
                otp_login(request, device)
                record(Actie.TWEEFACTOR, request.user, omschrijving="Code geaccepteerd")
                return redirect(settings.LOGIN_REDIRECT_URL)
            form.add_error("code", _("Deze code is onjuist of verlopen. Probeer de nieuwe code uit de app."))
            record(Actie.TWEEFACTOR, request.user, omschrijving="Code geweigerd")
        return render(request, self.template_name, {"form": form}, status=200 if form.is_valid() else 400)


def _qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@route(scope="ingelogd", audit="geen")
@method_decorator([never_cache, login_required], name="dispatch")
class TweefactorInstellenView(View):
    """First login: link an authenticator app by scanning a QR code, then confirm with a code."""

    template_name = "accounts/tweefactor_instellen.html"

    def _apparaat(self, request):
        if _bevestigd_apparaat(request.user) is not None:
            return None
        device, _created = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": "Authenticator-app"}
        )
        return device

    def _context(self, device, form):
        geheim = base64.b32encode(device.bin_key).decode().rstrip("=")
        return {"form": form, "qr": _qr_data_uri(device.config_url), "geheim": geheim}

    def dispatch(self, request, *args, **kwargs):
        if _bevestigd_apparaat(request.user) is None and not _mag_koppelen(request):
            record(Actie.GEWEIGERD, request.user, omschrijving="App koppelen zonder activeringslink")
            return render(request, "accounts/koppelen_geweigerd.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        device = self._apparaat(request)
        if device is None:
            return redirect("accounts:tweede-stap")
        return render(request, self.template_name, self._context(device, CodeForm()))

    def post(self, request):
        device = self._apparaat(request)
        if device is None:
            return redirect("accounts:tweede-stap")
        form = CodeForm(request.POST)
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session.pop(KOPPELEN, None)
            record(Actie.TWEEFACTOR, request.user, omschrijving="Authenticator-app gekoppeld")
            messages.success(request, _("Uw authenticator-app is gekoppeld."))
            return redirect(settings.LOGIN_REDIRECT_URL)
        if form.is_valid():
            form.add_error("code", _("Deze code is onjuist of verlopen. Probeer de nieuwe code uit de app."))
        return render(request, self.template_name, self._context(device, form), status=400)


@route(scope="publiek", audit="geen")
def activeren(request):
    """The activation link a beheerder sent (`?u=…&t=…`: a query string, which the access log leaves out).
    Its token goes into the session at once and the browser continues at a URL without it."""
    uidb64, token = request.GET.get("u", ""), request.GET.get("t", "")
    if not uidb64 or not token or "/" in uidb64:
        return render(request, "accounts/wachtwoord_instellen.html", {"validlink": False}, status=400)
    request.session[INTERNAL_RESET_SESSION_TOKEN] = token
    return HttpResponseRedirect(
        reverse(
            "accounts:wachtwoord-instellen", kwargs={"uidb64": uidb64, "token": WachtwoordInstellenView.reset_url_token}
        )
    )


@route(scope="publiek", audit="wijzigen")
class WachtwoordInstellenView(auth_views.PasswordResetConfirmView):
    """The activation link: set one's own password; the link is spent once the password is set. The user is
    then logged in with the password and, without an authenticator app yet, may link one for a short while
    (the link was the out-of-band proof); with an app the code step follows as at every login."""

    template_name = "accounts/wachtwoord_instellen.html"
    form_class = WachtwoordInstellenForm
    token_generator = activeringstoken
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def form_valid(self, form):
        response = super().form_valid(form)
        gebruiker = form.user
        record(Actie.WIJZIGEN, gebruiker, omschrijving="Wachtwoord ingesteld met activeringslink", gebruiker=gebruiker)
        if _bevestigd_apparaat(gebruiker) is None:
            # A fresh secret for this enrolment: one shown on an earlier, unfinished attempt may have been seen.
            TOTPDevice.objects.filter(user=gebruiker, confirmed=False).delete()
            tot = timezone.now().timestamp() + KOPPELEN_MINUTEN * 60
            self.request.session[KOPPELEN] = {"gebruiker": gebruiker.pk, "tot": tot}
        return response

    def get_success_url(self):
        return reverse("start")
