"""Woonplaatsbeginsel: which gemeente is responsible (Handboek verwijzers jeugdhulp §2.2 (r. 3546–3634)).

1° the gemeente of the jeugdige's BRP woonadres; 2° for verblijf (jeugdhulpaanbieder, pleegouder,
opvang/beschermd wonen, JJI) the gemeente of the BRP woonadres immediately before the verblijf —
the original gemeente stays responsible; 3° when 1°/2° fail (or a BRP aantekening art. 2.26): where the
mother was registered at the birth, else where the jeugdige stays at the time of the hulpvraag;
4° a woonplaats abroad: where the jeugdige stays. A moederkindhuis always counts as verblijf.
"""

from __future__ import annotations

from .bevinding import Bevinding
from .models import Uitkomst

BRON = "Handboek verwijzers jeugdhulp §2.2 (r. 3546–3634)"


def verantwoordelijke_gemeente(
    *,
    brp_gemeente: str | None,
    verblijf: bool = False,
    gemeente_voor_verblijf: str | None = None,
    gemeente_moeder_bij_geboorte: str | None = None,
    feitelijk_verblijf: str | None = None,
) -> tuple[str | None, Bevinding]:
    if verblijf:
        if gemeente_voor_verblijf:
            return gemeente_voor_verblijf, Bevinding(
                "WPB-2",
                Uitkomst.TOEGESTAAN,
                "Jeugdhulp met verblijf: verantwoordelijk is de gemeente van het BRP-adres direct vóór het verblijf.",
                f"{BRON} (Handboek verwijzers jeugdhulp §2.2, r. 3553–3557, r. 3589–3599)",
            )
    elif brp_gemeente:
        return brp_gemeente, Bevinding(
            "WPB-1",
            Uitkomst.TOEGESTAAN,
            "Verantwoordelijk is de gemeente van het BRP-woonadres.",
            f"{BRON} (Handboek verwijzers jeugdhulp §2.2, r. 3551, r. 3585–3587)",
        )
    if gemeente_moeder_bij_geboorte:
        return gemeente_moeder_bij_geboorte, Bevinding(
            "WPB-3",
            Uitkomst.VOORWAARDELIJK,
            "Geen bruikbaar woonadres: verantwoordelijk is de gemeente waar de moeder bij de geboorte "
            "stond ingeschreven.",
            f"{BRON} (Handboek verwijzers jeugdhulp §2.2 (r. 3601–3611))",
        )
    return feitelijk_verblijf, Bevinding(
        "WPB-4",
        Uitkomst.VOORWAARDELIJK,
        "Verantwoordelijk is de gemeente waar de jeugdige bij de hulpvraag feitelijk verblijft.",
        f"{BRON} (Handboek verwijzers jeugdhulp §2.2 (r. 3601–3615))",
    )


WMO_BRON = "Wmo 2015 art. 1.1.1 (begrip ingezetene)"


def verantwoordelijke_gemeente_wmo(*, brp_gemeente: str | None) -> tuple[str | None, Bevinding]:
    """Wmo: the gemeente where the inwoner is ingezetene (BRP). The Wmo handbook has no woonplaats rule, so the
    law's own definition is used; with no BRP-adres there is nothing to suggest."""
    if brp_gemeente:
        return brp_gemeente, Bevinding(
            "WPB-WMO",
            Uitkomst.TOEGESTAAN,
            "Wmo: verantwoordelijk is de gemeente waar de inwoner als ingezetene staat ingeschreven (BRP).",
            WMO_BRON,
        )
    return None, Bevinding(
        "WPB-WMO",
        Uitkomst.VOORWAARDELIJK,
        "Wmo: er is geen BRP-adres bekend; stel vast waar de inwoner als ingezetene staat ingeschreven.",
        WMO_BRON,
    )
