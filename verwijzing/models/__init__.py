"""The referral flow's models, one module per stage; every public name is re-exported here so
`from verwijzing.models import X` keeps working."""

from .beschikking import (
    Beschikking,
    BeschikkingQuerySet,
    BeschikkingSoort,
    BeschikkingStatus,
    MededelingSoort,
    OpschortingGrond,
    RenderStatus,
    Termijnmededeling,
    Verzendkanaal,
)
from .indicatie import (
    Bekostiging,
    Frequentie,
    GesprekVorm,
    Indicatie,
    Matchingsbesluit,
    Matchingsverzoek,
    MatchingsverzoekQuerySet,
    VerzoekStatus,
)
from .leefzorgplan import (
    GetekendExemplaar,
    Leefgebied,
    LeefzorgplanVersie,
    Methode,
    Ondertekenaar,
    Ondertekening,
    ScanStatus,
)
from .melding import (
    OPEN,
    TERMINAL,
    Dossier,
    DossierQuerySet,
    Kanaal,
    Melder,
    Status,
)
from .onderzoek import (
    Onderzoek,
)
from .toewijzing import (
    TOEWIJZINGNUMMER_MAX,
    Nummerreeks,
    Toewijzing,
    ToewijzingQuerySet,
    ToewijzingStatus,
    Wijziging,
)

__all__ = [
    "OPEN",
    "TERMINAL",
    "Dossier",
    "DossierQuerySet",
    "Kanaal",
    "Melder",
    "Status",
    "Onderzoek",
    "Bekostiging",
    "Frequentie",
    "GesprekVorm",
    "Indicatie",
    "Matchingsbesluit",
    "Matchingsverzoek",
    "MatchingsverzoekQuerySet",
    "VerzoekStatus",
    "GetekendExemplaar",
    "Leefgebied",
    "LeefzorgplanVersie",
    "Methode",
    "Ondertekenaar",
    "Ondertekening",
    "ScanStatus",
    "Beschikking",
    "BeschikkingQuerySet",
    "BeschikkingSoort",
    "BeschikkingStatus",
    "MededelingSoort",
    "OpschortingGrond",
    "RenderStatus",
    "Termijnmededeling",
    "Verzendkanaal",
    "TOEWIJZINGNUMMER_MAX",
    "Nummerreeks",
    "Toewijzing",
    "ToewijzingQuerySet",
    "ToewijzingStatus",
    "Wijziging",
]
