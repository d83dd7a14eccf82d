"""Portaal: the aanbieder's screens — thin views over verwijzing's services, scoped to the
aanbieder of the logged-in medewerker. Its own room because its users, navigation and scope differ
from the toegang's: an aanbieder sees only what is addressed to its own organisation."""
