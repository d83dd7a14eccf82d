import uuid

from . import context


class AuditContextMiddleware:
    """Makes who/where/route available to audit.record() for the duration of a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = str(uuid.uuid4())
        token = context.set_current(context.from_request(request))
        try:
            return self.get_response(request)
        finally:
            context.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The resolver match (route name) is known only now; refresh the context with it.
        context.set_current(context.from_request(request))
