"""The request context an audit event needs (who, from where, which route), held per request."""

import contextvars
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    gebruiker_id: int | None = None
    gebruikersnaam: str = ""
    rol: str = ""
    ip_adres: str | None = None
    route: str = ""
    request_id: str = ""


_LEEG = AuditContext()
_current: contextvars.ContextVar[AuditContext] = contextvars.ContextVar("audit_context")


def current() -> AuditContext:
    return _current.get(_LEEG)


def set_current(ctx: AuditContext) -> contextvars.Token:
    return _current.set(ctx)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)


def from_request(request) -> AuditContext:
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    match = getattr(request, "resolver_match", None)
    return AuditContext(
        gebruiker_id=user.pk if authenticated else None,
        gebruikersnaam=user.get_username() if authenticated else "",
        rol=getattr(user, "rol", "") if authenticated else "",
        ip_adres=request.META.get("REMOTE_ADDR") or None,
        route=match.view_name if match else "",
        request_id=getattr(request, "request_id", "") or str(uuid.uuid4()),
    )
