"""Organisaties: the seven gemeenten (CBS code, theme, who decides what), their toegang teams and
the aanbieders (AGB, KvK, contactpunt Toegang, aanbieder type per domain over time).

Its own app because accounts, inwoners, producten and every later app hang off these rows, and they
change through functioneel beheer on their own rhythm.
"""
