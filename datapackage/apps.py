from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataPackageConfig(AppConfig):
    name = "datapackage"
    verbose_name = _("Data download")
