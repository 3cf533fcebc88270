"""Name variants (issue 17.2): the same person written by different agencies is a likely
duplicate in both orders and is found by the list's search; other persons are not flagged.

Run with ``-s`` to see recall and precision."""

import re

import pytest
from django.urls import reverse

from cases.duplicates import find_likely_duplicates
from cases.models import Case, Person
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

# (given names, family name) as one agency wrote them, and as another did.
VARIANTS = [
    # Arabic: article joined, hyphenated or apart; doubled consonants; vowels
    (("Muhammad", "Alhasan"), ("Mohammed", "Al-Hassan")),
    (("Mohamad", "Al Hassan"), ("Muhammed", "El-Hasan")),
    (("Ahmad", "Al-Haddad"), ("Ahmed", "Alhaddad")),
    (("Achmed", "Haddad"), ("Ahmad", "Hadad")),
    (("Abdulrahman", "Darwish"), ("Abd al-Rahman", "Darwisch")),
    (("Abdul Rahman", "Mansour"), ("Abdelrahman", "Mansur")),
    (("Abdullah", "Nasser"), ("Abdallah", "Naser")),
    (("Omar", "El Masri"), ("Umar", "Al-Masri")),
    (("Khaled", "Al Shammari"), ("Khalid", "Alshammari")),
    (("Khalil", "Ibrahim"), ("Chalil", "Ebrahim")),
    (("Yusuf", "Ibrahim"), ("Youssef", "Ibraheem")),
    (("Hussein", "bin Ali"), ("Husain", "ibn Ali")),
    (("Layla", "As-Sayed"), ("Leila", "El-Sayed")),
    (("Fatima", "Ar-Rashid"), ("Fatma", "Al Rashid")),
    (("Nour", "Ad-Dabbagh"), ("Noor", "Al-Dabagh")),
    (("Tarek", "Abu Bakr"), ("Tariq", "Abubakr")),
    (("Mariam", "Al-Nuaimi"), ("Maryam", "Alnuaimi")),
    (("Samir", "Qasim"), ("Sameer", "Kasim")),
    (("Bilal", "Suleiman"), ("Belal", "Sulaiman")),
    # Persian and Dari
    (("Abdolreza", "Hosseini"), ("Abdulreza", "Husseini")),
    (("Mohammad Reza", "Hosseinzadeh"), ("Mohammadreza", "Hossein Zadeh")),
    (("Zahra", "Mohammadi"), ("Sahra", "Muhammadi")),
    (("Farid", "Rahimi"), ("Fareed", "Rahimy")),
    (("Khadija", "Ahmadzai"), ("Chadidscha", "Ahmadsai")),
    # Turkish and Kurdish
    (("Mehmet", "Yilmaz"), ("Mehmed", "Yılmaz")),
    (("Abdurrahman", "Kaya"), ("Abdulrahman", "Kaya")),
    (("Hüseyin", "Çelik"), ("Huseyin", "Celik")),
    (("Süleyman", "Öztürk"), ("Suleyman", "Ozturk")),
    (("Halil", "Şahin"), ("Khalil", "Sahin")),
    (("Cemal", "Aydın"), ("Cemal", "Aydin")),
    (("Nurettin", "Karaoğlu"), ("Nurettin", "Kara Oglu")),
    # Slavic: ks/x, j/y/i, kh/ch, zh/sch, doubled letters
    (("Oleksandr", "Tkachenko"), ("Olexandr", "Tkatschenko")),
    (("Aleksandr", "Kovalenko"), ("Alexander", "Kowalenko")),
    (("Yuriy", "Melnyk"), ("Jurij", "Melnik")),
    (("Iryna", "Shevchenko"), ("Irina", "Schewtschenko")),
    (("Yevgeniy", "Zhukov"), ("Jewgeni", "Schukow")),
    (("Mikhail", "Kuznetsov"), ("Michail", "Kusnezow")),
    (("Natalya", "Sokolova"), ("Natalja", "Sokolowa")),
    (("Dmytro", "Bondarenko"), ("Dmitro", "Bondarenko")),
    (("Sergiy", "Kravchuk"), ("Serhij", "Krawtschuk")),
    (("Ksenia", "Volkova"), ("Xenia", "Wolkowa")),
    (("Maksym", "Lysenko"), ("Maxim", "Lissenko")),
    (("Tetyana", "Hryhorenko"), ("Tetjana", "Grigorenko")),
    (("Zhanna", "Dzhamalova"), ("Schanna", "Dschamalowa")),
]

# Different persons with similar names: a likely duplicate for none of them.
# (on file, birth year), (typed, birth year)
DIFFERENT = [
    (("Muhammad", "Alhasan", 1990), ("Mohammed", "Al-Hassan", 1975)),
    (("Ahmad", "Haddad", 1988), ("Ahmed", "Hadad", 1989)),
    (("Oleksandr", "Tkachenko", 1970), ("Olexandr", "Tkatschenko", 2001)),
    (("Fatima", "Rahimi", 1992), ("Fatma", "Rahimy", 1993)),
    (("Yusuf", "Kaya", 1985), ("Youssef", "Kaya", 1995)),
    (("Layla", "As-Sayed", 2000), ("Leila", "El-Sayed", 1960)),
    (("Ahmed", "Ali", 1990), ("Ahmed", "Al-Hassan", 1990)),
    (("Mohammed", "Al-Masri", 1991), ("Mohammed", "Al-Shammari", 1991)),
    (("Omar", "bin Ali", 1980), ("Omar", "bin Hamad", 1980)),
    (("Amina", "Haddad", 1994), ("Amir", "Haddad", 1994)),
    (("Irina", "Melnyk", 1979), ("Iryna", "Bondarenko", 1979)),
    (("Tesfay", "Gebremedhin", 1991), ("Tesfaye", "Gebremariam", 1991)),
    (("Hussein", "Abdullah", 1987), ("Yusuf", "Abdullah", 1987)),
    (("Maria", "Kowalska", 1983), ("Marta", "Kowalska", 1983)),
    (("Ali", "Hosseini", 1990), ("Ali", "Husseinzadeh", 1990)),
]


def _store(given, family, year, case_manager) -> Person:
    institution = case_manager.membership.institution
    person = PersonFactory(
        given_names=given, family_name=family, birth_year=year, registered_by=institution
    )
    CaseFactory(person=person, lead_institution=institution, case_manager=case_manager)
    return person


def _flagged(person: Person, given, family, year, asked_by) -> bool:
    hits = find_likely_duplicates(
        given_names=given,
        family_name=family,
        birth_year=year,
        visible=Case.objects.all(),
        asked_by=asked_by,
    )
    return any(hit.visible_case and hit.visible_case.person_id == person.pk for hit in hits)


def _check_order(pairs, case_manager, *, reverse_order: bool) -> list[str]:
    """Each pair's first spelling on file, the second typed (or the other way round); each
    pair gets its own birth year so no other pair can answer for it."""
    missed = []
    stored = []
    for index, (first, second) in enumerate(pairs):
        on_file, typed = (second, first) if reverse_order else (first, second)
        stored.append((_store(*on_file, 1940 + index, case_manager), typed, 1940 + index))
    for person, typed, year in stored:
        if not _flagged(person, *typed, year, case_manager):
            missed.append(f"{person.full_name} <- {' '.join(typed)}")
    Case.objects.all().delete()
    Person.objects.all().delete()
    return missed


def test_variant_pairs_are_likely_duplicates_in_both_orders_and_others_are_not(
    sozialamt_case_manager,
):
    assert len(VARIANTS) >= 40
    missed = _check_order(VARIANTS, sozialamt_case_manager, reverse_order=False)
    missed += _check_order(VARIANTS, sozialamt_case_manager, reverse_order=True)
    false_alarms = []
    for (given, family, year), (typed_given, typed_family, typed_year) in DIFFERENT:
        person = _store(given, family, year, sozialamt_case_manager)
        if _flagged(person, typed_given, typed_family, typed_year, sozialamt_case_manager):
            false_alarms.append(f"{person.full_name} ({year}) <- {typed_given} {typed_family}")
        Case.objects.all().delete()
        Person.objects.all().delete()
    positives = 2 * len(VARIANTS)
    found = positives - len(missed)
    recall = found / positives
    precision = found / (found + len(false_alarms)) if found else 0.0
    print(
        f"\nName variants: recall {recall:.1%} ({found}/{positives} in both orders), "
        f"precision {precision:.1%} ({len(false_alarms)} of {len(DIFFERENT)} other persons "
        "flagged)"
    )
    assert not missed, missed
    assert not false_alarms, false_alarms


def _search_through_the_form(client, text: str) -> str:
    """Type into the list's name field as rendered and submit its form (it has no action:
    the browser sends it to the list's own address)."""
    page = client.get(reverse("cases:list")).content.decode()
    form = re.search(r'<form method="get"[^>]*role="search".*?</form>', page, re.S).group(0)
    label = re.search(
        r'<label[^>]*for="([^"]+)"[^>]*>(?:(?!</label>).)*Name oder Schreibweise', form, re.S
    )
    field = re.search(rf'<input[^>]*id="{label.group(1)}"[^>]*>', form).group(0)
    name = re.search(r'name="([^"]+)"', field).group(1)
    return client.get(reverse("cases:list"), {name: text}).content.decode()


@pytest.mark.parametrize(
    ("on_file", "typed"),
    [
        ("Alhasan", "Al-Hassan"),
        ("Al-Hassan", "Alhasan"),
        ("El Hassan", "Alhasan"),
        ("Abdurrahman", "Abdul Rahman"),
        ("Tkachenko", "Tkatschenko"),
        ("Ksenia", "Xenia"),
    ],
)
def test_the_list_search_finds_variants(client, sozialamt, sozialamt_case_manager, on_file, typed):
    person = PersonFactory(given_names="Muhammad", family_name=on_file, registered_by=sozialamt)
    case = CaseFactory(
        person=person, lead_institution=sozialamt, case_manager=sozialamt_case_manager
    )
    other = CaseFactory(
        person=PersonFactory(given_names="Olena", family_name="Kovalenko", registered_by=sozialamt),
        lead_institution=sozialamt,
        case_manager=sozialamt_case_manager,
    )
    client.force_login(sozialamt_case_manager)
    page = _search_through_the_form(client, typed)
    assert case.reference in page
    assert other.reference not in page
