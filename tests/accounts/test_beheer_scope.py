"""Functioneel beheer stays inside its gemeente: every registered ModelAdmin, walked as `beheer.venlo`.

For each admin a Venray row is listed, opened, changed, saved, deleted and its history read — refused each
time — and every foreign-key (and many-to-many) choice of every admin form and inline refuses a Venray row.
Regional data (catalogue, aanbieders) has no Venray row; its admins are still walked for their choices.
"""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.forms.models import model_to_dict
from django.test import Client, RequestFactory

from accounts.factories import totp_apparaat
from accounts.models import Gebruiker, Lidmaatschap, Rol
from audit.models import Actie, AuditEvent
from audit.services import record
from organisaties.factories import AanbiederFactory, gemeente
from organisaties.models import Gemeente, Team
from producten.factories import ContractFactory
from producten.models import Indicatiewijze, Product
from tests.conftest import ingelogde_client, maak_gebruiker

pytestmark = pytest.mark.django_db


def _beheerder(gemeenten, **kwargs):
    gebruiker = maak_gebruiker(Rol.BEHEER, gemeenten, is_staff=True, **kwargs)
    gebruiker.groups.add(Group.objects.get(name="Functioneel beheer"))
    return gebruiker


@pytest.fixture
def venray(db):
    return gemeente("0984")


@pytest.fixture
def beheerder(venlo):
    return _beheerder([venlo], username="beheer.venlo")


def _team(venray):
    return Team.objects.get_or_create(gemeente=venray, naam="Toegang Venray", defaults={"domeinen": "beide"})[0]


def _contract(venray):
    return ContractFactory(gemeente=venray)


def _account(venray):
    return maak_gebruiker(Rol.BACKOFFICE, [venray], username="backoffice.venray")


# How to make "a Venray object" for every registered admin (the test below fails for an admin missing here).
# None: regional data, managed by every functioneel beheerder (accounts.scoping.beheer_scope).
VENRAY_OBJECT = {
    "organisaties.Gemeente": lambda venray: venray,
    "organisaties.Team": _team,
    "organisaties.Aanbieder": None,
    "accounts.Gebruiker": _account,
    "auth.Group": lambda venray: Group.objects.create(name="Venray intern"),
    "otp_totp.TOTPDevice": lambda venray: totp_apparaat(_account(venray)),
    "axes.AccessAttempt": lambda venray: AccessAttempt.objects.create(
        username="backoffice.venray", ip_address="10.0.0.1", failures_since_start=1
    ),
    "axes.AccessLog": lambda venray: AccessLog.objects.create(username="backoffice.venray", ip_address="10.0.0.1"),
    "axes.AccessFailureLog": lambda venray: AccessFailureLog.objects.create(
        username="backoffice.venray", ip_address="10.0.0.1", locked_out=False
    ),
    "audit.AuditEvent": lambda venray: record(Actie.LEZEN, venray, gemeente_cbs="0984", reden="Venray"),
    "producten.Product": None,
    "producten.Tarief": None,
    "producten.Contract": _contract,
}
GEREGISTREERD = sorted(m._meta.label for m in admin.site._registry)


def _url(obj, wat: str, *args) -> str:
    return f"/beheer/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/{wat}/" + "".join(f"{a}/" for a in args)


def _staat(obj) -> dict:
    return model_to_dict(type(obj)._default_manager.get(pk=obj.pk))


def test_every_registered_admin_is_in_the_table():
    assert sorted(VENRAY_OBJECT) == GEREGISTREERD


@pytest.mark.parametrize("label", [label for label in GEREGISTREERD if VENRAY_OBJECT.get(label)])
def test_beheer_venlo_is_refused_every_venray_object(label, beheerder, venray):
    obj = VENRAY_OBJECT[label](venray)
    client = ingelogde_client(beheerder)
    voor = _staat(obj)
    lijst = client.get(f"/beheer/{obj._meta.app_label}/{obj._meta.model_name}/")
    assert lijst.status_code in {200, 403}
    if lijst.status_code == 200:
        assert obj.pk not in {o.pk for o in lijst.context["cl"].queryset}
    for url in (_url(obj, "change"), _url(obj, "delete"), _url(obj, "history")):
        antwoord = client.get(url)
        assert antwoord.status_code in {302, 403, 404}, url
        if antwoord.status_code == 302:
            assert antwoord["Location"] == "/beheer/", url  # "does not exist" for this user
    # Save: change and delete by POST, and a revert from the history.
    client.post(_url(obj, "change"), {"naam": "Overgenomen", "username": "overgenomen", "name": "Overgenomen"})
    client.post(_url(obj, "delete"), {"post": "yes"})
    historie = getattr(type(obj), "history", None)
    if historie is not None:
        if not obj.history.exists():
            obj.save()  # rows from a data migration have no history yet
        versie = obj.history.first()
        assert client.get(_url(obj, "history", versie.history_id)).status_code in {403, 404}
        client.post(_url(obj, "history", versie.history_id), {"naam": "Overgenomen"})
    assert _staat(obj) == voor
    if label == "accounts.Gebruiker":
        assert client.get(_url(obj, "password")).status_code == 403


def _formulieren(model_admin, request):
    """Every form an admin builds for adding: its own and each inline's."""
    formulieren = []
    if model_admin.has_add_permission(request):
        formulieren.append(model_admin.get_form(request)())
    for inline in model_admin.get_inline_instances(request):
        formulieren.append(inline.get_formset(request)().empty_form)
    return formulieren


@pytest.mark.parametrize("label", GEREGISTREERD)
def test_beheer_venlo_can_choose_no_venray_object_in_any_foreign_key(label, beheerder, venlo, venray):
    venray_rijen = {
        Gemeente: venray,
        Team: _team(venray),
        Gebruiker: _account(venray),
        Lidmaatschap: Lidmaatschap.objects.get(gemeente=venray),
        Group: Group.objects.create(name="Venray intern"),
    }
    model = next(m for m in admin.site._registry if m._meta.label == label)
    request = RequestFactory().get("/beheer/")
    request.user = beheerder
    gekeken = 0
    for formulier in _formulieren(admin.site._registry[model], request):
        for naam, veld in formulier.fields.items():
            if not isinstance(veld, ModelChoiceField) or veld.queryset.model not in venray_rijen:
                continue
            if naam == formulier._meta.model._meta.pk.name:
                continue  # an inline row's own id: Django looks it up in the inline's scoped queryset
            gekeken += 1
            rij = venray_rijen[veld.queryset.model]
            assert not veld.queryset.filter(pk=rij.pk).exists(), f"{label}.{naam} offers {rij}"
            with pytest.raises(ValidationError):
                veld.clean([rij.pk] if isinstance(veld, ModelMultipleChoiceField) else rij.pk)
    verwacht = {
        "organisaties.Team": 1,  # gemeente
        "accounts.Gebruiker": 2,  # membership gemeente and team
        "producten.Product": 1,  # indicatiewijze gemeente
        "producten.Contract": 1,  # gemeente
    }
    assert gekeken == verwacht.get(label, 0), label


def test_the_superuser_permission_and_password_fields_are_absent(beheerder, venlo):
    account = maak_gebruiker(Rol.CONSULENT, [venlo], username="consulent.venlo")
    client = ingelogde_client(beheerder)
    for url in ("/beheer/accounts/gebruiker/add/", _url(account, "change")):
        html = client.get(url).content.decode()
        for veld in ("is_superuser", "user_permissions", "groups", "password", "password1", "is_staff", "aanbieder"):
            assert not re.search(rf'name="{veld}"', html), (url, veld)
    # A hand-made POST with those fields changes nothing of them.
    data = {
        "username": "consulent.venlo",
        "first_name": "Jan",
        "last_name": "Jansen",
        "email": "jan@venlo.example",
        "rol": "consulent",
        "domein_jeugd": "on",
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [Group.objects.get(name="Functioneel beheer").pk],
        **_lidmaatschappen(account),
    }
    assert client.post(_url(account, "change"), data).status_code == 302
    account.refresh_from_db()
    assert account.first_name == "Jan"
    assert not account.is_superuser and not account.is_staff and not account.groups.exists()


def _lidmaatschappen(account, *gemeenten, bestaande=True) -> dict:
    leden = list(account.lidmaatschappen.all()) if account and bestaande else []
    data = {
        "lidmaatschappen-TOTAL_FORMS": str(len(leden) + len(gemeenten)),
        "lidmaatschappen-INITIAL_FORMS": str(len(leden)),
        "lidmaatschappen-MIN_NUM_FORMS": "0",
        "lidmaatschappen-MAX_NUM_FORMS": "1000",
    }
    for i, lid in enumerate(leden):
        data |= {f"lidmaatschappen-{i}-id": lid.pk, f"lidmaatschappen-{i}-gebruiker": account.pk}
        data[f"lidmaatschappen-{i}-gemeente"] = lid.gemeente_id
    for j, g in enumerate(gemeenten, start=len(leden)):
        data[f"lidmaatschappen-{j}-gemeente"] = g.pk
    return data


def _nieuw_account(**extra) -> dict:
    return {
        "username": "nieuwe.consulent",
        "first_name": "Nieuw",
        "last_name": "Collega",
        "email": "nieuw@venlo.example",
        "rol": "consulent",
        "domein_wmo": "on",
        "is_active": "on",
        **extra,
    }


@pytest.mark.parametrize(
    ("geval", "rol", "gemeenten", "fout"),
    [
        ("in Venray", "consulent", ["venray"], "Selecteer een geldige keuze"),
        ("in Venlo en Venray", "consulent", ["venlo", "venray"], "Selecteer een geldige keuze"),
        ("zonder gemeente", "consulent", [], "geef het een lidmaatschap"),
        ("als applicatiebeheerder", "applicatiebeheer", ["venlo"], "Selecteer een geldige keuze"),
        ("als medewerker aanbieder", "aanbieder", ["venlo"], "Selecteer een geldige keuze"),
    ],
)
def test_beheer_venlo_cannot_create_an_account_outside_its_gemeente(
    geval, rol, gemeenten, fout, beheerder, venlo, venray
):
    client = ingelogde_client(beheerder)
    g = {"venlo": venlo, "venray": venray}
    data = _nieuw_account(rol=rol) | _lidmaatschappen(None, *[g[n] for n in gemeenten])
    antwoord = client.post("/beheer/accounts/gebruiker/add/", data)
    assert antwoord.status_code == 200, geval
    assert fout in antwoord.content.decode(), geval
    assert not Gebruiker.objects.filter(username="nieuwe.consulent").exists()


def test_accounts_of_other_gemeenten_are_invisible(beheerder, venlo, venray):
    eigen = maak_gebruiker(Rol.CONSULENT, [venlo], username="consulent.venlo")
    maak_gebruiker(Rol.CONSULENT, [venlo, venray], username="consulent.beide")
    maak_gebruiker(Rol.AANBIEDER, [], username="aanbieder.1", aanbieder=AanbiederFactory(), domein_jeugd=False)
    maak_gebruiker(Rol.APPLICATIEBEHEER, [venlo], username="applicatiebeheer", domein_jeugd=False)
    _account(venray)
    lijst = ingelogde_client(beheerder).get("/beheer/accounts/gebruiker/")
    assert {g.username for g in lijst.context["cl"].queryset} == {eigen.username, beheerder.username}


def test_allowed_changes_are_in_the_audit_trail_with_before_and_after(
    beheerder, venlo, django_capture_on_commit_callbacks
):
    client = ingelogde_client(beheerder)
    # A new account with its membership; a one-time link goes to its own address.
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post("/beheer/accounts/gebruiker/add/", _nieuw_account() | _lidmaatschappen(None, venlo))
    assert antwoord.status_code == 302, re.findall(r"errorlist.*?</ul>", antwoord.content.decode(), re.S)
    nieuw = Gebruiker.objects.get(username="nieuwe.consulent")
    assert not nieuw.has_usable_password()
    assert [m.to for m in mail.outbox] == [["nieuw@venlo.example"]]
    aangemaakt = AuditEvent.objects.filter(actie=Actie.AANMAKEN, object_type="accounts.gebruiker")
    assert aangemaakt.get(object_id=str(nieuw.pk)).gegevens["na"]["rol"] == "consulent"
    lid = AuditEvent.objects.get(actie=Actie.AANMAKEN, object_type="accounts.lidmaatschap")
    assert lid.gegevens["na"]["gemeente"] == venlo.pk and lid.gebruikersnaam == "beheer.venlo"
    # Role and domain changed.
    data = _nieuw_account(rol="backoffice", domein_wmo="") | _lidmaatschappen(nieuw)
    assert client.post(_url(nieuw, "change"), data).status_code == 302
    wijziging = AuditEvent.objects.filter(actie=Actie.WIJZIGEN, object_type="accounts.gebruiker").latest("id")
    assert wijziging.gegevens["voor"]["rol"] == "consulent" and wijziging.gegevens["na"]["rol"] == "backoffice"
    assert "password" not in wijziging.gegevens["na"]
    # A team, a contract and the gemeente's own settings.
    team = Team.objects.create(gemeente=venlo, naam="Toegang Venlo (test)", domeinen="jeugd")
    data = {"gemeente": venlo.pk, "naam": "Toegang Venlo (test)", "domeinen": "beide", "email": "", "telefoon": ""}
    assert client.post(_url(team, "change"), data).status_code == 302
    event = AuditEvent.objects.get(object_type="organisaties.team", object_id=str(team.pk))
    assert event.gegevens["voor"]["domeinen"] == "jeugd" and event.gegevens["na"]["domeinen"] == "beide"
    assert event.gemeente_cbs == "0983"
    contract = ContractFactory(gemeente=venlo)
    data = {
        "aanbieder": contract.aanbieder_id,
        "gemeente": venlo.pk,
        "product": contract.product_id,
        "perceel": "regionaal",
        "geldig_vanaf": "01-01-2022",
        "geldig_tot": "31-12-2027",
    }
    antwoord = client.post(_url(contract, "change"), data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    event = AuditEvent.objects.get(object_type="producten.contract", object_id=str(contract.pk))
    assert event.gegevens["na"]["geldig_tot"] == "2027-12-31" and event.gegevens["voor"]["geldig_tot"] is None
    wijzig_gemeente = client.get(_url(venlo, "change"))
    assert 'name="cbs_code"' not in wijzig_gemeente.content.decode()  # codes and names are regional
    data = {
        k: v for k, v in model_to_dict(venlo).items() if k not in {"id", "cbs_code", "naam", "slug"} and v is not None
    }
    data |= {"verzoek_jeugd_door": "consulent", "wmo_leefzorgplan_secties": '[["a", "A"]]'}
    data["gebruikt_perceel_lokaal"] = "on" if venlo.gebruikt_perceel_lokaal else ""
    antwoord = client.post(_url(venlo, "change"), data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    event = AuditEvent.objects.get(object_type="organisaties.gemeente", object_id=str(venlo.pk))
    assert (event.gegevens["voor"]["verzoek_jeugd_door"], event.gegevens["na"]["verzoek_jeugd_door"]) == (
        "backoffice",
        "consulent",
    )


def test_a_membership_in_venray_cannot_be_added_to_a_venlo_account(beheerder, venlo, venray):
    account = maak_gebruiker(Rol.CONSULENT, [venlo], username="consulent.venlo")
    data = _nieuw_account(username="consulent.venlo") | _lidmaatschappen(account, venray)
    antwoord = ingelogde_client(beheerder).post(_url(account, "change"), data)
    assert antwoord.status_code == 200
    assert set(account.lidmaatschappen.values_list("gemeente_id", flat=True)) == {venlo.pk}


def test_indicatiewijze_of_venray_is_neither_shown_nor_chosen_on_the_product(beheerder, venlo, venray):
    product = Product.objects.get(code="45L12")
    Indicatiewijze.objects.filter(product=product).delete()
    eigen = Indicatiewijze.objects.create(product=product, gemeente=venlo, wijze="pxq")
    andere = Indicatiewijze.objects.create(product=product, gemeente=venray, wijze="pxq")
    html = ingelogde_client(beheerder).get(_url(product, "change")).content.decode()
    assert f'value="{eigen.pk}"' in html and f'value="{andere.pk}"' not in html


def test_the_one_time_link_sets_a_password_once_and_leaves_the_url_without_its_token(
    beheerder, venlo, django_capture_on_commit_callbacks
):
    account = maak_gebruiker(Rol.CONSULENT, [venlo], username="consulent.venlo", email="c@venlo.example")
    client = ingelogde_client(beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(
            "/beheer/accounts/gebruiker/",
            {"action": "activeringslink_versturen", "_selected_action": [account.pk], "index": 0},
        )
    assert antwoord.status_code == 302
    (bericht,) = mail.outbox
    assert "consulent.venlo" in bericht.body and "Jansen" not in bericht.body
    link = re.search(r"http://testserver(/inloggen/activeren/\?u=\S+)", bericht.body).group(1)
    browser = Client()
    eerste = browser.get(link)
    assert eerste.status_code == 302 and eerste["Location"].endswith("/set-password/")  # token out of the URL
    nieuw = "Een-lang-nieuw-wachtwoord-2026"
    klaar = browser.post(eerste["Location"], {"new_password1": nieuw, "new_password2": nieuw})
    assert klaar.status_code == 302
    account.refresh_from_db()
    assert account.check_password(nieuw)
    assert "Deze link is al gebruikt of verlopen" in Client().get(link, follow=True).content.decode()
    assert AuditEvent.objects.filter(
        object_id=str(account.pk), omschrijving__startswith="Wachtwoord ingesteld"
    ).exists()


def test_a_beheerder_cannot_send_a_link_for_a_venray_account(beheerder, venray):
    account = _account(venray)
    client = ingelogde_client(beheerder)
    client.post(
        "/beheer/accounts/gebruiker/",
        {"action": "activeringslink_versturen", "_selected_action": [account.pk], "index": 0},
    )
    assert mail.outbox == []


def test_the_applicatiebeheerder_manages_the_region_and_always_uses_two_factors(settings, venlo, venray):
    settings.TOEGANG_2FA_VERPLICHT = False
    applicatiebeheerder = maak_gebruiker(
        Rol.APPLICATIEBEHEER, [], username="applicatiebeheer", is_staff=True, is_superuser=True, domein_jeugd=False
    )
    zonder_code = Client()
    zonder_code.force_login(applicatiebeheerder)
    assert zonder_code.get("/beheer/accounts/gebruiker/")["Location"] == "/inloggen/code/"
    assert zonder_code.get("/api/v1/inwoners").status_code == 403
    client = ingelogde_client(applicatiebeheerder)
    account = _account(venray)
    antwoord = client.get(_url(account, "change"))
    assert antwoord.status_code == 200 and 'name="is_superuser"' in antwoord.content.decode()
    data = _nieuw_account(username="consulent.regio") | _lidmaatschappen(None, venlo, venray)
    assert client.post("/beheer/accounts/gebruiker/add/", data).status_code == 302
    assert Gebruiker.objects.get(username="consulent.regio").lidmaatschappen.count() == 2


def test_only_an_applicatiebeheerder_holds_all_rights(venlo):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        maak_gebruiker(Rol.BEHEER, [venlo], is_superuser=True)


def test_an_inline_is_judged_by_its_parent_account_not_by_its_own_ids(beheerder, venlo):
    """Django asks an inline's permissions with the parent object. Judged against the inline's own rows (a
    Lidmaatschap whose pk happened not to be the account's) the memberships became read-only."""
    for _ in range(3):  # shift the ids of accounts and memberships apart
        maak_gebruiker(Rol.APPLICATIEBEHEER, [])
    account = maak_gebruiker(Rol.CONSULENT, [venlo], username="consulent.venlo")
    assert account.pk != account.lidmaatschappen.get().pk
    data = _nieuw_account(username="consulent.venlo", first_name="Anders") | _lidmaatschappen(account)
    data["lidmaatschappen-0-mag_hardheidsclausule_goedkeuren"] = "on"
    assert ingelogde_client(beheerder).post(_url(account, "change"), data).status_code == 302
    assert account.lidmaatschappen.get().mag_hardheidsclausule_goedkeuren


def test_a_revert_from_the_history_is_audited(beheerder, venlo):
    """The walk: "Geschiedenis" → an older version → Terugzetten changed the row without an audit event."""
    client = ingelogde_client(beheerder)
    team = Team.objects.create(gemeente=venlo, naam="Toegang Venlo (oud)", domeinen="jeugd")
    data = {"gemeente": venlo.pk, "naam": "Toegang Venlo (oud)", "domeinen": "beide", "email": "", "telefoon": ""}
    assert client.post(_url(team, "change"), data).status_code == 302
    oud = team.history.earliest()
    data["domeinen"] = "jeugd"
    assert client.post(_url(team, "history", oud.history_id), data).status_code == 302
    team.refresh_from_db()
    assert team.domeinen == "jeugd"
    laatste = AuditEvent.objects.filter(object_type="organisaties.team", object_id=str(team.pk)).latest("id")
    assert (laatste.gegevens["voor"]["domeinen"], laatste.gegevens["na"]["domeinen"]) == ("beide", "jeugd")


@pytest.mark.parametrize(
    ("secties", "geldig"),
    [
        ('[["ondersteuningsvraag", "Uw ondersteuningsvraag"]]', True),
        ('[["ondersteuningsvraag"]]', False),  # the walk: accepted, then every Wmo leefzorgplan failed to open
        ("[]", False),
        ('{"a": "A"}', False),
        ('[["a", ""]]', False),
        ('[["a", "A"], ["a", "B"]]', False),
    ],
)
def test_the_wmo_sections_of_a_gemeente_are_checked_before_they_are_saved(beheerder, venlo, secties, geldig):
    data = {k: v for k, v in model_to_dict(venlo).items() if k not in {"id", "cbs_code", "naam", "slug"}}
    data |= {"wmo_leefzorgplan_secties": secties, "gebruikt_perceel_lokaal": "on"}
    antwoord = ingelogde_client(beheerder).post(_url(venlo, "change"), data)
    assert (antwoord.status_code == 302) is geldig, antwoord.content.decode()[-2000:]
    venlo.refresh_from_db()
    assert (venlo.wmo_leefzorgplan_secties == [["ondersteuningsvraag", "Uw ondersteuningsvraag"]]) is geldig


def test_a_membership_s_team_belongs_to_its_gemeente(venlo, venray):
    applicatiebeheerder = maak_gebruiker(
        Rol.APPLICATIEBEHEER, [], username="applicatiebeheer", is_staff=True, is_superuser=True, domein_jeugd=False
    )
    account = maak_gebruiker(Rol.CONSULENT, [venray], username="consulent.venray")
    data = _nieuw_account(username="consulent.venray") | _lidmaatschappen(account)
    data["lidmaatschappen-0-team"] = Team.objects.create(gemeente=venlo, naam="Venlo-team", domeinen="jeugd").pk
    antwoord = ingelogde_client(applicatiebeheerder).post(_url(account, "change"), data)
    assert antwoord.status_code == 200 and "hoort bij een andere gemeente" in antwoord.content.decode()
    assert account.lidmaatschappen.get().team is None
