"""`python manage.py istandaard_dekking`: per category of iStandaarden rules (OP, TR, CD/CS, IV, UP, RS/COD) how
many are implemented, partial, not ours or not yet, from docs/istandaard-dekking.yaml.

`--kandidaten`: the tests that name a rule code in their name or parametrize ids (e.g. "TR357") but are not in
that rule's row yet — what to add after a merge."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from istandaard.dekking import STATUSSEN, regels, telling

# A code in a test name is lower case ("test_op090x2_…"), in a parametrize id often upper case ("TR357-…").
CODE = re.compile(r"(?<![a-z0-9])(op\d{3}(?:x\d)?|(?:tr|iv|up|cd|cs|rs)\d{3})(?![0-9x])", re.IGNORECASE)


def genoemde_tests(map_: Path) -> dict[str, set[str]]:
    """Rule code -> node ids of the test functions whose name or decorators (parametrize ids) name it."""
    uit: dict[str, set[str]] = {}
    for pad in sorted(map_.rglob("test_*.py")):
        bron = pad.read_text(encoding="utf-8")
        relatief = pad.relative_to(map_.parent).as_posix()
        for n in ast.parse(bron).body:
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name.startswith("test"):
                tekst = n.name + "".join(ast.get_source_segment(bron, d) or "" for d in n.decorator_list)
                for gevonden in set(CODE.findall(tekst)):
                    code = gevonden[:2].upper() + gevonden[2:].lower()
                    uit.setdefault(code, set()).add(f"{relatief}::{n.name}")
    return uit


class Command(BaseCommand):
    help = "Dekking van de iStandaarden-regels per categorie."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kandidaten", action="store_true", help="Tests die een regel noemen maar niet in de tabel staan."
        )

    def handle(self, *args, **options):
        rijen = regels()
        if options["kandidaten"]:
            genoemd = genoemde_tests(Path(settings.BASE_DIR) / "tests")
            for r in rijen:
                nieuw = sorted(genoemd.get(r["code"], set()) - set(r.get("tests", [])))
                if nieuw:
                    self.stdout.write(f"{r['code']} ({r['status']}): " + ", ".join(nieuw))
            return
        breedte = max(len(s) for s in STATUSSEN) + 2
        self.stdout.write("categorie".ljust(10) + "".join(s.rjust(breedte) for s in STATUSSEN) + "totaal".rjust(8))
        tabel = telling(rijen)
        for categorie, aantallen in tabel.items():
            rij = "".join(str(aantallen[s]).rjust(breedte) for s in STATUSSEN)
            self.stdout.write(categorie.ljust(10) + rij + str(sum(aantallen.values())).rjust(8))
        totaal = {s: sum(a[s] for a in tabel.values()) for s in STATUSSEN}
        rij = "".join(str(totaal[s]).rjust(breedte) for s in STATUSSEN)
        self.stdout.write("totaal".ljust(10) + rij + str(sum(totaal.values())).rjust(8))
