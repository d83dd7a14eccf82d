"""Inwoners: the person the help is for (BSN, name, geboortedatum, addresses by soort), their
relaties (ouder, gezaghebbende, voogd, vertegenwoordiger, contactpersoon) and where each field came
from, so a BRP source can be plugged in later.

Its own app because the inwoner outlives any dossier and is shared by Jeugd and Wmo.
"""
