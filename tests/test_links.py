"""`toegang.links.link` gives exactly the URL reverse() gives, for the list links that use it, under a script
prefix too, and falls back to reverse() for other values."""

import uuid

import pytest
from django.urls import reverse, set_script_prefix

from toegang.links import link

A, B = uuid.uuid4(), uuid.uuid4()


@pytest.mark.parametrize(
    "naam,kwargs",
    [
        ("verwijzing:dossier", {"public_id": A}),
        ("verwijzing:indicatie", {"public_id": B}),
        ("inwoners:detail", {"public_id": A}),
        ("verwijzing:toewijzing", {"public_id": A, "toewijzing_id": B}),
        ("verwijzing:herindicatie-starten", {"public_id": B, "toewijzing_id": A}),
        ("berichten:detail", {"pk": 12345}),
    ],
)
@pytest.mark.parametrize("prefix", ["/", "/toegang/"])
def test_link_is_reverse(naam, kwargs, prefix):
    set_script_prefix(prefix)
    try:
        assert link(naam, **kwargs) == reverse(naam, kwargs=kwargs)
        assert link(naam, **kwargs) == link(naam, **kwargs)  # the cached pattern, filled again
    finally:
        set_script_prefix("/")


def test_other_values_go_through_reverse():
    assert link("verwijzing:dossier", public_id=str(A)) == reverse("verwijzing:dossier", kwargs={"public_id": A})
