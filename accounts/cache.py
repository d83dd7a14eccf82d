"""The logged-in user and his memberships from the shared cache, instead of two queries on every page.

Every page needs `request.user` and its lidmaatschappen (scope, permissions, menu, theme). Building and
running those two queries was about a tenth of a page's CPU (bench/README.md, "Belastingstest"). The pair is
kept in the default cache (Redis in production, shared by the gunicorn workers) for at most `BEWAARTIJD`
seconds, and dropped as soon as a Gebruiker, Lidmaatschap or Gemeente is saved or deleted (the receivers
below). An entry serves only a session whose auth hash is the one it was stored with, so a changed password or
a reused id never gets someone else's entry. When the cache fails, the page reads the database as before.
"""

import logging

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from .models import Gebruiker, Lidmaatschap
from .scoping import get_lidmaatschappen

logger = logging.getLogger(__name__)

# Bounds what a change outside the ORM's signals (a queryset.update(), SQL by hand) can leave behind.
BEWAARTIJD = 120


def _key(user_id) -> str:
    return f"toegang:gebruiker:{user_id}"


def get_user(request):
    """`request.user`: from the cache when the session's hash matches the entry's, else Django's own
    `auth.get_user` (which checks the hash and flushes a session that fails), then stored."""
    sessie = request.session
    user_id, backend, sessie_hash = (sessie.get(k) for k in (SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY))
    if user_id is None or not sessie_hash or backend not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    try:
        entry = cache.get(_key(user_id))
    except Exception:  # the cache is an optimisation: never a reason to refuse a page
        logger.warning("Gebruikerscache niet leesbaar; de database wordt gelezen", exc_info=True)
        entry = None
    if entry is not None:
        opgeslagen_hash, user = entry
        if constant_time_compare(opgeslagen_hash, sessie_hash) and str(user.pk) == str(user_id):
            return user
    user = auth.get_user(request)
    if user.is_authenticated:
        get_lidmaatschappen(user)  # read now, so the entry carries them
        try:
            cache.set(_key(user.pk), (sessie.get(HASH_SESSION_KEY), user), BEWAARTIJD)
        except Exception:
            logger.warning("Gebruikerscache niet schrijfbaar", exc_info=True)
    return user


def forget(*user_ids) -> None:
    """Drop the entries of these users: their next page reads the database."""
    if not user_ids:
        return
    try:
        cache.delete_many([_key(pk) for pk in user_ids])
    except Exception:
        logger.warning("Gebruikerscache niet bij te werken; vervalt na %s s", BEWAARTIJD, exc_info=True)


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with `request.user` from `get_user` above."""

    def process_request(self, request):
        super().process_request(request)

        def _user():
            if not hasattr(request, "_cached_user"):
                request._cached_user = get_user(request)
            return request._cached_user

        request.user = SimpleLazyObject(_user)


@receiver([post_save, post_delete], sender=Gebruiker, dispatch_uid="toegang-gebruikercache-gebruiker")
def _gebruiker_gewijzigd(sender, instance, **kwargs):
    forget(instance.pk)


@receiver([post_save, post_delete], sender=Lidmaatschap, dispatch_uid="toegang-gebruikercache-lidmaatschap")
def _lidmaatschap_gewijzigd(sender, instance, **kwargs):
    forget(instance.gebruiker_id)


@receiver([post_save, post_delete], sender="organisaties.Gemeente", dispatch_uid="toegang-gebruikercache-gemeente")
def _gemeente_gewijzigd(sender, instance, **kwargs):
    # The memberships carry their gemeente (its choices decide who beschikt and who gets 315s).
    forget(*Lidmaatschap.objects.filter(gemeente_id=instance.pk).values_list("gebruiker_id", flat=True))
