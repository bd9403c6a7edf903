"""What every request to /api/ goes through before the HTTP cache.

- A NUL character in the address gets a 400 in JSON (``RejectNulCharactersMiddleware``, further
  in, answers the site's pages with an HTML page).
- Reads (GET, HEAD, OPTIONS) may come from any site's scripts: ``Access-Control-Allow-Origin: *``,
  never with credentials. Outside the HTTP cache, so that a response it serves, and a 304,
  carry the headers too.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
READS = ("GET", "HEAD", "OPTIONS")

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": ", ".join(READS),
    # A conditional GET from a script asks with these (which trigger a preflight).
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Retry-After",
    "Access-Control-Max-Age": "86400",
    # The site's default (same-origin) would keep other sites' pages from embedding the data.
    "Cross-Origin-Resource-Policy": "cross-origin",
}


def has_nul(request) -> bool:
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        if has_nul(request):
            response = JsonResponse(
                {
                    "detail": _(
                        "The address contains a NUL character (%00). Remove it and try again."
                    )
                },
                status=400,
            )
        else:
            response = self.get_response(request)
        if request.method in READS:
            for header, value in CORS_HEADERS.items():
                response.headers[header] = value
        return response
