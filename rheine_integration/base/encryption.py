"""Encrypted model fields for the most sensitive free texts (Art. 9 GDPR health data, notes).

Fernet (AES-128-CBC + HMAC-SHA256, from pyca/cryptography) with keys from the environment
(settings.FIELD_ENCRYPTION_KEYS: the first key encrypts, every key decrypts, so a new key can
be put in front and old rows re-encrypted with ``manage.py rotate_field_encryption``).

What this protects: database dumps, backups and replicas that leak without the application's
environment. What it does not: anyone with the key (the running app), search (the ciphertext is
random, so these fields are never filtered, ordered or indexed; names stay plain text because
duplicate detection and search need them). A value that cannot be decrypted raises instead of
showing ciphertext or nothing.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator
from django.db import models

PREFIX = "fernet:"  # marks ciphertext, so unencrypted legacy rows are told apart safely


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set.")
    return MultiFernet([Fernet(key.encode("ascii")) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return PREFIX + fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before encryption was switched on; re-saved encrypted
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An encrypted field cannot be decrypted with FIELD_ENCRYPTION_KEY (wrong or removed key)."
        ) from error


def rotate(stored: str) -> str:
    """Re-encrypt with the first key (after a new key was put in front)."""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode("ascii")).decode("ascii")


class BoundedTextField(models.TextField):
    """A TextField whose max_length is a rule of the model, not only of its form field.

    Django's TextField passes max_length to the form field alone; CharField also validates it
    in the model (full_clean). A limit set on a form field after it is built does nothing at
    all (no validator), which let a 1 MiB note through."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(MaxLengthValidator(self.max_length))


class EncryptedTextField(BoundedTextField):
    """A TextField stored encrypted; empty text stays empty (nothing to hide, no NULLs)."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name):
        # Ciphertext cannot be compared: only "is (not) empty / null" questions make sense.
        if lookup_name not in ("exact", "isnull"):
            return None
        return super().get_lookup(lookup_name)
