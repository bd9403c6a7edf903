from django.urls import path

from . import views

app_name = "datapackage"
urlpatterns = [
    path("", views.data_package, name="index"),
    path("<path:name>", views.data_file, name="file"),
]
