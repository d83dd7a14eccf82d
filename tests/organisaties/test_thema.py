"""Colour contrast per gemeente is a unit test on the token values (WCAG 2.1 SC 1.4.3, G17)."""

import pytest
from django.core.exceptions import ValidationError

from organisaties.kleuren import contrast, thema_contrasten
from organisaties.models import Gemeente

pytestmark = pytest.mark.django_db


def test_the_seven_gemeenten_with_their_cbs_codes():
    assert dict(Gemeente.objects.values_list("naam", "cbs_code")) == {
        "Beesel": "0889",
        "Bergen (L.)": "0893",
        "Gennep": "0907",
        "Horst aan de Maas": "1507",
        "Peel en Maas": "1894",
        "Venlo": "0983",
        "Venray": "0984",
    }
    assert all(g.teams.exists() for g in Gemeente.objects.all())


@pytest.mark.parametrize("cbs", ["0889", "0893", "0907", "1507", "1894", "0983", "0984"])
def test_each_gemeente_theme_has_aa_contrast(cbs):
    g = Gemeente.objects.get(cbs_code=cbs)
    for paar, waarde in thema_contrasten(g.kleur_base, g.kleur_dark, g.kleur_light).items():
        assert waarde >= 4.5, f"{g.naam}: {paar} {waarde:.2f}:1"
    g.full_clean()


def test_contrast_formula_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_a_too_light_colour_is_refused_with_a_dutch_message():
    g = Gemeente.objects.get(cbs_code="0983")
    g.kleur_base = "#8fd19e"
    with pytest.raises(ValidationError, match="Het kleurcontrast is te laag"):
        g.full_clean()


def test_theme_css_is_served_per_gemeente(client):
    response = client.get("/thema/0889.css")
    assert response["Content-Type"].startswith("text/css")
    assert "--gemeente-kleur-base:#1e7b34" in response.content.decode()
    assert client.get("/thema/9999.css").status_code == 404
