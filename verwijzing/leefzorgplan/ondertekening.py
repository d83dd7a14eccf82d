"""Signing the leefzorgplan: a one-time link by e-mail and a code by SMS; the last signature makes the
aanvraag and starts the beslistermijn."""

from __future__ import annotations

import hmac
import logging
import smtplib
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd

from ..beschikking.beslistermijn import werk_bij
from ..models import Dossier, Methode, Ondertekening, Status
from ..overgang import eis_consulent, lock_dossier, transition
from .secties import OPTIONEEL, secties_voor
from .tekenaars import code_hash, hash_, nieuw_token, nieuwe_code, wie_tekent
from .verzenders import SmsFout, stuur_code, stuur_link

logger = logging.getLogger(__name__)


ONDERTEKEN_DAGEN = 14  # choice: a signing link is valid for two weeks

MAX_CODEPOGINGEN = 5

# After its one use the link is a session entry this long: enough to read the plan and sign.
ONDERTEKEN_SESSIE = timedelta(minutes=30)


def _plan_compleet(dossier: Dossier, versie) -> list[str]:
    ontbreekt = [
        kop
        for sleutel, kop in secties_voor(dossier, timezone.localdate())
        if sleutel not in OPTIONEEL and not (versie.secties.get(sleutel) or "").strip()
    ]
    if not versie.doelen:
        ontbreekt.append(_("ten minste één SMART-doel"))
    return ontbreekt


@transaction.atomic
def ter_ondertekening_aanbieden(*, door, dossier: Dossier, basis_url: str) -> list:
    """Send the latest version to those who must sign: a one-time link by e-mail and, separately, a code by
    SMS. Inside the transaction: when a message cannot be sent, nothing is offered and the consulent is told."""
    dossier = lock_dossier(dossier)
    eis_consulent(door, dossier.gemeente, dossier.domein)
    versie = dossier.leefzorgplanversies.order_by("-versie").first()
    if versie is None:
        raise Geweigerd(_("Sla eerst een versie van het leefzorgplan op."))
    ontbreekt = _plan_compleet(dossier, versie)
    if ontbreekt:
        raise Geweigerd(
            _("Het leefzorgplan is nog niet compleet. Vul nog in: %(onderdelen)s.")
            % {"onderdelen": ", ".join(ontbreekt)}
        )
    tekenaars = wie_tekent(dossier, timezone.localdate())
    if not tekenaars:
        raise Geweigerd(_("Leg eerst de gezaghebbenden vast bij de inwoner: zij tekenen voor een jeugdige onder 16."))
    _kan_digitaal_tekenen(tekenaars)
    transition(dossier, "ter_ondertekening_aanbieden", door)
    verloopt = timezone.now() + timedelta(days=ONDERTEKEN_DAGEN)
    uit = []
    for t in tekenaars:
        token, code = nieuw_token(), nieuwe_code()
        ondertekening = Ondertekening.objects.create(
            dossier=dossier,
            versie=versie,
            versie_hash=versie.inhoud_hash,
            rol=t.rol,
            naam=t.naam,
            relatie_id=t.relatie_id,
            methode=Methode.LINK_CODE,
            token_hash=hash_(token),
            code_hash=code_hash(code, hash_(token)),
            verloopt_op=verloopt,
        )
        try:
            stuur_link(
                aan=t.email,
                url=f"{basis_url}/ondertekenen/?t={token}",
                verloopt=verloopt,
                gemeente=_("Gemeente %(naam)s") % {"naam": dossier.gemeente.naam},
            )
            stuur_code(nummer=t.mobiel, code=code)
        except (smtplib.SMTPException, OSError, SmsFout, ImproperlyConfigured) as fout:
            logger.error("Ondertekenbericht niet verstuurd (dossier %s): %s", dossier.pk, type(fout).__name__)
            raise Geweigerd(
                _(
                    "Het versturen van de link of de code lukte niet; het plan staat nog niet ter ondertekening. "
                    "Probeer het later opnieuw, of laat het plan op papier ondertekenen."
                )
            ) from fout
        uit.append(ondertekening)
    record(
        Actie.WIJZIGEN,
        dossier,
        gebruiker=door,
        omschrijving=f"Leefzorgplan v{versie.versie} ter ondertekening aan {len(uit)} ondertekenaar(s): "
        "link per e-mail, code per sms",
    )
    return uit


def _kan_digitaal_tekenen(tekenaars) -> None:
    """The link needs an e-mail address and the code a mobile number, each signer their own."""
    ontbreekt = []
    for t in tekenaars:
        wat = [w for w, er in ((_("een e-mailadres"), t.email), (_("een mobiel nummer"), t.mobiel)) if not er]
        if wat:
            ontbreekt.append(_("van %(naam)s ontbreekt %(wat)s") % {"naam": t.naam, "wat": _(" en ").join(wat)})
    if ontbreekt:
        raise Geweigerd(
            _(
                "Digitaal ondertekenen kan niet: %(wie)s. De link gaat per e-mail en de code per sms. Leg die "
                "gegevens vast, of laat het plan op papier ondertekenen en upload het getekende exemplaar."
            )
            % {"wie": "; ".join(ontbreekt)}
        )


class LinkAlGebruikt(Geweigerd):
    def __init__(self, ondertekening_id: int):
        super().__init__(_("Deze link is al gebruikt: hij werkt maar één keer. Vraag uw consulent om een nieuwe link."))
        self.ondertekening_id = ondertekening_id


def _open(ondertekening):
    if ondertekening is None or ondertekening.vervallen:
        raise Geweigerd(_("Deze link is niet (meer) geldig. Neem contact op met uw consulent."))
    if ondertekening.getekend_op:
        raise Geweigerd(_("U heeft dit leefzorgplan al ondertekend."))
    if ondertekening.verloopt_op < timezone.now():
        raise Geweigerd(_("Deze link is verlopen. Vraag uw consulent om een nieuwe link."))
    return ondertekening


def link_inwisselen(token: str):
    """The link's one use: marks it used and returns the signature for a short-lived session, so a copy of
    the link (a forwarded mail, a log, a browser history) opens nothing afterwards."""
    with transaction.atomic():
        ondertekening = _open(Ondertekening.objects.select_for_update().filter(token_hash=hash_(token)).first())
        if ondertekening.link_gebruikt_op:
            raise LinkAlGebruikt(ondertekening.pk)
        ondertekening.link_gebruikt_op = timezone.now()
        ondertekening.save(update_fields=["link_gebruikt_op"])
        record(Actie.WIJZIGEN, ondertekening, omschrijving="Ondertekenlink eenmalig ingewisseld voor een sessie")
    return ondertekening


def get_ondertekening(ondertekening_id: int):
    """A signature whose link was exchanged (the session holds its id) and that can still be signed."""
    ondertekening = (
        Ondertekening.objects.select_related("dossier__inwoner", "versie")
        .filter(pk=ondertekening_id, link_gebruikt_op__isnull=False)
        .first()
    )
    return _open(ondertekening)


def code_controleren(*, ondertekening_id: int, code: str):
    """Deliberately outside a surrounding transaction: a wrong attempt must be counted (and audited)
    even though the caller's action fails."""
    ondertekening = get_ondertekening(ondertekening_id)
    if not secrets_equal(ondertekening.code_hash, code_hash(code.strip(), ondertekening.token_hash)):
        with transaction.atomic():
            Ondertekening.objects.filter(pk=ondertekening.pk).update(pogingen=F("pogingen") + 1)
            ondertekening.refresh_from_db(fields=["pogingen"])
            geblokkeerd = ondertekening.pogingen >= MAX_CODEPOGINGEN
            if geblokkeerd:
                Ondertekening.objects.filter(pk=ondertekening.pk).update(vervallen=True)
            record(Actie.GEWEIGERD, ondertekening, omschrijving="Onjuiste ondertekencode")
        raise Geweigerd(
            _("Deze code klopt niet. De link is nu geblokkeerd.") if geblokkeerd else _("Deze code klopt niet.")
        )
    return ondertekening


def secrets_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)


def leefzorgplan_ondertekenen(*, ondertekening_id: int, code: str):
    """Sign the version the link was made for. When every signer of that version has signed, the dossier
    receives the aanvraag and the beslistermijn starts."""
    ondertekening = code_controleren(ondertekening_id=ondertekening_id, code=code)
    return _teken(ondertekening)


@transaction.atomic
def _teken(ondertekening):
    dossier = lock_dossier(ondertekening.dossier)
    laatste = dossier.leefzorgplanversies.order_by("-versie").first()
    if dossier.status != Status.ONDERTEKENING or laatste.inhoud_hash != ondertekening.versie_hash:
        raise Geweigerd(_("Het leefzorgplan is intussen gewijzigd; u krijgt een nieuwe link."))
    ondertekening.getekend_op = timezone.now()
    ondertekening.save(update_fields=["getekend_op"])
    record(
        Actie.WIJZIGEN,
        ondertekening,
        omschrijving=f"Ondertekend via link ({ondertekening.rol}), versie-hash {ondertekening.versie_hash[:12]}",
    )
    open_ = Ondertekening.objects.filter(
        dossier=dossier, versie=ondertekening.versie, vervallen=False, getekend_op__isnull=True
    ).exists()
    if not open_:
        aanvraag_ontvangen(dossier, "Aanvraag ontvangen: ondertekend leefzorgplan")
    return ondertekening


def aanvraag_ontvangen(dossier: Dossier, omschrijving: str) -> None:
    """The signed plan is the aanvraag (Handboek verwijzers jeugdhulp §1.1.3 (r. 2240–2246)): its date starts the
    beslistermijn. Choice: the day the last signature reached us (Awb 4:13 'na ontvangst'), for a link and an upload
    alike."""
    dossier.aanvraag_op = timezone.localdate()
    dossier.aanvraag_ontvangen()
    dossier.save()
    werk_bij(dossier)
    record(Actie.WIJZIGEN, dossier, omschrijving=omschrijving)
