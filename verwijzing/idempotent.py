"""Idempotent form posts: one token per render, one row per token."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.db import IntegrityError, transaction

from .models import Inzending


def nieuw_token() -> str:
    return str(uuid.uuid4())


class AlVerwerkt(Exception):
    def __init__(self, doel_url: str):
        super().__init__(doel_url)
        self.doel_url = doel_url


def eenmalig(token: str | None, gebruiker, maak: Callable[[], object], doel_url: Callable[[object], str]):
    """Run `maak` once per token. The token row is inserted first in the same transaction, so a second
    post with the same token waits for the first and then finds it: AlVerwerkt with the first's result."""
    try:
        token_uuid = uuid.UUID(str(token))
    except (TypeError, ValueError):
        token_uuid = uuid.uuid4()  # a form without a token still works, without the protection
    try:
        with transaction.atomic():
            inzending = Inzending.objects.create(token=token_uuid, gebruiker=gebruiker)
            resultaat = maak()
            inzending.doel_url = doel_url(resultaat)
            inzending.save(update_fields=["doel_url"])
            return resultaat
    except IntegrityError:
        eerder = Inzending.objects.filter(token=token_uuid, gebruiker=gebruiker).first()
        if eerder is None:
            raise
        raise AlVerwerkt(eerder.doel_url) from None
