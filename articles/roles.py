"""Staff roles: editors add, change and publish content in the admin; superusers administer.

The "Editor" group and its permissions are created by migration 0004_editor_group.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

EDITOR_GROUP = "Editor"


def editor_add(
    *, username: str, email: str = "", password: str | None = None
) -> tuple[object, bool]:
    """Make ``username`` a staff user in the Editor group; return (user, whether anything
    changed). A new user needs ``password``; an existing one keeps theirs. Raises
    ValidationError, naming the field, for a bad username, email or password."""
    User = get_user_model()
    try:
        group = Group.objects.get(name=EDITOR_GROUP)
    except Group.DoesNotExist:
        raise ValidationError(
            f'There is no "{EDITOR_GROUP}" group: run "manage.py migrate" first.'
        ) from None
    username = username.strip()
    _check("username", User.username_validator, username)
    if email:
        _check("email", validate_email, email)
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        changed = user is None
        if user is None:
            if not password:
                raise ValidationError({"password": "A new editor needs a password."})
            user = User(username=username, email=email)
            _check("password", validate_password, password, user)
            user.set_password(password)
        if email and user.email != email:
            user.email, changed = email, True
        if not user.is_staff or not user.is_active:
            user.is_staff = user.is_active = True
            changed = True
        if changed:
            user.save()
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
            changed = True
    return user, changed


def _check(field: str, validate, *args) -> None:
    try:
        validate(*args)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
