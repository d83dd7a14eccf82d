"""Producten: the region's catalogue of Jeugd and Wmo products, their tariffs over time, the
indicatiewijze per gemeente and the contracts (which aanbieder may deliver which product in which
gemeente and perceel).

Its own app because the catalogue is versioned reference data that functioneel beheer edits and the
rules module, the referral flow and the berichten all read. It is loaded from
`producten/data/catalogus.yaml`, where each value names the handbook line it comes from.
"""
