"""Regie: the region's rules as versioned data plus small pure functions — stapeling (the Jeugd
stapelingsmatrix cell by cell and the Wmo stacking rules), tarief and budget, eligibility
(leeftijd, bijzondere toegang, perceel, contract, duur, matchingsgesprek, woonplaatsbeginsel) and
termijnen. Every verdict (`Bevinding`) names its rule id, its source and the version of the rule data.

Its own app because the rules change on the region's rhythm (functioneel beheer edits a cell or a
term without a release) and the referral flow, the API and the command line all ask them.
"""
