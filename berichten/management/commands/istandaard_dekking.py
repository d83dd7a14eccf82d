"""`python manage.py istandaard_dekking`: per category of iStandaarden rules (OP, TR, CD/CS, IV, UP, RS/COD) how
many are implemented, partial, not ours or not yet, from docs/istandaard-dekking.yaml."""

from django.core.management.base import BaseCommand

from istandaard.dekking import STATUSSEN, regels, telling


class Command(BaseCommand):
    help = "Dekking van de iStandaarden-regels per categorie."

    def handle(self, *args, **options):
        breedte = max(len(s) for s in STATUSSEN) + 2
        self.stdout.write("categorie".ljust(10) + "".join(s.rjust(breedte) for s in STATUSSEN) + "totaal".rjust(8))
        tabel = telling(regels())
        for categorie, aantallen in tabel.items():
            rij = "".join(str(aantallen[s]).rjust(breedte) for s in STATUSSEN)
            self.stdout.write(categorie.ljust(10) + rij + str(sum(aantallen.values())).rjust(8))
        totaal = {s: sum(a[s] for a in tabel.values()) for s in STATUSSEN}
        rij = "".join(str(totaal[s]).rjust(breedte) for s in STATUSSEN)
        self.stdout.write("totaal".ljust(10) + rij + str(sum(totaal.values())).rjust(8))
