"""Klient/in: the person the shared case management is for."""

import datetime
import itertools
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
from rheine_integration.base.bidi import reject_bidi_controls


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


# Particles of Arabic, Persian and Turkish names (the article, "servant of", "son of",
# "father of"), which agencies write joined, hyphenated or apart: "Al-Hassan", "Al Hassan",
# "Alhasan"; "Abd al-Rahman", "Abdul Rahman", "Abdurrahman"; "bin Ali", "ibn Ali".
_ARTICLE = re.compile(r"[aeiou]l")
_ASSIMILATED_ARTICLE = re.compile(r"[ae](sh|[rsdtnz])")  # "ar-Rashid", "as-Sayed", "ad-Din"
_PARTICLE = re.compile(r"abd(?:[aeiou][lrsdtnz]?)?|ab[ou]u?|bin|bint|ibn|ben")
# "Abdurrahman", "Abdussamad": the article assimilated inside a joined name.
_JOINED_ABD = re.compile(r"^abd[aeiou]?(sh|[rsdtnz])(?=\1)")
_JOINED_ARTICLE = re.compile(r"^[aeiou]l(?=[^aeiou][a-z]{2,})")  # "alhasan" -> "hasan"
# Transliterations of one sound (German, English, French, Turkish, Slavic conventions):
# Dschamal/Djamal/Dzhamal, Tkatschenko/Tkachenko, Achmed/Ahmed, Khalil/Chalil/Halil,
# Mikhail/Michail/Mihail, Hryhorenko/Grigorenko. Kölner Phonetik codes ch, kh, g and h
# differently; a second code per word with them folded matches these spellings, and the
# first code stays.
_FOLDS = [
    (re.compile(r"dsch|dzh|dj"), "j"),
    (re.compile(r"tsch|tch"), "ch"),
    (re.compile(r"(?<!s)[ck]h"), "h"),
    (re.compile(r"g"), "h"),  # Ukrainian h for Russian g: Hryhorenko/Grigorenko, Serhij/Sergij
]


def _is_particle(word: str, following: str) -> bool:
    if _ARTICLE.fullmatch(word) or _PARTICLE.fullmatch(word):
        return True
    assimilated = _ASSIMILATED_ARTICLE.fullmatch(word)
    return bool(assimilated) and following.startswith(assimilated.group(1))


def _canonical_particle(word: str) -> str:
    if word == "ibn":
        return "bin"
    if _ASSIMILATED_ARTICLE.fullmatch(word):
        return "al"  # as-Sayed is al-Sayed
    if match := re.fullmatch(r"abd[aeiou]?(sh|[rsdtnz])", word):
        return "abdal" if match.group(1) != "l" else word  # Abdur Rahman is Abdul Rahman
    return word


def key_words(text: str) -> tuple[list[str], list[str]]:
    """The words a name is compared by, and the plain words it has besides.

    A particle is written joined to the word it belongs to ('al hassan' -> 'alhassan'); the
    particle alone says nothing about the person and gives no word of its own.
    """
    words = normalise_name(text).split()
    joined, plain, prefix = [], [], ""
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if following and _is_particle(word, following):
            prefix += _canonical_particle(word)
            continue
        if prefix:
            plain.append(word)
        joined.append(_JOINED_ABD.sub("abdal", prefix + word))
        prefix = ""
    return joined, plain


def _forms(text: str) -> list[str]:
    joined, plain = key_words(text)
    forms = [*joined, *plain]
    forms += [_JOINED_ARTICLE.sub("", word) for word in joined]  # "Alhasan" is also "Hasan"
    forms += [first + second for first, second in itertools.pairwise(joined)]  # Hosseinzadeh
    for form in list(forms):
        for pattern, replacement in _FOLDS:
            form = pattern.sub(replacement, form)
        forms.append(form)
    return list(dict.fromkeys(form for form in forms if form))


def phonetic_tokens(text: str) -> list[str]:
    """Cologne phonetics codes, prefixed 'c', so Mohammed, Muhammad and Mohamad all give 'c662'.

    Kölner Phonetik is made for German ears; it folds the transliteration variants that
    different agencies write for the same name (Yusuf/Jusuf/Youssef -> c083; ks/x, j/y/i,
    doubled consonants and vowels after the first letter). The name's particles are joined
    first (key_words), so 'Al-Hassan' and 'Alhasan' both give 'c0586'.
    """
    forms = _forms(text)
    if not forms:
        return []
    codes = (code for _word, code in cologne_phonetics.encode(" ".join(forms)) if code)
    return list(dict.fromkeys(f"c{code}" for code in codes))


def search_text(spellings: list[str]) -> str:
    """What a person's search vector is built from: every spelling's words, the joined forms
    of its particles, and their codes. Each spelling is keyed on its own (a particle never
    joins a word of another spelling)."""
    words, codes = [], []
    for spelling in spellings:
        words += [normalise_name(spelling), *key_words(spelling)[0]]
        codes += phonetic_tokens(spelling)
    return " ".join(dict.fromkeys([*words, *codes]))


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
        self.search_text = search_text([self.given_names, self.family_name, *self.name_variants])
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
