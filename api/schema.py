"""The OpenAPI description of the lists' filters.

drf-spectacular reads a FilterSet's filters to describe the parameters; for those whose type
it cannot tell (a model chosen by slug, choices filled in when the FilterSet is built, a
custom year filter) it would guess a string with a warning, and ``check --deploy`` would
report the warning. Here those types are stated: a slug or a code is a string, a year an
integer.
"""

import copy

from django import forms
from django_filters import filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes


def stated_type(filter_field):
    """The type to state for a filter drf-spectacular cannot type by itself, or None."""
    if isinstance(filter_field, (filters.ModelChoiceFilter, filters.ModelMultipleChoiceFilter)):
        return OpenApiTypes.STR  # a slug
    if isinstance(filter_field, (filters.ChoiceFilter, filters.MultipleChoiceFilter)):
        return None if filter_field.extra.get("choices") else OpenApiTypes.STR
    if type(filter_field) is not filters.Filter and issubclass(
        filter_field.field_class, forms.IntegerField
    ):
        return OpenApiTypes.INT
    return None


class StrictFilterExtension(DjangoFilterExtension):
    target_class = "api.filters.StrictFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        kind = stated_type(filter_field)
        if kind is None:
            return super().resolve_filter_field(
                auto_schema, model, filterset_class, field_name, filter_field
            )
        stated = copy.copy(filter_field)
        set_override(stated, "field", kind)
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, stated
        )
        for parameter in parameters:
            parameter["description"] = self._get_field_description(filter_field, None) or ""
            if not parameter["description"]:
                del parameter["description"]
        return parameters
