"""Keeps each institution's auth group in step with institutions and memberships, and drops the
cached filter choices (networks.choices) when master data changes.

This is an infrastructure mirror for django-guardian (object permissions are granted to the
institution's group), not domain flow. Signals are used on purpose: they also fire for the
admin's bulk deletes, which bypass Model.delete(), and a stale group membership would leave
a user with another institution's case permissions.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from networks import choices
from networks.models import Institution, Membership


@receiver(post_save, sender=Institution)
def keep_institution_group(sender, instance: Institution, **kwargs):
    if instance.group_id is None:
        group, _ = Group.objects.get_or_create(name=instance.group_name)
        Institution.objects.filter(pk=instance.pk).update(group=group)
        instance.group = group
    elif instance.group.name != instance.group_name:
        instance.group.name = instance.group_name
        instance.group.save(update_fields=["name"])


def _institution_groups():
    return Group.objects.filter(institution__isnull=False)


@receiver(post_save, sender=Membership)
def keep_member_in_institution_group(sender, instance: Membership, **kwargs):
    user = instance.user
    user.groups.remove(*_institution_groups().exclude(pk=instance.institution.group_id))
    user.groups.add(instance.institution.group)


@receiver(post_delete, sender=Membership)
def drop_member_from_institution_group(sender, instance: Membership, **kwargs):
    instance.user.groups.remove(*_institution_groups())


@receiver([post_save, post_delete], sender=Institution)
@receiver([post_save, post_delete], sender=Membership)
@receiver([post_save, post_delete], sender=settings.AUTH_USER_MODEL)
def forget_filter_choices(sender, **kwargs):
    """Names, roles or activity changed: the case list's filter choices are rebuilt."""
    choices.forget()
