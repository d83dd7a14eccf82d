"""Forms that create something run once per render: post/redirect/get with a consumed token.

A form class with `EenmaligFormMixin` carries a hidden `form_token` (a fresh UUID per unbound render; a form
shown again after an error keeps the posted one, which nothing has consumed). `toegang.views.submit_form`
sees the field and runs the action through `eenmalig`: the token row is inserted in the same transaction
as the result, so a double click, back + resubmit or a second tab finds the first result and is sent there.
Buttons without a form class post the same field through the `{% formulier_token %}` template tag.

The token alone does not survive a real browser's Back: form pages are sent with `Cache-Control: no-store`
(personal data on shared computers), so Back fetches the form again with a NEW token and the browser refills
the typed fields. So a repeat is also recognised by its content: `inhoud_van(request)` hashes the user, the
path and the posted fields (minus the CSRF and form tokens, plus uploaded files' names, sizes and contents),
and a tokened post with the same hash as the user's LAST consumed token, from the last `HERHAAL_VENSTER`, is
sent to that first result too. Only the last one: once the user has sent something else, an identical post
is a deliberate new step (opschorten, hervatten, opschorten again). A post without typed content (a button)
is not compared: the reloaded page shows the button only where the current state allows it again, and the
service refuses it otherwise."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.db import IntegrityError, connection, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Inzending

FORM_TOKEN = "form_token"

# How long an identical post by the same user counts as a repeat. Back + resubmit happens within seconds to a
# few minutes; sending the very same typed content to the very same address (same inwoner, dossier,
# toewijzing) again on purpose within ten minutes, with nothing else sent in between, is not a real need;
# after ten minutes it may be (a meeting later, the user clearly meant it), and a longer window would only
# widen the chance of refusing that.
HERHAAL_VENSTER = timedelta(minutes=10)


def nieuw_token() -> str:
    return str(uuid.uuid4())


class AlVerwerkt(Exception):
    """The same form was posted before: `doel_url` is where its first post led."""

    def __init__(self, doel_url: str):
        super().__init__(doel_url)
        self.doel_url = doel_url


# A form's own per-render token under another name (the relatie form keeps one on the relatie it makes).
EIGEN_TOKENS = {"token"}


def _is_token_veld(naam: str) -> bool:
    return naam == "csrfmiddlewaretoken" or naam.endswith(FORM_TOKEN) or naam in EIGEN_TOKENS


def inhoud_van(request) -> str:
    """A hash of what this post says: user, path, fields (without the tokens, which differ per render) and
    uploaded files. Equal for the same form filled in the same way again, e.g. refilled by the browser; ""
    for a post without content (a button), which is not compared."""
    velden = sorted((naam, waarden) for naam, waarden in request.POST.lists() if not _is_token_veld(naam))
    if not velden and not request.FILES:
        return ""
    bestanden = []
    for naam, lijst in sorted(request.FILES.lists()):
        for bestand in lijst:
            digest = hashlib.sha256()
            for stuk in bestand.chunks():
                digest.update(stuk)
            bestand.seek(0)
            bestanden.append([naam, bestand.name, bestand.size, digest.hexdigest()])
    sleutel = [getattr(request.user, "pk", None), request.get_full_path(), velden, bestanden]
    return hashlib.sha256(json.dumps(sleutel, default=str).encode()).hexdigest()


def _eerdere_met_inhoud(gebruiker, inhoud: str):
    """The user's last consumed token, when it is from the last HERHAAL_VENSTER and has this content; else None."""
    if not inhoud:
        return None
    laatste = (
        Inzending.objects.filter(gebruiker=gebruiker, aangemaakt_op__gte=timezone.now() - HERHAAL_VENSTER)
        .order_by("-aangemaakt_op", "-id")
        .first()
    )
    return laatste if laatste is not None and laatste.inhoud == inhoud else None


def _wacht_op_gelijke(inhoud: str) -> None:
    """Two identical posts at once (each with its own token) take turns, so the second sees the first's row."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(inhoud[:15], 16)])


def eenmalig(token, gebruiker, maak: Callable[[], object], doel_url: Callable[[object], str], *, inhoud: str = ""):
    """Run `maak` once per token, and not again for the same content (`inhoud_van`) as the user's last
    consumed token within HERHAAL_VENSTER. The token row is inserted first in the same transaction, so a
    second post with the same token waits for the first and then finds it: AlVerwerkt with the first's
    result. A post with a new token but that same content (Back reloads the form; the browser refills it)
    gets the same. Without a (valid) token `maak` simply runs: an old form still works, without the
    protection. A refusal inside `maak` rolls the token (and its content) back with everything else, so the
    corrected form, or the same one, can be posted again."""
    try:
        token_uuid = uuid.UUID(str(token))
    except (TypeError, ValueError):
        return maak()
    try:
        with transaction.atomic():
            if inhoud:
                _wacht_op_gelijke(inhoud)
                if eerder := _eerdere_met_inhoud(gebruiker, inhoud):
                    raise AlVerwerkt(eerder.doel_url)
            inzending = Inzending.objects.create(token=token_uuid, gebruiker=gebruiker, inhoud=inhoud)
            resultaat = maak()
            inzending.doel_url = str(doel_url(resultaat))[:200]
            inzending.save(update_fields=["doel_url"])
            return resultaat
    except IntegrityError:
        eerder = Inzending.objects.filter(token=token_uuid, gebruiker=gebruiker).first()
        if eerder is None:
            raise
        raise AlVerwerkt(eerder.doel_url) from None


def naar_eerste_resultaat(request, al: AlVerwerkt):
    """Back + resubmit, a double click or a second tab: to the first post's result, with a word why."""
    messages.info(request, _("Dit formulier was al verstuurd; u ziet hier het resultaat. Niets is dubbel vastgelegd."))
    return redirect(al.doel_url)


def eerder_verwerkt(request):
    """For a view that checks state before it reaches `submit_form`/`submit_button`: when this post's token
    was consumed already, or its content recently (see `inhoud_van`), the redirect to the first post's
    result; else None."""
    try:
        token = uuid.UUID(str(request.POST.get(FORM_TOKEN)))
    except (TypeError, ValueError):
        return None
    eerder = Inzending.objects.filter(token=token, gebruiker=request.user).first()
    eerder = eerder or _eerdere_met_inhoud(request.user, inhoud_van(request))
    return naar_eerste_resultaat(request, AlVerwerkt(eerder.doel_url)) if eerder else None


class EenmaligFormMixin:
    """For a form that creates something: a hidden one-time token (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FORM_TOKEN] = forms.UUIDField(required=False, widget=forms.HiddenInput, initial=uuid.uuid4)

    def form_token(self):
        """The posted token (after is_valid), or None."""
        return getattr(self, "cleaned_data", {}).get(FORM_TOKEN)
