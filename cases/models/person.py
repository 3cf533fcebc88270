"""Klient/in: the person the shared case management is for."""

import datetime
import re
import unicodedata

import cologne_phonetics
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from networks.models import LegalDomain
from rheine_integration.bidi import reject_bidi_controls


class ResidenceStatus(models.TextChoices):
    PERMISSION_TO_REMAIN = "gestattung", _("Aufenthaltsgestattung (Asylverfahren)")
    TOLERATION = "duldung", _("Duldung")
    HUMANITARIAN = (
        "humanitarian",
        _("Aufenthaltserlaubnis aus humanitären Gründen (§§ 22–25 AufenthG)"),
    )
    TEMPORARY_PROTECTION = "temporary_protection", _("Vorübergehender Schutz (§ 24 AufenthG)")
    FAMILY = "family", _("Aufenthaltserlaubnis zum Familiennachzug")
    EMPLOYMENT = "employment", _("Aufenthaltserlaubnis zu Ausbildung oder Erwerbstätigkeit")
    SETTLEMENT = "settlement", _("Niederlassungserlaubnis / Daueraufenthalt")
    EU_FREE_MOVEMENT = "eu", _("EU-Freizügigkeit")
    GERMAN = "german", _("deutsche Staatsangehörigkeit")
    UNCLEAR = "unclear", _("ungeklärt")


class Language(models.TextChoices):
    """Languages most often met in the work with newly immigrated people (ISO 639 codes)."""

    ARABIC = "ar", _("Arabisch")
    DARI = "prs", _("Dari")
    PERSIAN = "fa", _("Persisch (Farsi)")
    PASHTO = "ps", _("Paschtu")
    KURMANJI = "kmr", _("Kurdisch (Kurmandschi)")
    SORANI = "ckb", _("Kurdisch (Sorani)")
    TIGRINYA = "ti", _("Tigrinya")
    SOMALI = "so", _("Somali")
    TURKISH = "tr", _("Türkisch")
    UKRAINIAN = "uk", _("Ukrainisch")
    RUSSIAN = "ru", _("Russisch")
    ALBANIAN = "sq", _("Albanisch")
    SERBIAN = "sr", _("Serbisch / Bosnisch / Kroatisch")
    ROMANI = "rom", _("Romanes")
    ROMANIAN = "ro", _("Rumänisch")
    BULGARIAN = "bg", _("Bulgarisch")
    POLISH = "pl", _("Polnisch")
    URDU = "ur", _("Urdu")
    TAMIL = "ta", _("Tamil")
    ENGLISH = "en", _("Englisch")
    FRENCH = "fr", _("Französisch")
    SPANISH = "es", _("Spanisch")
    GERMAN = "de", _("Deutsch")
    OTHER = "other", _("andere Sprache")


def normalise_name(text: str) -> str:
    """Lower case, accents removed, only letters and spaces: 'Ğül-Şen' -> 'gul sen'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^\w]+|[\d_]+", " ", plain).strip()


def phonetic_tokens(text: str) -> list[str]:
    """Cologne phonetics codes, prefixed 'c', so Mohammed, Muhammad and Mohamad all give 'c662'.

    Kölner Phonetik is made for German ears; it folds the transliteration variants that
    different agencies write for the same name (Yusuf/Jusuf/Youssef -> c083).
    """
    words = normalise_name(text)
    if not words:
        return []
    return [f"c{code}" for _word, code in cologne_phonetics.encode(words) if code]


class Person(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "f", _("weiblich")
        MALE = "m", _("männlich")
        DIVERSE = "d", _("divers")
        UNKNOWN = "u", _("keine Angabe")

    # Bidi controls (U+202E ...) refused: they would make a name display as another one.
    given_names = models.CharField(
        _("Vorname(n)"), max_length=150, validators=[reject_bidi_controls]
    )
    family_name = models.CharField(
        _("Familienname"), max_length=150, validators=[reject_bidi_controls]
    )
    # Transliterations differ between agencies (passport, BAMF, Jobcenter): all are searchable.
    name_variants = ArrayField(
        models.CharField(max_length=300, validators=[reject_bidi_controls]),
        verbose_name=_("andere Schreibweisen"),
        default=list,
        blank=True,
    )
    # Often only the year of birth is known (documents lost, "01.01." entries): day and month optional.
    birth_year = models.PositiveSmallIntegerField(_("Geburtsjahr"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("Geburtsmonat"), null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(_("Geburtstag"), null=True, blank=True)
    gender = models.CharField(
        _("Geschlecht"), max_length=1, choices=Gender.choices, default=Gender.UNKNOWN
    )
    nationality = CountryField(_("Staatsangehörigkeit"), blank=True)
    languages = ArrayField(
        models.CharField(max_length=10, choices=Language.choices),
        verbose_name=_("Sprachen"),
        default=list,
        blank=True,
    )
    arrival_date = models.DateField(_("Einreisedatum"), null=True, blank=True)
    residence_status = models.CharField(
        _("Aufenthaltsstatus"),
        max_length=30,
        choices=ResidenceStatus.choices,
        default=ResidenceStatus.UNCLEAR,
    )
    residence_expires_on = models.DateField(_("Aufenthaltstitel gültig bis"), null=True, blank=True)
    legal_domain = models.CharField(
        _("aktueller Rechtskreis"),
        max_length=20,
        choices=LegalDomain.choices,
        default=LegalDomain.NONE,
    )
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True, default="Rheine")
    interpreter_needed = models.BooleanField(_("Dolmetschbedarf"), default=False)
    interpreter_language = models.CharField(
        _("Dolmetschsprache"), max_length=10, choices=Language.choices, blank=True
    )
    registered_by = models.ForeignKey(
        "networks.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit that started from an older version is refused (no lost updates).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Set when retention ended and personal fields were removed (statistics stay).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Derived: all spellings, normalised, plus their phonetic codes; searched by one GIN index.
    search_text = models.TextField(editable=False, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        indexes = [
            GinIndex(fields=["search_vector"], name="person_search_gin"),
            models.Index(fields=["birth_year"], name="person_birth_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_month__isnull=True) | models.Q(birth_year__isnull=False),
                name="birth_month_needs_year",
            ),
            models.CheckConstraint(
                condition=models.Q(birth_day__isnull=True) | models.Q(birth_month__isnull=False),
                name="birth_day_needs_month",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        spellings = " ".join(normalise_name(s) for s in self.all_spellings)
        self.search_text = " ".join([spellings, *phonetic_tokens(spellings)])
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def languages_display(self) -> str:
        return ", ".join(str(Language(code).label) for code in self.languages)

    @property
    def all_spellings(self) -> list[str]:
        return [self.full_name, *self.name_variants]

    @property
    def birth_date_display(self) -> str:
        if self.birth_day:
            return f"{self.birth_day:02d}.{self.birth_month:02d}.{self.birth_year}"
        if self.birth_month:
            return f"{self.birth_month:02d}/{self.birth_year}"
        return str(self.birth_year or "")

    @property
    def birth_date(self) -> datetime.date | None:
        if self.birth_day:
            return datetime.date(self.birth_year, self.birth_month, self.birth_day)
        return None
