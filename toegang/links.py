"""Links for the rows of a list. reverse() matches the URL pattern again on every call (about 20 µs); lists of
50 rows with a link or two each spent 5-6% of a page's time there. `link` reverses a name once per
script prefix with placeholders and fills in the row's UUIDs and numbers: the same URL as reverse() gives
(tests/test_links.py). Other values go through reverse() itself."""

from __future__ import annotations

import uuid
from functools import lru_cache

from django.urls import get_script_prefix, reverse

# Placeholders no row carries: a UUID and a number per keyword, in the order given.
_UUIDS = [uuid.UUID(int=0xF00D_0000_0000_4000_8000_0000_0000_0000 + i) for i in range(4)]
_GETALLEN = [987654321001 + i for i in range(4)]


@lru_cache(maxsize=256)
def _sjabloon(naam: str, soorten: tuple[tuple[str, type], ...], prefix: str) -> tuple[str, tuple[str, ...]]:
    plaatsen = {kw: (_UUIDS[i] if soort is uuid.UUID else _GETALLEN[i]) for i, (kw, soort) in enumerate(soorten)}
    return reverse(naam, kwargs=plaatsen), tuple(str(plaatsen[kw]) for kw, _ in soorten)


def link(naam: str, **kwargs) -> str:
    """reverse(naam, kwargs=kwargs), fast for UUID and int values."""
    if len(kwargs) > len(_UUIDS) or not all(type(w) in (uuid.UUID, int) for w in kwargs.values()):
        return reverse(naam, kwargs=kwargs)
    soorten = tuple((kw, type(w)) for kw, w in kwargs.items())
    url, plaatsen = _sjabloon(naam, soorten, get_script_prefix())
    for plaats, waarde in zip(plaatsen, kwargs.values(), strict=True):
        url = url.replace(plaats, str(waarde))
    return url
