"""The screens' forms, one module per stage of the flow (as `verwijzing.views`)."""
