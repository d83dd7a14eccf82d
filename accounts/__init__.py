"""Accounts: users and their role, memberships of gemeenten with the permissions held there,
two-factor authentication, lockout, and the one scoping mechanism every view, API, PDF and export
uses (`accounts.scoping`).

Its own app because who-may-see-what is one concern that every other app consults and none may
reimplement.
"""
