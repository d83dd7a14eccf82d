"""Demo: fictitious data for all seven gemeenten (accounts for every role, aanbieders with
contracts, inwoners with relaties), made with the same factories the tests use.

Its own app because it depends on every other app and no app may depend on it.
"""
