"""``/healthz``: the web process is up and answers (for a load balancer or a monitor)."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    # No database query: a slow database shows in the pages' own time limit (503), and a
    # check that touched it would take every worker out of a load balancer at once.
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
