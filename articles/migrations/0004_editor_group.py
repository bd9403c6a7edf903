"""The "Editor" group: journalists and researchers who add, change and publish content.

Editors may view, add and change every content model of people, events and articles;
delete the rows that hang off an article, a person or a conference (segments, mentions,
positions, participations) and articles themselves (the admin refuses them a published
one); and publish. Nothing on users or groups: superusers administer those.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editor"
CONTENT_APPS = ("people", "events", "articles")
NOT_EDITED = {"searchentry"}  # the search index is derived from the other rows
DELETABLE = {
    "segment",
    "personmention",
    "agencymention",
    "countrymention",
    "bodymention",
    "conferencemention",
    "documentmention",
    "position",
    "participation",
    "article",
}


def create_editor_group(apps, schema_editor):
    # On a fresh database permissions are created after all migrations (post_migrate);
    # create them now so the group can be given them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = {"publish_article"}
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            name = model._meta.model_name
            if name in NOT_EDITED:
                continue
            codenames |= {f"view_{name}", f"add_{name}", f"change_{name}"}
            if name in DELETABLE:
                codenames.add(f"delete_{name}")
    permissions = Permission.objects.filter(
        content_type__app_label__in=CONTENT_APPS, codename__in=codenames
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(permissions)


def remove_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_constraint_messages_publish_permission"),
        ("events", "0002_constraint_messages"),
        ("people", "0002_constraint_messages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editor_group, remove_editor_group)]
