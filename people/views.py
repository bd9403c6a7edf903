from django.views.generic import DetailView, ListView

from diplomacy_kb.views import ClampedPaginationMixin, PublicViewMixin

from .models import Agency, Body, Country, Person


class PersonListView(PublicViewMixin, ClampedPaginationMixin, ListView):
    queryset = Person.objects.by_given_name()
    template_name = "people/person_list.html"
    context_object_name = "people"
    paginate_by = 50


class PersonDetailView(PublicViewMixin, DetailView):
    queryset = Person.objects.select_related("nationality")
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["positions"] = self.object.positions.select_related("agency")
        return context


class AgencyListView(PublicViewMixin, ListView):
    queryset = Agency.objects.order_by("kind", "name_vi")
    template_name = "people/agency_list.html"
    context_object_name = "agencies"


class AgencyDetailView(PublicViewMixin, DetailView):
    queryset = Agency.objects.select_related("parent", "country")
    template_name = "people/agency_detail.html"
    context_object_name = "agency"


class CountryListView(PublicViewMixin, ListView):
    model = Country
    template_name = "people/country_list.html"
    context_object_name = "countries"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bodies"] = Body.objects.select_related("parent")
        return context


class CountryDetailView(PublicViewMixin, DetailView):
    model = Country
    template_name = "people/country_detail.html"
    context_object_name = "country"


class BodyDetailView(PublicViewMixin, DetailView):
    queryset = Body.objects.select_related("parent")
    template_name = "people/body_detail.html"
    context_object_name = "body"
