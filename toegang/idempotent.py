"""Forms that create something run once per render: post/redirect/get with a consumed token.

A form class with `EenmaligFormMixin` carries a hidden `form_token` (a fresh UUID per unbound render; a form
shown again after an error keeps the posted one, which nothing has consumed). `toegang.views.submit_form`
sees the field and runs the action through `eenmalig`: the token row is inserted in the same transaction
as the result, so a double click, back + resubmit or a second tab finds the first result and is sent there.
Buttons without a form class post the same field through the `{% formulier_token %}` template tag."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.models import Inzending

FORM_TOKEN = "form_token"


def nieuw_token() -> str:
    return str(uuid.uuid4())


class AlVerwerkt(Exception):
    """The same form was posted before: `doel_url` is where its first post led."""

    def __init__(self, doel_url: str):
        super().__init__(doel_url)
        self.doel_url = doel_url


def eenmalig(token, gebruiker, maak: Callable[[], object], doel_url: Callable[[object], str]):
    """Run `maak` once per token. The token row is inserted first in the same transaction, so a second post
    with the same token waits for the first and then finds it: AlVerwerkt with the first's result. Without a
    (valid) token `maak` simply runs: an old form still works, without the protection. A refusal inside
    `maak` rolls the token back with everything else, so the corrected form can be posted again."""
    try:
        token_uuid = uuid.UUID(str(token))
    except (TypeError, ValueError):
        return maak()
    try:
        with transaction.atomic():
            inzending = Inzending.objects.create(token=token_uuid, gebruiker=gebruiker)
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
    was consumed already, the redirect to the first post's result; else None."""
    try:
        token = uuid.UUID(str(request.POST.get(FORM_TOKEN)))
    except (TypeError, ValueError):
        return None
    eerder = Inzending.objects.filter(token=token, gebruiker=request.user).first()
    return naar_eerste_resultaat(request, AlVerwerkt(eerder.doel_url)) if eerder else None


class EenmaligFormMixin:
    """For a form that creates something: a hidden one-time token (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FORM_TOKEN] = forms.UUIDField(required=False, widget=forms.HiddenInput, initial=uuid.uuid4)

    def form_token(self):
        """The posted token (after is_valid), or None."""
        return getattr(self, "cleaned_data", {}).get(FORM_TOKEN)
