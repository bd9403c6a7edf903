from django.shortcuts import render
from django.utils.translation import gettext as _


class RejectNulCharactersMiddleware:
    """Answer 400 with an explanation when the address holds a NUL character (%00).

    No page has a use for one, and PostgreSQL refuses NUL in text, so it is stopped here
    rather than in every form and filter.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return render(
                request,
                "400.html",
                {
                    "message": _(
                        "The address contains a NUL character (%00). Remove it and try again."
                    )
                },
                status=400,
            )
        return self.get_response(request)
