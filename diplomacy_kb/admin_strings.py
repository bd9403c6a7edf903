"""Admin strings our catalogue translates though no code of ours says them, listed so that
``makemessages`` keeps them in ``locale/vi/LC_MESSAGES/django.po``.

``makemessages`` marks obsolete (``#~``) every msgid it no longer finds in the project, which
would drop these translations; naming the msgids here, exactly as they are looked up, keeps
them. Nothing imports this module: ``gettext_noop`` only marks the strings for extraction.
tests/test_i18n.py fails when one is missing.

- django-axes names its models in the permission lists of the user and group forms.
- django-reversion (the admin's History, "Recover deleted …" and revision pages) ships no
  Vietnamese catalogue.
- Django's own Vietnamese catalogue lacks some of the admin's newer strings.
- The admin's history stores the labels of changed fields untranslated, capitalised as a
  form shows them ("Changed Status."), and translates them when shown: each label needs an
  entry of its own besides the lower-case verbose name.
"""

from django.utils.translation import gettext_noop as _

STRINGS = (
    # django-axes' models (its sign-in records), named in the permissions of the user and
    # group forms; axes has no Vietnamese catalogue.
    _("access attempt"),
    _("access attempt expiration"),
    _("access failure"),
    _("access log"),
    # reversion/admin.py
    _("Initial version."),
    _("Reverted to previous version, saved on %(datetime)s"),
    _("Could not load %(object_repr)s version - not found"),
    _("Recover %(name)s"),
    _("Revert %(name)s"),
    _("Recover deleted %(name)s"),
    # reversion/models.py, reported by the admin when a version cannot be restored
    _("Could not save %(object_repr)s version - missing dependency."),
    _("Could not load %(object_repr)s version - incompatible version data."),
    _("Could not load %(object_repr)s version - unknown serializer %(format)s."),
    # reversion/templates/reversion/*.html
    _("Choose a date from the list below to revert to a previous version of this object."),
    _("Date/time"),
    _("User"),
    _("Action"),
    _("This object doesn't have a change history. It probably wasn't added via this admin site."),
    _("Home"),
    _("Press the save button below to recover this version of the object."),
    _("Choose a date from the list below to recover a deleted version of an object."),
    _("There are no deleted objects to recover."),
    _("History"),
    _("Revert %(verbose_name)s"),
    _("Press the save button below to revert to this version of the object."),
    # in django-reversion's own catalogues, from earlier versions of its admin
    _("Deleted %(verbose_name)s."),
    _('The %(model)s "%(name)s" was reverted successfully. You may edit it again below.'),
    _("Comment"),
    _("DATETIME_FORMAT"),
)

DJANGO_ADMIN = (
    _("Add link"),
    _("After you’ve created a user, you’ll be able to edit more user options."),
    _("Breadcrumbs"),
    _("Change or view list link"),
    _("Disabled"),
    _("Enabled"),
    _("Filter navigation items"),
    _("Model name"),
    _("Password-based authentication"),
    _("Raw passwords are not stored, so there is no way to see the user’s password."),
    _("Reset password"),
    _("Select all objects on this page for an action"),
    _("Select this object for an action - {}"),
    _("Show counts"),
    _("Sidebar"),
    _("Toggle navigation"),
    _("Toggle theme (current theme: auto)"),
    _("Toggle theme (current theme: dark)"),
    _("Toggle theme (current theme: light)"),
    _("View selected %(model)s"),
    _(
        "Whether the user will be able to authenticate using a password or not. If "
        "disabled, they may still be able to authenticate using other backends, such as "
        "Single Sign-On or LDAP."
    ),
    _("…"),
    # django-reversion's app and model names
    _("Reversion"),
    _("revision"),
)

FIELD_LABELS = (
    _("Adopted at"),
    _("Anchor"),
    _("Attendance note"),
    _("Bodies"),
    _("Body"),
    _("Code"),
    _("End"),
    _("End precision"),
    _("Issued by"),
    _("Name order"),
    _("Editor"),
    _("Number"),
    _("Object id"),
    _("Order in the text"),
    _("Note (English)"),
    _("Ordinal"),
    _("Owner"),
    _("Parent agency"),
    _("People"),
    _("Mentions in all articles"),
    _("Photo credit"),
    _("Photo credits"),
    _("Publication"),
    _("Published interviews"),
    _("Revised"),
    _("Slug"),
    _("Source credit"),
    _("Speaker label"),
    _("Start"),
    _("Start precision"),
    _("Status"),
    _("Titles held"),
    _("Why the dates are inferred"),
    _("Why the dates are inferred (English)"),
    _("Why the title is inferred"),
)
