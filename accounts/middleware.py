from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from .permissions import is_tweefactor_verplicht

# Paths a logged-in user may reach before completing the second factor.
VRIJ = ("/inloggen/", "/uitloggen/", "/static/", "/health", "/thema/", "/ondertekenen/")


class OTPRequiredMiddleware:
    """Every role completes TOTP: the browser is sent to the code step, the API answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and is_tweefactor_verplicht(request.user)
            and not request.user.is_verified()
            and not request.path.startswith(VRIJ)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Tweestapsverificatie is vereist."}, status=403)
            # never cached: Back after the second step must not replay this redirect (a loop with the code step)
            response = redirect(reverse("accounts:tweede-stap"))
            add_never_cache_headers(response)
            return response
        return self.get_response(request)
