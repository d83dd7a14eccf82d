import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

POSTCODE_NL = re.compile(r"^[1-9][0-9]{3}\s?[A-Za-z]{2}$")


def valideer_bsn(waarde: str) -> None:
    """BSN: 9 digits and the elfproef (iJw/iWmo CS002), checked by python-stdnum."""
    if not re.fullmatch(r"[0-9]{9}", waarde or ""):
        raise ValidationError(_("Een BSN bestaat uit precies 9 cijfers."), code="bsn_lengte")
    if not stdnum_bsn.is_valid(waarde):
        raise ValidationError(
            _("Dit BSN is ongeldig: de elfproef klopt niet. Controleer het nummer."), code="bsn_elfproef"
        )


def normaliseer_bsn(waarde: str) -> str:
    return re.sub(r"[\s.\-]", "", waarde or "")


def valideer_niet_in_toekomst(waarde: date) -> None:
    if waarde and waarde > timezone.localdate():
        raise ValidationError(_("De geboortedatum ligt in de toekomst."), code="toekomst")


# No living person is older: a birth date before this is a typing error (0001-01-01, 1850). An unknown birth
# date is recorded as such (iJw DatumGebruik), never as an extreme date.
MAXIMALE_LEEFTIJD = 120


def valideer_niet_te_oud(waarde: date) -> None:
    vandaag = timezone.localdate()
    try:
        grens = vandaag.replace(year=vandaag.year - MAXIMALE_LEEFTIJD)
    except ValueError:  # 29 February
        grens = vandaag.replace(year=vandaag.year - MAXIMALE_LEEFTIJD, day=28)
    if waarde and waarde < grens:
        raise ValidationError(
            _("De geboortedatum ligt meer dan %(jaren)s jaar terug. Controleer de datum.")
            % {"jaren": MAXIMALE_LEEFTIJD},
            code="te_oud",
        )


def valideer_postcode_nl(waarde: str) -> None:
    if waarde and not POSTCODE_NL.match(waarde):
        raise ValidationError(_("Een Nederlandse postcode heeft de vorm 1234 AB."), code="postcode")


def normaliseer_postcode(waarde: str) -> str:
    waarde = (waarde or "").replace(" ", "").upper()
    return waarde
