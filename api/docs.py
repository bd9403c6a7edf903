"""The API's documentation page, rendered on the server from its OpenAPI description.

A page of the site like any other (both languages, the site's stylesheet, no script), so the
Content-Security-Policy needs no exception, as a Swagger UI or Redoc page would.
"""

from dataclasses import dataclass, field
from functools import cache

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

from diplomacy_kb.views import PublicViewMixin

from .pagination import MAX_PAGE_SIZE


def not_found(request, *args, **kwargs):
    return JsonResponse(
        {"detail": _("No such address in the API: its root, /api/, lists the resources.")},
        status=404,
    )


@dataclass
class Parameter:
    name: str
    where: str
    type: str
    required: bool
    description: str
    values: list[str] = field(default_factory=list)


@dataclass
class Endpoint:
    path: str
    summary: str
    description: str
    parameters: list[Parameter]


def _type(schema: dict) -> str:
    if schema.get("type") == "array":
        return f"{_type(schema.get('items', {}))}[]"
    return schema.get("format") or schema.get("type") or "string"


@cache
def endpoints(language: str) -> tuple[Endpoint, ...]:
    """Every GET operation of the schema, in its order; the schema depends on the code and
    the language only, so it is built once per language and process."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    out = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        parameters = []
        for p in get.get("parameters", []):
            schema_of = p.get("schema", {})
            values = schema_of.get("enum") or schema_of.get("items", {}).get("enum") or []
            parameters.append(
                Parameter(
                    name=p["name"],
                    where=p["in"],
                    type=_type(schema_of),
                    required=p.get("required", False),
                    description=p.get("description", ""),
                    values=[str(v) for v in values if v not in (None, "")],
                )
            )
        out.append(Endpoint(path, get.get("summary", ""), get.get("description", ""), parameters))
    return tuple(out)


class ApiDocsView(PublicViewMixin, TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        origin = self.request.build_absolute_uri("/").rstrip("/")
        context.update(
            endpoints=endpoints(get_language() or ""),
            origin=origin,
            root_url=origin + reverse("api:api-root"),
            schema_url=origin + reverse("api:schema"),
            max_page_size=MAX_PAGE_SIZE,
            examples=[
                f"{origin}/api/articles/?person=bui-thanh-son&year=2016",
                f"{origin}/api/articles/?q=hoi+nhap+quoc+te&sort=oldest&page_size=50",
                f"{origin}/api/answers/?person=bui-thanh-son",
                f"{origin}/api/people/?agency=bo-ngoai-giao",
                f"{origin}/api/conferences/?series=hoi-nghi-ngoai-giao",
            ],
        )
        return context
