"""The main navigation shows each role exactly its entries; anonymous users must log in."""

import re

import pytest
from django.urls import reverse, set_script_prefix

EXPECTED = {
    "sozialamt_case_manager": ["Fälle", "Person aufnehmen", "Wiedervorlagen", "Eingang"],
    "coordinator": [
        "Maßnahmenkatalog",
        "Protokoll",
        "Löschfristen",
        "Arbeitskreise",
        "Lenkungsgruppe",
        "Dashboard",
        "Projekthaushalt",
        "Berichte",
    ],
    "working_group_member": ["Arbeitskreise"],
    "steering_member": ["Lenkungsgruppe", "Dashboard", "Projekthaushalt", "Berichte"],
    "committee_reader": ["Berichte"],
    "administrator": ["Verwaltung"],
}


def navigation_labels(html: str) -> list[str]:
    nav = re.search(r'<nav class="app-nav" aria-label="Hauptnavigation">(.*?)</nav>', html, re.S)
    assert nav, "the page has no main navigation"
    return [label.strip() for label in re.findall(r"<a [^>]*>(.*?)</a>", nav.group(1), re.S)]


@pytest.mark.parametrize("role_fixture", EXPECTED)
def test_start_page_shows_exactly_the_navigation_of_the_role(client, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert navigation_labels(response.content.decode()) == EXPECTED[role_fixture]


def test_steering_member_sees_no_case_entries(client, steering_member):
    client.force_login(steering_member)
    labels = navigation_labels(client.get(reverse("home")).content.decode())
    assert "Lenkungsgruppe" in labels and "Berichte" in labels
    assert "Fälle" not in labels


def test_the_current_page_is_marked_in_the_navigation(client, steering_member):
    client.force_login(steering_member)
    html = client.get(reverse("steering:reports")).content.decode()
    assert re.search(r'href="/steuerung/berichte/" aria-current="page">Berichte<', html)


def test_the_links_follow_the_address_the_app_is_served_under(client, steering_member):
    """Installed under a path (SCRIPT_NAME of a shared server), every link carries it; the
    links are kept per process and path, so a plain request afterwards gets plain links.
    (The test client sets no script prefix itself; a WSGI server's request does.)"""
    client.force_login(steering_member)
    set_script_prefix("/integration/")
    try:
        mounted = client.get(reverse("steering:reports")).content.decode()
    finally:
        set_script_prefix("/")
    assert 'href="/integration/steuerung/berichte/"' in mounted
    assert 'href="/integration/steuerung/"' in mounted
    plain = client.get(reverse("steering:reports")).content.decode()
    assert re.search(r'href="/steuerung/berichte/" aria-current="page">Berichte<', plain)


def test_anonymous_visitor_is_sent_to_the_german_login_page(client, db):
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "<h1" in html and "Anmelden</h1>" in html
    assert "Benutzername" in html and "Passwort" in html
