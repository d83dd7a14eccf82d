from django.core.management.base import BaseCommand

from producten.catalogus import CATALOGUS, laad


class Command(BaseCommand):
    help = "Laadt de productcatalogus uit producten/data/catalogus.yaml (voegt toe wat ontbreekt)."

    def add_arguments(self, parser):
        parser.add_argument("--bijwerken", action="store_true", help="Overschrijf bestaande producten en tarieven.")
        parser.add_argument("--bestand", default=str(CATALOGUS))

    def handle(self, *args, bestand, bijwerken, **options):
        verslag = laad(bestand, bijwerken=bijwerken)
        self.stdout.write(
            f"Catalogus: {verslag.producten_nieuw} producten nieuw, {verslag.producten_bijgewerkt} bijgewerkt, "
            f"{verslag.tarieven_nieuw} tarieven nieuw, {verslag.indicatiewijzen_nieuw} indicatiewijzen nieuw."
        )
