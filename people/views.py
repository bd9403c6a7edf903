from django.views.generic import DetailView

from .models import Agency, Body, Country, Person


class PersonDetailView(DetailView):
    queryset = Person.objects.select_related("nationality")
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["positions"] = self.object.positions.select_related("agency")
        return context


class AgencyDetailView(DetailView):
    queryset = Agency.objects.select_related("parent", "country")
    template_name = "people/agency_detail.html"
    context_object_name = "agency"


class CountryDetailView(DetailView):
    model = Country
    template_name = "people/country_detail.html"
    context_object_name = "country"


class BodyDetailView(DetailView):
    queryset = Body.objects.select_related("parent")
    template_name = "people/body_detail.html"
    context_object_name = "body"
