from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from people.models import Position

from .models import Article, Document, PersonMention, Segment


class PublishedArticlesMixin:
    """The public sees published articles only."""

    def get_queryset(self):
        return Article.objects.published().select_related("publication")


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return super().get_queryset().newest_first()


class ArticleListView(HomeView):
    template_name = "articles/article_list.html"


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("segments", queryset=Segment.objects.select_related("speaker")),
                Prefetch(
                    "person_mentions",
                    queryset=PersonMention.objects.select_related("person").prefetch_related(
                        Prefetch("positions", queryset=Position.objects.select_related("agency"))
                    ),
                ),
            )
        )


class DocumentDetailView(DetailView):
    queryset = Document.objects.select_related("issuer", "conference")
    template_name = "articles/document_detail.html"
    context_object_name = "document"
