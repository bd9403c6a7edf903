"""The lists' filters: the FilterSets the public pages use, made strict.

A page ignores a value it cannot use and says so beside the list; a program reading the API
would not see that note, so here the same FilterSet's verdict becomes a 400 whose body says
what to fix: ``{"errors": {"person": ["The archive has no official “nobody”."]}}``. An unknown
parameter (a misspelt filter) gets the same answer rather than an unfiltered list.
"""

from collections import defaultdict

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from articles.models import Article, Segment
from diplomacy_kb.filters import MAX_FILTER_VALUES, LimitedValuesMixin, shown, shown_list
from people.models import Person

PAGINATION_PARAMS = ("cursor", "page_size")


def filter_errors(filterset) -> dict[str, list[str]]:
    """What the FilterSet set aside or refused, by parameter: a value given more than once
    where one is taken, values past the limit, values too long, values it does not know."""
    errors: dict[str, list[str]] = defaultdict(list)
    for name, values in getattr(filterset, "repeated", {}).items():
        errors[name].append(
            _("Given more than once (%(values)s): give one value.") % {"values": shown_list(values)}
        )
    for name, values in getattr(filterset, "capped", {}).items():
        errors[name].append(
            ngettext(
                "At most %(max)s values: %(count)s too many.",
                "At most %(max)s values: %(count)s too many.",
                len(values),
            )
            % {"max": MAX_FILTER_VALUES, "count": len(values)}
        )
    for item in getattr(filterset, "dropped", []):
        errors[item.name].append(str(item.message))
    if filterset.is_bound:
        for name, problems in filterset.form.errors.as_data().items():
            errors[name] += [_quoted_safely(problem) for problem in problems]
    return dict(errors)


def _quoted_safely(error) -> str:
    """A validation message with the value it quotes made printable and short."""
    params = dict(error.params or {})
    for key, value in params.items():
        if isinstance(value, str):
            params[key] = shown(value)
    message = str(error.message)
    return message % params if params else message


def refuse(errors: dict[str, list[str]]):
    raise ValidationError({"errors": errors})


class StrictFilterBackend(DjangoFilterBackend):
    """Filters a list with the view's ``filterset_class``; a detail takes no parameter."""

    def allowed_params(self, view) -> list[str]:
        if getattr(view, "action", None) != "list":
            return []
        filterset_class = getattr(view, "filterset_class", None)
        names = list(filterset_class.base_filters) if filterset_class else []
        return names + list(PAGINATION_PARAMS)

    def filter_queryset(self, request, queryset, view):
        allowed = self.allowed_params(view)
        unknown = [name for name in request.query_params if name not in allowed]
        if unknown:
            if allowed:
                message = _("Unknown parameter: this list takes %(names)s.") % {
                    "names": ", ".join(sorted(allowed))
                }
            else:
                message = _("Unknown parameter: this address takes none.")
            refuse({shown(name): [message] for name in unknown[:MAX_FILTER_VALUES]})
        if not allowed:
            return queryset
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        errors = filter_errors(filterset)
        if errors:
            refuse(errors)
        view.filterset = filterset
        return filterset.qs


class AnswerFilter(LimitedValuesMixin, django_filters.FilterSet):
    """The interview answers of one official, or of one article."""

    person = django_filters.ModelChoiceFilter(
        field_name="speaker",
        to_field_name="slug",
        queryset=Person.objects.public(),
        label=gettext_lazy("Official"),
        help_text=gettext_lazy("The speaker's slug: bui-thanh-son."),
        error_messages={"invalid_choice": gettext_lazy("The archive has no official “%(value)s”.")},
    )
    article = django_filters.ModelChoiceFilter(
        field_name="article",
        to_field_name="slug",
        queryset=Article.objects.published(),
        label=gettext_lazy("Article"),
        help_text=gettext_lazy("The article's slug."),
        error_messages={"invalid_choice": gettext_lazy("The archive has no article “%(value)s”.")},
    )

    single_valued = ("person", "article")

    class Meta:
        model = Segment
        fields: list[str] = []
