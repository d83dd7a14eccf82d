"""Who decides (beschikt) in a gemeente and domain — the backoffice for Jeugd, the consulent for Wmo,
configurable per gemeente (Handboek Maatwerkdiensten Wmo §2 (r. 120–121)) — as the one check every deciding service
makes."""

from django.utils.translation import gettext as _

from accounts.permissions import mag_beschikken, mag_verzoek_behandelen
from toegang.fouten import Geweigerd


def eis_beslisser(door, gemeente, domein: str) -> None:
    if not mag_beschikken(door, gemeente, domein):
        raise Geweigerd(_("U mag in deze gemeente niet beschikken voor dit domein."))


def eis_verzoekbehandelaar(door, gemeente, domein: str) -> None:
    """A verzoek om toewijzing (315) is decided by whoever the gemeente gives 315s to (backoffice by default)."""
    if not mag_verzoek_behandelen(door, gemeente, domein):
        raise Geweigerd(_("U behandelt in deze gemeente geen verzoeken om toewijzing voor dit domein."))
