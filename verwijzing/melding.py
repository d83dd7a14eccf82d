"""The melding: a dossier opens in the responsible gemeente, ends in one of its terminal states, or
follows a running toewijzing as a herindicatie."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record
from inwoners.codes import AdresSoort
from inwoners.models import Betrokkenheid, BetrokkenheidReden, Inwoner
from organisaties.models import Gemeente
from regie.woonplaatsbeginsel import BRON, WMO_BRON, verantwoordelijke_gemeente, verantwoordelijke_gemeente_wmo
from toegang.fouten import Geweigerd

from .beschikking.beslistermijn import werk_bij
from .models import TERMINAL, Dossier, Status
from .overgang import eis_consulent, lock_dossier, transition


@dataclass(frozen=True)
class Woonplaatsvoorstel:
    """The gemeente the woonplaatsbeginsel points to (None: the data give none) and why, with its source."""

    gemeente: Gemeente | None
    regel: str
    uitleg: str
    bron: str

    @property
    def tekst(self) -> str:
        return f"{self.uitleg} ({self.bron})"


def woonplaats_voorstel(
    *,
    inwoner: Inwoner,
    domein: str,
    verblijf: bool = False,
    gemeente_voor_verblijf: Gemeente | None = None,
    gemeente_moeder_bij_geboorte: Gemeente | None = None,
) -> Woonplaatsvoorstel:
    """The responsible gemeente from the inwoner's BRP data and what the consulent knows of a verblijf.
    Jeugd: Handboek verwijzers jeugdhulp §2.2 (JR-090..JR-092); a BRP-adres abroad goes to 4°, where the
    jeugdige actually stays (the verblijfadres). Wmo: where the inwoner is ingezetene."""
    adressen = {a.soort: a for a in inwoner.adressen.select_related("gemeente")}
    brp = adressen.get(AdresSoort.BRP)
    buitenland = brp is not None and brp.landcode != "NL"
    brp_cbs = brp.gemeente.cbs_code if brp and brp.gemeente and not buitenland else None
    verblijfadres = adressen.get(AdresSoort.VERBLIJF) or adressen.get(AdresSoort.TIJDELIJK_VERBLIJF)
    bron = WMO_BRON if domein == "wmo" else BRON
    if brp is not None and not buitenland and brp.gemeente is None and not verblijf:
        uitleg = _("Het BRP-adres ligt buiten de regio: de gemeente van dat adres is verantwoordelijk.")
        return Woonplaatsvoorstel(None, "WPB-WMO" if domein == "wmo" else "WPB-1", uitleg, bron)
    if domein == "wmo":
        cbs, bevinding = verantwoordelijke_gemeente_wmo(brp_gemeente=brp_cbs)
    else:
        cbs, bevinding = verantwoordelijke_gemeente(
            brp_gemeente=brp_cbs,
            verblijf=verblijf,
            gemeente_voor_verblijf=gemeente_voor_verblijf.cbs_code if gemeente_voor_verblijf else None,
            gemeente_moeder_bij_geboorte=(
                gemeente_moeder_bij_geboorte.cbs_code if gemeente_moeder_bij_geboorte and not buitenland else None
            ),
            feitelijk_verblijf=verblijfadres.gemeente.cbs_code if verblijfadres and verblijfadres.gemeente else None,
        )
    gemeente = Gemeente.objects.filter(cbs_code=cbs).first() if cbs else None
    return Woonplaatsvoorstel(gemeente, bevinding.regel, bevinding.uitleg, bron)


@transaction.atomic
def dossier_openen(
    *,
    door,
    inwoner: Inwoner,
    gemeente,
    domein: str,
    meldingsdatum: date,
    kanaal: str,
    melder: str,
    hulpvraag: str,
    melder_naam: str = "",
    gezag_en_vertegenwoordiging: str = "",
    clientondersteuning_aangeboden: bool = False,
    persoonlijk_plan_aangeboden: bool = False,
    ontvangstbevestiging_op: date | None = None,
    verblijf: bool = False,
    gemeente_voor_verblijf: Gemeente | None = None,
    gemeente_moeder_bij_geboorte: Gemeente | None = None,
    afwijking_reden: str = "",
) -> Dossier:
    """A melding opens a dossier in the gemeente responsible under the woonplaatsbeginsel: the rule's suggestion,
    or another gemeente with the consulent's reason (kept on the dossier and in the audit)."""
    eis_consulent(door, gemeente, domein)
    if not Inwoner.objects.visible_to(door).filter(pk=inwoner.pk).exists():
        raise Geweigerd(_("Deze inwoner valt buiten uw gemeenten of domein; open de inwoner eerst met een reden."))
    if domein != "wmo" and (persoonlijk_plan_aangeboden or ontvangstbevestiging_op):
        raise Geweigerd(_("Persoonlijk plan en ontvangstbevestiging horen bij een Wmo-melding."))
    voorstel = woonplaats_voorstel(
        inwoner=inwoner,
        domein=domein,
        verblijf=verblijf,
        gemeente_voor_verblijf=gemeente_voor_verblijf,
        gemeente_moeder_bij_geboorte=gemeente_moeder_bij_geboorte,
    )
    afwijking = afwijking_reden.strip() if voorstel.gemeente and voorstel.gemeente != gemeente else ""
    if voorstel.gemeente and voorstel.gemeente != gemeente and not afwijking:
        raise Geweigerd(
            _("Volgens het woonplaatsbeginsel is %(gemeente)s verantwoordelijk; geef de reden om daarvan af te wijken.")
            % {"gemeente": voorstel.gemeente}
        )
    dossier = Dossier(
        inwoner=inwoner,
        gemeente=gemeente,
        woonplaats_voorstel=voorstel.gemeente,
        woonplaats_uitleg=voorstel.tekst[:500],
        woonplaats_afwijking=afwijking,
        domein=domein,
        consulent=door,
        meldingsdatum=meldingsdatum,
        kanaal=kanaal,
        melder=melder,
        melder_naam=melder_naam,
        hulpvraag=hulpvraag,
        gezag_en_vertegenwoordiging=gezag_en_vertegenwoordiging,
        clientondersteuning_aangeboden=clientondersteuning_aangeboden,
        persoonlijk_plan_aangeboden=persoonlijk_plan_aangeboden,
        ontvangstbevestiging_op=ontvangstbevestiging_op,
    )
    dossier.full_clean(exclude=["status"])  # the state machine owns the status
    dossier.save()
    werk_bij(dossier)
    # A record of the responsible gemeente's involvement (woonplaatsbeginsel); the dossier itself is what
    # brings the inwoner into its consulenten's and backoffice's scope (InwonerQuerySet.scope_filter).
    Betrokkenheid.objects.get_or_create(
        inwoner=inwoner,
        gemeente=gemeente,
        defaults={"reden": BetrokkenheidReden.MELDING, "door": door, "toelichting": f"Dossier {dossier.pk}"},
    )
    woonplaats = (
        f"afwijking van het woonplaatsbeginsel ({voorstel.regel}: {voorstel.gemeente})"
        if afwijking
        else f"woonplaatsbeginsel {voorstel.regel}"
    )
    record(
        Actie.AANMAKEN,
        dossier,
        gemeente_cbs=gemeente.cbs_code,
        reden=afwijking,
        omschrijving=f"Melding {domein}; {woonplaats}",
    )
    return dossier


AFSLUITINGEN = {
    "voorliggend": "voorliggend_afsluiten",
    "wlz": "wlz_afsluiten",
    "ingetrokken": "intrekken",
    "buiten_behandeling": "buiten_behandeling_stellen",
}


@transaction.atomic
def dossier_afsluiten(*, door, dossier: Dossier, soort: str, reden: str) -> Dossier:
    """A terminal state with its reason: voorliggende voorziening, Wlz, ingetrokken, or buiten
    behandeling (Awb 4:5, after a hersteltermijn that passed unused)."""
    if soort not in AFSLUITINGEN:
        raise Geweigerd(_("Onbekende manier van afsluiten."))
    if not reden.strip():
        raise Geweigerd(_("Geef de reden van het afsluiten."))
    dossier = lock_dossier(dossier)
    eis_consulent(door, dossier.gemeente, dossier.domein)
    dossier.reden_afsluiting = reden
    return transition(dossier, AFSLUITINGEN[soort], door, reden=reden)


@transaction.atomic
def herindicatie_starten(*, door, toewijzing) -> Dossier:
    """A herindicatie is a new dossier linked to the running toewijzing. For Wmo it needs no
    matchingsgesprek (Handboek Maatwerkdiensten Wmo §2 (r. 126–128)): the rules module is told it is a herindicatie.
    Jeugd follows the normal route (Handboek verwijzers jeugdhulp §1: a herindicatie is a new vraagverheldering with the
    evaluatie)."""
    oud = lock_dossier(toewijzing.dossier)
    eis_consulent(door, oud.gemeente, oud.domein)
    if oud.status != Status.TOEGEKEND:
        raise Geweigerd(_("Een herindicatie volgt op een toegekend dossier."))
    if Dossier.objects.filter(herindicatie_van=toewijzing).exclude(status__in=TERMINAL).exists():
        raise Geweigerd(_("Voor deze toewijzing loopt al een herindicatie."))
    dossier = dossier_openen(
        door=door,
        inwoner=oud.inwoner,
        gemeente=oud.gemeente,
        domein=oud.domein,
        meldingsdatum=timezone.localdate(),
        kanaal="loket",
        melder="inwoner",
        hulpvraag=f"Herindicatie van toewijzing {toewijzing.nummer} ({toewijzing.product.code}). {oud.hulpvraag}",
        gezag_en_vertegenwoordiging=oud.gezag_en_vertegenwoordiging,
        # The gemeente that decided the running toewijzing keeps the case (e.g. after a verblijf elsewhere).
        afwijking_reden=_("Herindicatie: de gemeente van het vorige dossier blijft verantwoordelijk."),
    )
    Dossier.objects.filter(pk=dossier.pk).update(herindicatie_van=toewijzing)
    dossier.herindicatie_van = toewijzing
    record(
        Actie.WIJZIGEN,
        dossier,
        gebruiker=door,
        omschrijving=f"Herindicatie van toewijzing {toewijzing.nummer} uit dossier {oud.pk}",
    )
    return dossier
