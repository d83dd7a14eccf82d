"""The budget of each indicatie: shown on the dossier overview as "Budget (indicatie)" and stored with the
beschikking (with the tarief and indicatiewijze used) when it is vastgesteld, so the regie figures read what was
decided. Where the indicatiewijze or tarief is not known: "geen tarief bekend", never a wrong number."""

from datetime import date

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from organisaties.factories import AanbiederTypeFactory, gemeente
from producten.models import Contract, Product
from tests.conftest import ingelogde_client, jaren_geleden, maak_gebruiker
from verwijzing.beschikking.services import beschikking_opstellen, beschikking_vaststellen
from verwijzing.factories import aanvraag_dossier
from verwijzing.models import Beschikking

pytestmark = pytest.mark.django_db

# (cbs, domein, product, aanbieder type, contract perceel, wijze, bedrag, tarief, bron)
GEVALLEN = [
    (
        "1507",
        "jeugd",
        "45L12",
        "regulier",
        None,
        "traject",
        "2612.40",
        "2612.40",
        "Horst aan de Maas: segment 4 op basis van trajecten, Handboek verwijzers jeugdhulp §1.1.2.2 (r. 1722–1728)",
    ),
    (
        "1507",
        "jeugd",
        "45L12",
        "micro",
        None,
        "traject",
        "2225.76",
        "2225.76",
        "micro-aanbieder: het lagere tarief, Handboek verwijzers jeugdhulp §2.4 (r. 3674–3705)",
    ),
    (
        "1507",
        "jeugd",
        "45L14",
        "regulier",
        None,
        "pxq",
        "87.08",
        "87.08",
        "PxQ: 1 uur totaal × € 87,08, Handboek verwijzers jeugdhulp §1.1.2.2.1 (r. 1752–1763)",
    ),
    (
        "0983",
        "jeugd",
        "45L12",
        "regulier",
        None,
        "plekken",
        None,
        None,
        "Venlo: plekken, plekprijs niet in de bron, Handboek verwijzers jeugdhulp §2.8 (r. 3884–3890)",
    ),
    (
        "0893",
        "jeugd",
        "45L12",
        "regulier",
        "lokaal",
        "traject",
        "2612.40",
        "2612.40",
        "Bergen, lokaal gecontracteerde aanbieder: trajecten, Handboek verwijzers jeugdhulp §1.1.2.2 (r. 1746–1748)",
    ),
    (
        "0983",
        "wmo",
        "01B04",
        None,
        None,
        "traject",
        None,
        None,
        "Wmo: tarief per aanbieder op de MGR-site, Handboek Maatwerkdiensten Wmo §5 (r. 375–379)",
    ),
]


def _beschikt(gem, domein, product, soort, perceel):
    consulent = maak_gebruiker(Rol.CONSULENT, [gem], domein_jeugd=True, domein_wmo=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [gem])
    aanbieder = AanbiederTypeFactory(type=soort).aanbieder if soort else None
    if perceel:
        Contract.objects.create(
            aanbieder=aanbieder,
            gemeente=gem,
            product=Product.objects.get(code=product),
            perceel=perceel,
            geldig_vanaf=date(2022, 1, 1),
        )
    inwoner = inwoner_in(gem, geboortedatum=jaren_geleden(9, date.today())) if domein == "jeugd" else None
    dossier = aanvraag_dossier(
        gemeente=gem,
        consulent=consulent,
        domein=domein,
        producten=(product,),
        **({"aanbieder": aanbieder} if aanbieder else {}),
        **({"inwoner": inwoner} if inwoner else {}),
    )
    beslisser = backoffice if domein == "jeugd" else consulent
    b = beschikking_opstellen(
        door=beslisser,
        dossier=dossier,
        soort="toekenning",
        toegekend=list(dossier.indicaties.all()),
        motivering="De hulp sluit aan bij de hulpvraag.",
    )
    return beslisser, dossier, b


@pytest.mark.parametrize(
    ("cbs", "domein", "product", "soort", "perceel", "wijze", "bedrag", "tarief", "bron"), GEVALLEN
)
def test_beschikking_vaststellen_stores_the_budget_of_each_indicatie(
    cbs, domein, product, soort, perceel, wijze, bedrag, tarief, bron, django_capture_on_commit_callbacks
):
    beslisser, dossier, b = _beschikt(gemeente(cbs), domein, product, soort, perceel)
    assert Beschikking.objects.get(pk=b.pk).budgetten == []  # a concept stores nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        beschikking_vaststellen(door=beslisser, beschikking=b)
    (opgeslagen,) = Beschikking.objects.get(pk=b.pk).budgetten
    indicatie = dossier.indicaties.get()
    assert opgeslagen["indicatie"] == indicatie.pk and opgeslagen["productcode"] == product
    assert (opgeslagen["wijze"], opgeslagen["bedrag"], opgeslagen["tarief"]) == (wijze, bedrag, tarief), bron
    assert opgeslagen["bron"] and opgeslagen["uitleg"]


@pytest.mark.parametrize(
    ("cbs", "product", "tekst", "bron"),
    [
        ("1507", "45L12", "€ 2.612,40", "traject Horst aan de Maas, Handboek verwijzers jeugdhulp §1.1.2.2.2"),
        ("0983", "45L12", "geen tarief bekend", "plekken Venlo, Handboek verwijzers jeugdhulp §2.8 (r. 3884–3890)"),
    ],
)
def test_the_dossier_overview_shows_the_budget_per_indicatie(cbs, product, tekst, bron):
    gem = gemeente(cbs)
    beslisser, dossier, _ = _beschikt(gem, "jeugd", product, "regulier", None)
    pagina = ingelogde_client(beslisser).get(f"/dossiers/{dossier.public_id}/").content.decode()
    blok = pagina.split("Budget (indicatie)", 1)[1][:300]
    assert tekst in blok, bron


@pytest.mark.parametrize(
    ("cbs", "tekst", "bron"),
    [
        ("1507", "45L12: € 2.612,40", "traject Horst aan de Maas, Handboek verwijzers jeugdhulp §1.1.2.2.2"),
        ("0983", "45L12: geen tarief bekend", "plekken Venlo, Handboek verwijzers jeugdhulp §2.8 (r. 3884–3890)"),
    ],
)
def test_the_dossier_shows_the_budget_stored_with_the_beschikking(cbs, tekst, bron, django_capture_on_commit_callbacks):
    beslisser, dossier, b = _beschikt(gemeente(cbs), "jeugd", "45L12", "regulier", None)
    with django_capture_on_commit_callbacks(execute=True):
        beschikking_vaststellen(door=beslisser, beschikking=b)
    pagina = ingelogde_client(beslisser).get(f"/dossiers/{dossier.public_id}/").content.decode()
    assert tekst in pagina.split("Budget bij het besluit", 1)[1][:200], bron
