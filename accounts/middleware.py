from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a logged-in user may reach before completing the second factor.
VRIJ = ("/inloggen/", "/uitloggen/", "/static/", "/health", "/thema/", "/ondertekenen/")


class OTPRequiredMiddleware:
    """Every role completes TOTP: the browser is sent to the code step, the API answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.TOEGANG_2FA_VERPLICHT
            and request.user.is_authenticated
            and not request.user.is_verified()
            and not request.path.startswith(VRIJ)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Tweestapsverificatie is vereist."}, status=403)
            return redirect(reverse("accounts:tweede-stap"))
        return self.get_response(request)
