"""Code lists of iJw/iWmo 3.2 used on inwoner and relatie (COD046, COD170, COD700, COD757, COD472, NUM061)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Geslacht(models.TextChoices):  # COD046
    ONBEKEND = "0", _("Onbekend")
    MAN = "1", _("Man")
    VROUW = "2", _("Vrouw")


class DatumGebruik(models.TextChoices):  # COD170: which part of a birth date is unknown (OP252, IV009)
    BEKEND = "", _("Geboortedatum bekend")
    DAG_ONBEKEND = "1", _("Alleen maand en jaar bekend")
    DAG_EN_MAAND_ONBEKEND = "2", _("Alleen het jaar bekend")
    ONBEKEND = "3", _("Geboortedatum onbekend")


class NaamGebruik(models.TextChoices):  # COD700; 5 and 6 are not allowed for a client (CS050, CS318)
    EIGEN = "1", _("Eigen naam")
    PARTNER = "2", _("Naam partner")
    PARTNER_EIGEN = "3", _("Naam partner gevolgd door eigen naam")
    EIGEN_PARTNER = "4", _("Eigen naam gevolgd door naam partner")


class AdresSoort(models.TextChoices):  # COD757
    BRP = "01", _("BRP-adres")
    CORRESPONDENTIE = "02", _("Correspondentieadres")
    VERBLIJF = "03", _("Verblijfadres")
    TIJDELIJK_VERBLIJF = "04", _("Tijdelijk verblijfadres")


class AanduidingWoonadres(models.TextChoices):  # NUM061
    AAN_BOORD = "AB", _("Aan boord")
    BIJ = "BY", _("Bij")
    TEGENOVER = "TO", _("Tegenover")
    WOONWAGEN = "WW", _("Woonwagen")


class SoortRelatie(models.TextChoices):  # COD472
    CURATOR = "03", _("Curator (juridisch)")
    FINANCIEEL_GEMACHTIGD = "04", _("Financieel (gemachtigd)")
    FINANCIEEL_TOETSING = "05", _("Financieel (toetsing)")
    LEEFEENHEID = "06", _("Leefeenheid")
    HULPVERLENER = "07", _("Hulpverlener")
    SPECIALIST = "08", _("Specialist")
    ANDERS = "09", _("Anders")
    OUDER = "10", _("Ouder")
    VOOGD = "11", _("Voogd")
    PARTNER = "12", _("Partner/echtgeno(o)t(e)")
    PLEEGOUDER = "13", _("Pleegouder")
    BEWINDVOERDER = "14", _("Bewindvoerder")
    MENTOR = "15", _("Mentor")
    KIND = "16", _("Zoon/dochter")
    FAMILIELID = "17", _("Familielid")
    GEZINSLID = "18", _("Gezinslid")
    BUUR = "19", _("Buur")
    VRIEND = "20", _("Vriend(in)/kennis")
    CLIENTONDERSTEUNER = "21", _("Cliëntondersteuner")
    HUISARTS = "22", _("Huisarts")
    ERVEN = "23", _("Erven van")
    WERKGEVER = "24", _("Werkgever")
    WIJKCOACH = "25", _("Wijkcoach")


class Herkomst(models.TextChoices):
    """Where a value came from, so a BRP source can later take over what the BRP knows."""

    BRP = "brp", _("BRP")
    INWONER = "inwoner", _("Inwoner")
    CONSULENT = "consulent", _("Consulent")
