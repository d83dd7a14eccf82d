import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Actie
from audit.services import record
from toegang.routes import route

from .forms import CodeForm, InloggenForm, WachtwoordInstellenForm


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


@route(scope="ingelogd", audit="geen")
@method_decorator(login_required, name="dispatch")
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
@method_decorator(login_required, name="dispatch")
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
            record(Actie.TWEEFACTOR, request.user, omschrijving="Authenticator-app gekoppeld")
            messages.success(request, _("Uw authenticator-app is gekoppeld."))
            return redirect(settings.LOGIN_REDIRECT_URL)
        if form.is_valid():
            form.add_error("code", _("Deze code is onjuist of verlopen. Probeer de nieuwe code uit de app."))
        return render(request, self.template_name, self._context(device, form), status=400)


@route(scope="publiek", audit="wijzigen")
class WachtwoordInstellenView(auth_views.PasswordResetConfirmView):
    """The one-time link a beheerder sent: Django exchanges the token for a session on the first request and
    redirects to a URL without it; the link is spent once the password is set."""

    template_name = "accounts/wachtwoord_instellen.html"
    form_class = WachtwoordInstellenForm
    success_url = "/inloggen/wachtwoord/ingesteld/"
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        record(Actie.WIJZIGEN, form.user, omschrijving="Wachtwoord ingesteld met eenmalige link", gebruiker=form.user)
        return response


@route(scope="publiek", audit="geen")
class WachtwoordIngesteldView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/wachtwoord_ingesteld.html"
