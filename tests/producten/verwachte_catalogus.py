"""Expected product catalogue: an independent, hand-made transcription for the fixture test.

This table lists every indicatable productcode of the Jeugd and Wmo catalogues of the
seven Noord-Limburg municipalities, with domein, eenheid and tariffs. It was transcribed by hand
from the handbooks. It was done independently of the fixture ``producten/data/catalogus.yaml``:
that file was not opened while this table was written. A test that compares the two therefore
catches transcription errors in either one.

Sources
-------
- The Handboek verwijzers jeugdhulp (versie 2.1, augustus 2023). Products are taken from the verwijsstamboom
  (Handboek verwijzers jeugdhulp §2.8 (r. 3809–4151)). Amounts are taken from the "Bekostiging" table of each
  product chapter, which gives both the micro- and the reguliere-aanbieder tariff. Where there is no chapter table,
  amounts come from the tables named in ``bron``: C&A Handboek verwijzers jeugdhulp §1.1.1.2 (r. 452–470), PGB/ZIN
  "JEUGD 2023" Handboek verwijzers jeugdhulp §1.1.1.6 (r. 1477–1553), vervoer Handboek verwijzers jeugdhulp §2.6
  (r. 3789–3791). Every regulier amount was also checked against the stamboom. They all agree. The stamboom amounts
  equal the "JEUGD 2023" table, so the tariffs are prijspeil 2023. Vervoer 42A03 is labelled "prijspeil 2022" in
  Handboek verwijzers jeugdhulp §2.6 (r. 3789), but the 2023 table gives the same amount (§1.1.1.6, r. 1553).
- The Handboek Maatwerkdiensten Wmo. It gives no amounts. Every tariff cell says "Zie website MGR" or "tarief per
  traject per aanbieder", and Bijlage 1 Tarievenblad only points to the website (Handboek Maatwerkdiensten Wmo,
  bijlage 1 (r. 1672–1676)). For that reason every Wmo tariff is None.
- Every amount was read from the handbook text itself.
- ``bron`` gives the handbook, paragraph and line range(s) where the code, eenheid and tariff(s) are. Line numbers
  (r.) are those of the plain text of the handbook (docs/bronnen.md).

Choices made
------------
- 41A16 (Ontwikkelgroep EMB) is a product in its own right. The stamboom prints "Dagdeel: 41A15" for
  both Opgroeiproblematiek and EMB (Handboek verwijzers jeugdhulp §2.8, r. 3917, r. 3925). The chapter table (Handboek
  verwijzers jeugdhulp §3.3.1 (r. 7106)) and the PGB table (Handboek verwijzers jeugdhulp §1.1.1.6 (r. 1511)) give EMB =
  41A16. 41A15 is listed once, as Opgroeiproblematiek jonge kind.
- 41L23 is left out. It appears only in the plekken looptijd table (Handboek verwijzers jeugdhulp §1.1.2.2.3 (r. 1962))
  and is probably an obsolete code. Left out as well: the legacy codes 45A63, 45A04, 45A05, 45B63, 45B64 and 45B65
  (PvE cliënt-count only, Handboek verwijzers jeugdhulp §3.4.2 (r. 8855–8859)), and the products without a productcode
  (Crisishulp, LTA, Jeugdzorgplus).
- 44A80 Beschermd wonen jeugd: eenheid Etmaal (Handboek verwijzers jeugdhulp §3.2.6 (r. 6713)). Tariffs None: the
  stamboom says "Tarief per aanbieder" (Handboek verwijzers jeugdhulp §2.8 (r. 3859)) and the chapter says the
  prijsafspraken are "niet openbaar" (Handboek verwijzers jeugdhulp §3.2.6 (r. 6707–6709)).
- 15A01 (Wmo Beschermd Wonen) is included because Handboek verwijzers jeugdhulp §3.2.6 (r. 6717) gives it as a code: "De
  code voor Wmo is 15A01". The Wmo handbook does not describe the product and refers to a separate handboek
  Beschermd Wonen
  (Handboek Maatwerkdiensten Wmo §4 (r. 240–247)). Its eenheid is not stated anywhere, so eenheid and tariffs are None.
- Single tariff with no micro/regulier split: the same amount goes in both columns. This applies to
  42A03 (both columns of Handboek verwijzers jeugdhulp §1.1.1.6 (r. 1553) say € 11,79), 53A02, 53A04, 53A05 (Handboek
  verwijzers jeugdhulp §4.2 (r. 11744–11788)) and 54L06 (Handboek verwijzers jeugdhulp §4.3 (r. 11882–11892)).
- 44A08 Gezinshuizen: micro is "nvt"/"N.v.t." (Handboek verwijzers jeugdhulp §3.2.2, r. 5323, §1.1.1.6 r. 1489), so
tarief_micro is None.
- No tariff in the source, so both None: 50L70 and 50L71 (segment 1 tariffs are only on the MGR
  site, Handboek verwijzers jeugdhulp §3.1 (r. 4381–4387)), 50L10 IVH (the table names the aanbieder, not a tariff,
  Handboek verwijzers jeugdhulp §4.1 (r. 11561–11567)), and 49C01 Drangtraject (no tariff anywhere).
- Eenheid None, because it is not stated anywhere in the sources: 50L70, 50L71, 49C01 and 15A01.
- Eenheid taken from the product chapters where the stamboom does not show it: 50L10 Traject
  (Handboek verwijzers jeugdhulp §4.1 (r. 11567)), 53A02/53A04/53A05 Traject, 54L06 Uur, 45L61 Traject, 54L50 and 54L51
  Traject.
- Wmo eenheid: "Traject per inwoner" → "traject", "Jaartraject per inwoner" → "jaartraject",
  "Tarief per maand" → "maand", "Tarief per etmaal" → "etmaal". The less obvious ones:
  * 10B02 (2A) → "traject". The table says "Traject per inwoner" (Handboek Maatwerkdiensten Wmo §5 segment 2A (r. 976)),
    although the text speaks of "jaartrajecten" (Handboek Maatwerkdiensten Wmo §5 segment 2A (r. 1010)).
  * 10M01 (meerwerk 1B) → "maand". The indicatie is "afgegeven per maand", with a maandtarief
    (Handboek Maatwerkdiensten Wmo §5 segment 1B (r. 919–922)). The shared 10B01/10M01 table row says "Traject per
    inwoner" (Handboek Maatwerkdiensten Wmo §5 segment 1B (r. 737–741)).
  * 02M02 and 07M02 (meerwerk 1A, legacy; no new indications since 1-1-2024, Handboek Maatwerkdiensten Wmo §5 segment 1A
    (r. 718–724)) → "traject". This is the eenheid of the only table that lists them: "Productcode 02A02/02M02,
    07A02/07M02" with "Eenheid Traject per inwoner" (Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 373–381)).
  * 02C02 and 07C02 (verlenging 1A1/1A2) → "maand". This is an inference: no eenheid is printed,
    but "de verlenging betreft altijd een x aantal volle maanden", 1 to 12 (Handboek Maatwerkdiensten Wmo §5 segment 1A
    (r. 700–704)).
- Vervoer 08V02/08V03/08V04 = eigen vervoer / gecontracteerd vervoer / rolstoelvervoer. The mapping
  is positional (Handboek Maatwerkdiensten Wmo §4, r. 268–276, §5 segment Vervoer r. 1543–1546).
- The Venlo/Bergen "plekken" tariffs are not in the sources and are not in this table. Their existence
  is noted in Handboek verwijzers jeugdhulp §2.8 (r. 3884–3890).
- Amounts are copied exactly as printed, even where they look arithmetically odd. Example: the
  41L13 micro tariff is € 15.290,10, while 2 x 41L12 micro = 15.290,00 (Handboek verwijzers jeugdhulp §3.3.2 (r. 7380)).
"""

from decimal import Decimal as D

# (productcode, domein, eenheid, tarief_regulier, tarief_micro, bron)
# domein: "jeugd" | "wmo"
# eenheid: one of "etmaal", "dagdeel", "uur", "traject", "jaartraject", "maand", "enkele_reis"
#   (None where no source states it)
# tariffs: Decimal of the amount in euro, or None where the source gives none.
# bron: the handbook and line range where the code and tariff are.
VERWACHTE_PRODUCTEN = [
    # --- Wmo (Handboek Maatwerkdiensten Wmo; no amounts in the handbook) ---
    ("01B04", "wmo", "jaartraject", None, None, "Handboek Maatwerkdiensten Wmo §5 segment 3A (r. 1398–1402)"),
    ("02A02", "wmo", "traject", None, None, "Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 373–381)"),
    ("02C02", "wmo", "maand", None, None, "Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 694–704)"),
    ("02M02", "wmo", "traject", None, None, "Handboek Maatwerkdiensten Wmo §5 segment 1A, r. 373–381, r. 718–724"),
    ("04A01", "wmo", "etmaal", None, None, "Handboek Maatwerkdiensten Wmo §5 segment Logeren (r. 1575–1579)"),
    ("07A02", "wmo", "traject", None, None, "Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 373–381)"),
    ("07C02", "wmo", "maand", None, None, "Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 694–704)"),
    ("07M02", "wmo", "traject", None, None, "Handboek Maatwerkdiensten Wmo §5 segment 1A, r. 373–381, r. 718–724"),
    (
        "08V02",
        "wmo",
        "maand",
        None,
        None,
        "Handboek Maatwerkdiensten Wmo §5 segment Vervoer, r. 1543–1548, §4 r. 268–276",
    ),
    (
        "08V03",
        "wmo",
        "maand",
        None,
        None,
        "Handboek Maatwerkdiensten Wmo §5 segment Vervoer, r. 1543–1548, §4 r. 268–276",
    ),
    (
        "08V04",
        "wmo",
        "maand",
        None,
        None,
        "Handboek Maatwerkdiensten Wmo §5 segment Vervoer, r. 1543–1548, §4 r. 268–276",
    ),
    ("10A06", "wmo", "jaartraject", None, None, "Handboek Maatwerkdiensten Wmo §5 segment 2B (r. 1193–1197)"),
    ("10B01", "wmo", "traject", None, None, "Handboek Maatwerkdiensten Wmo §5 segment 1B (r. 737–741)"),
    ("10B02", "wmo", "traject", None, None, "Handboek Maatwerkdiensten Wmo §5 segment 2A (r. 951–976)"),
    ("10M01", "wmo", "maand", None, None, "Handboek Maatwerkdiensten Wmo §5 segment 1B, r. 737–741, r. 919–922"),
    (
        "15A01",
        "wmo",
        None,
        None,
        None,
        "Handboek verwijzers jeugdhulp §3.2.6 (r. 6715–6717); Handboek Maatwerkdiensten Wmo §4 (r. 240–247)",
    ),
    # --- Jeugd (Handboek verwijzers jeugdhulp) ---
    ("41A15", "jeugd", "dagdeel", D("96.63"), D("83.60"), "Handboek verwijzers jeugdhulp §3.3.1 (r. 7086–7100)"),
    ("41A16", "jeugd", "dagdeel", D("96.63"), D("83.60"), "Handboek verwijzers jeugdhulp §3.3.1 (r. 7102–7112)"),
    ("41L11", "jeugd", "traject", D("4421.70"), D("3822.50"), "Handboek verwijzers jeugdhulp §3.3.2 (r. 7331–7349)"),
    ("41L12", "jeugd", "traject", D("8843.40"), D("7645.00"), "Handboek verwijzers jeugdhulp §3.3.2 (r. 7351–7367)"),
    ("41L13", "jeugd", "traject", D("17686.80"), D("15290.10"), "Handboek verwijzers jeugdhulp §3.3.2 (r. 7369–7384)"),
    ("41L14", "jeugd", "traject", D("26530.40"), D("22932.00"), "Handboek verwijzers jeugdhulp §3.3.2 (r. 7386–7402)"),
    ("41L21", "jeugd", "traject", D("3751.20"), D("3262.68"), "Handboek verwijzers jeugdhulp §3.3.3 (r. 7819–7837)"),
    ("41L22", "jeugd", "traject", D("9973.08"), D("8697.00"), "Handboek verwijzers jeugdhulp §3.3.3 (r. 7859–7873)"),
    ("41L24", "jeugd", "traject", D("7504.68"), D("6527.04"), "Handboek verwijzers jeugdhulp §3.3.3 (r. 7839–7857)"),
    ("41L25", "jeugd", "traject", D("20207.16"), D("17544.04"), "Handboek verwijzers jeugdhulp §3.3.3 (r. 7875–7893)"),
    (
        "42A03",
        "jeugd",
        "enkele_reis",
        D("11.79"),
        D("11.79"),
        "Handboek verwijzers jeugdhulp §2.6, r. 3789–3791, §1.1.1.6 r. 1553",
    ),
    ("44A06", "jeugd", "etmaal", D("209.79"), D("188.90"), "Handboek verwijzers jeugdhulp §3.2.3 (r. 5735–5747)"),
    ("44A07", "jeugd", "etmaal", D("54.31"), D("50.20"), "Handboek verwijzers jeugdhulp §3.2.1 (r. 4874–4882)"),
    ("44A08", "jeugd", "etmaal", D("152.18"), None, "Handboek verwijzers jeugdhulp §3.2.2 (r. 5319–5327)"),
    ("44A80", "jeugd", "etmaal", None, None, "Handboek verwijzers jeugdhulp §3.2.6, r. 6705–6717, §2.8 r. 3859"),
    ("44A90", "jeugd", "etmaal", D("232.53"), D("208.26"), "Handboek verwijzers jeugdhulp §3.2.5 (r. 6281–6292)"),
    ("44A91", "jeugd", "dagdeel", D("55.65"), D("48.70"), "Handboek verwijzers jeugdhulp §3.2.5 (r. 6294–6304)"),
    ("44A92", "jeugd", "etmaal", D("330.79"), D("291.97"), "Handboek verwijzers jeugdhulp §3.2.5 (r. 6306–6312)"),
    ("44A93", "jeugd", "dagdeel", D("83.84"), D("72.70"), "Handboek verwijzers jeugdhulp §3.2.5 (r. 6314–6320)"),
    ("44L09", "jeugd", "etmaal", D("115.42"), D("105.15"), "Handboek verwijzers jeugdhulp §3.2.4 (r. 5997–6009)"),
    ("45L01", "jeugd", "traject", D("7189.44"), D("6124.32"), "Handboek verwijzers jeugdhulp §3.4.4 (r. 9692–9694)"),
    ("45L02", "jeugd", "traject", D("11183.64"), D("9526.80"), "Handboek verwijzers jeugdhulp §3.4.4 (r. 9696–9698)"),
    ("45L03", "jeugd", "traject", D("19171.80"), D("16331.52"), "Handboek verwijzers jeugdhulp §3.4.4 (r. 9700–9702)"),
    ("45L04", "jeugd", "uur", D("79.89"), D("68.05"), "Handboek verwijzers jeugdhulp §3.4.4 (r. 9704–9706)"),
    ("45L05", "jeugd", "uur", D("79.89"), D("68.05"), "Handboek verwijzers jeugdhulp §3.4.4 (r. 9708–9710)"),
    ("45L11", "jeugd", "traject", D("1306.20"), D("1112.76"), "Handboek verwijzers jeugdhulp §3.4.2 (r. 8705–8707)"),
    ("45L12", "jeugd", "traject", D("2612.40"), D("2225.76"), "Handboek verwijzers jeugdhulp §3.4.2 (r. 8709–8711)"),
    ("45L13", "jeugd", "traject", D("5747.28"), D("4895.76"), "Handboek verwijzers jeugdhulp §3.4.2 (r. 8713–8715)"),
    ("45L14", "jeugd", "uur", D("87.08"), D("74.18"), "Handboek verwijzers jeugdhulp §3.4.2 (r. 8717–8719)"),
    ("45L15", "jeugd", "uur", D("87.08"), D("74.18"), "Handboek verwijzers jeugdhulp §3.4.2 (r. 8721–8723)"),
    ("45L22", "jeugd", "traject", D("2614.32"), D("2226.96"), "Handboek verwijzers jeugdhulp §3.4.3 (r. 9224–9226)"),
    ("45L23", "jeugd", "traject", D("5228.52"), D("4453.92"), "Handboek verwijzers jeugdhulp §3.4.3 (r. 9228–9230)"),
    ("45L24", "jeugd", "uur", D("130.72"), D("111.35"), "Handboek verwijzers jeugdhulp §3.4.3 (r. 9232–9234)"),
    ("45L25", "jeugd", "uur", D("130.72"), D("111.35"), "Handboek verwijzers jeugdhulp §3.4.3 (r. 9236–9238)"),
    ("45L61", "jeugd", "traject", D("1331.28"), D("1133.94"), "Handboek verwijzers jeugdhulp §3.4.6 (r. 10821–10823)"),
    ("49C01", "jeugd", None, None, None, "Handboek verwijzers jeugdhulp §2.8 (r. 3896)"),
    ("50L01", "jeugd", "uur", D("73.85"), D("62.92"), "Handboek verwijzers jeugdhulp §1.1.1.2 (r. 454–462)"),
    ("50L02", "jeugd", "uur", D("128.18"), D("109.18"), "Handboek verwijzers jeugdhulp §1.1.1.2, r. 454, r. 464–470"),
    ("50L10", "jeugd", "traject", None, None, "Handboek verwijzers jeugdhulp §4.1, r. 11561–11567, §2.8 r. 3894"),
    ("50L70", "jeugd", None, None, None, "Handboek verwijzers jeugdhulp §2.8, r. 3827–3830, §3.1 r. 4381–4387"),
    ("50L71", "jeugd", None, None, None, "Handboek verwijzers jeugdhulp §2.8, r. 3819–3825, §3.1 r. 4381–4387"),
    ("53A02", "jeugd", "traject", D("346.93"), D("346.93"), "Handboek verwijzers jeugdhulp §4.2 (r. 11744–11758)"),
    ("53A04", "jeugd", "traject", D("408.59"), D("408.59"), "Handboek verwijzers jeugdhulp §4.2 (r. 11760–11774)"),
    ("53A05", "jeugd", "traject", D("1341.71"), D("1341.71"), "Handboek verwijzers jeugdhulp §4.2 (r. 11776–11788)"),
    ("54L01", "jeugd", "traject", D("1083.48"), D("922.92"), "Handboek verwijzers jeugdhulp §3.4.5 (r. 10335–10337)"),
    ("54L02", "jeugd", "traject", D("2653.20"), D("2260.08"), "Handboek verwijzers jeugdhulp §3.4.5 (r. 10339–10341)"),
    ("54L03", "jeugd", "traject", D("5333.64"), D("4543.44"), "Handboek verwijzers jeugdhulp §3.4.5 (r. 10343–10345)"),
    ("54L04", "jeugd", "uur", D("116.94"), D("99.61"), "Handboek verwijzers jeugdhulp §3.4.5 (r. 10352–10354)"),
    ("54L05", "jeugd", "uur", D("116.94"), D("99.61"), "Handboek verwijzers jeugdhulp §3.4.5 (r. 10356–10358)"),
    ("54L06", "jeugd", "uur", D("194.71"), D("194.71"), "Handboek verwijzers jeugdhulp §4.3 (r. 11882–11892)"),
    ("54L50", "jeugd", "traject", D("1190.40"), D("1014.06"), "Handboek verwijzers jeugdhulp §3.4.7 (r. 11301–11303)"),
    ("54L51", "jeugd", "traject", D("5357.34"), D("4563.54"), "Handboek verwijzers jeugdhulp §3.4.7 (r. 11305–11307)"),
]
