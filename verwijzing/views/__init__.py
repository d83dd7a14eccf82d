"""The dossier screens, one module per stage of the flow. Thin: parse the form, call a service, render;
reads go through the scope (`verwijzing.selectors`)."""
