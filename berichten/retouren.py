"""What the gemeente answers to a message it received: the retourbericht (306, 308, 316, 318) with its
RetourCodes (IV028), or, where no retour can answer, a mail to the sender's contactpunt Toegang (OP090x2)."""

from __future__ import annotations

import copy

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record
from istandaard.definities.structuur import BERICHTEN, CDT
from istandaard.definities.structuur import soort as soort_van
from istandaard.definities.typen import RETOURCODES
from istandaard.opbouw import header
from istandaard.validatie import Uitslag

from .models import Bericht, Richting
from .outbox import bericht_plaatsen, volgende_identificatie

# The retour of each heenbericht the gemeente receives.
RETOUR_OP = {"305": "306", "307": "308", "315": "316", "317": "318"}


def afzender_melden(bericht: Bericht) -> None:
    """OP090x2: a message no retourbericht answers is reported to its sender's contactpunt Toegang outside
    the berichtenverkeer, after commit. No personal data: the berichtsoort, identificatie and the reasons
    (our own texts and the retourcodes' standard meanings, never the message's content)."""
    aanbieder = bericht.aanbieder
    if aanbieder is None or not aanbieder.contactpunt_email:
        return  # the cockpit shows it; there is nobody to write to
    redenen = []
    for f in bericht.fouten:
        if f.get("regel") in {"IV028", "Afzender", "OP090x2"}:
            redenen.append(f["uitleg"])
        elif f.get("retourcode"):
            redenen.append(f"{f['retourcode']}: {RETOURCODES.get(f['retourcode'], '')}".rstrip(": "))
    onderwerp = _("Bericht %(soort)s %(id)s niet verwerkt") % {"soort": bericht.soort, "id": bericht.identificatie}
    tekst = "\n".join(
        [
            _(
                "Uw bericht %(soort)s met identificatie %(id)s is niet verwerkt. Er volgt geen retourbericht; "
                "daarom melden wij het u op deze manier (iStandaarden, regel OP090x2)."
            )
            % {"soort": bericht.soort, "id": bericht.identificatie},
            "",
            _("Reden:"),
            *(f"- {r}" for r in dict.fromkeys(redenen)),
        ]
    )
    adres = aanbieder.contactpunt_email
    transaction.on_commit(
        lambda: send_mail(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [adres], fail_silently=False), robust=True
    )
    record(
        Actie.AANMAKEN,
        bericht,
        omschrijving=f"{bericht.soort} {bericht.identificatie}: gemeld aan het contactpunt van AGB "
        f"{aanbieder.agb_code} buiten het berichtenverkeer (OP090x2)",
    )


def alle_codes(waarde) -> list[str]:
    if isinstance(waarde, dict):
        uit = []
        for k, v in waarde.items():
            if k == "RetourCodes":
                uit += list(v.get("RetourCode", []))
            else:
                uit += alle_codes(v)
        return uit
    if isinstance(waarde, list):
        return [c for v in waarde for c in alle_codes(v)]
    return []


def _met_codes(waarde: dict, type_naam: str, typen: dict, pad: str, productcodes: dict) -> dict:
    """IV028: the class copied unchanged with RetourCodes (the rule's code, or 0200)."""
    uit = {}
    for el in typen[type_naam]:
        if el.naam not in waarde:
            continue
        v = waarde[el.naam]
        if el.type in typen and el.type not in CDT:
            if isinstance(v, list):
                uit[el.naam] = [
                    _met_codes(x, el.type, typen, f"{pad}{el.naam}[{i + 1}]", productcodes) for i, x in enumerate(v)
                ]
            else:
                uit[el.naam] = _met_codes(v, el.type, typen, f"{pad}{el.naam}/", productcodes)
        else:
            uit[el.naam] = v
    if any(el.naam == "RetourCodes" for el in typen[type_naam]):  # a class; a list wrapper carries none
        uit["RetourCodes"] = {"RetourCode": [productcodes.get(pad.rstrip("/"), "0200")]}
    return uit


def retourbericht_plaatsen(*, uitslag: Uitslag, heen: Bericht, kopcodes: list[str], productcodes: dict) -> Bericht:
    """The retour (306, 308, 316, 318) on a heenbericht: its header copied with the retour's own fields and the
    header's RetourCodes; only a client with a rejected class is returned (OP065, IV028)."""
    nummer = RETOUR_OP[uitslag.nummer]
    soort = soort_van(uitslag.domein, nummer)
    kop = copy.deepcopy(uitslag.gegevens["Header"])
    basis = header(
        uitslag.domein, nummer, afzender="", ontvanger="", identificatie="", dagtekening=timezone.localdate()
    )
    kop["BerichtCode"] = basis["BerichtCode"]
    identificatie = volgende_identificatie(soort, heen.gemeente.cbs_code)
    fout_in_client = [c for c in productcodes.values() if c != "0200"]
    # IV028 (its example): when only classes below the header are refused, the header itself carries 0200.
    kopcodes_retour = sorted(set(kopcodes)) or (["0200"] if fout_in_client else [])
    kop |= {
        "IdentificatieRetour": identificatie,
        "DagtekeningRetour": timezone.localdate(),
        "XsdVersieRetour": basis["XsdVersie"],
        "RetourCodes": {"RetourCode": kopcodes_retour} if kopcodes_retour else None,
    }
    gegevens = {"Header": kop}
    if fout_in_client and not kopcodes:  # OP065: only a client with a rejected class is returned
        typen = BERICHTEN[nummer].typen
        client = _met_codes(uitslag.gegevens["Client"], "Client", typen, "", productcodes)
        gegevens["Client"] = client
    retour = Bericht(
        richting=Richting.UIT,
        soort=soort,
        domein=uitslag.domein,
        gemeente=heen.gemeente,
        aanbieder=heen.aanbieder,
        afzender=heen.gemeente.cbs_code,
        identificatie=identificatie,
        dagtekening=timezone.localdate(),
        retour_van=heen,
    )
    omschrijving = f"{soort} {identificatie} op {heen.soort} {heen.identificatie}"
    return bericht_plaatsen(retour, gegevens, omschrijving=omschrijving)
