"""German words for the audit log's codes, for the Protokoll page and the CSV's readable column.

The codes stay in the database and in the CSV's machine columns: filters, scripts and the
data protection officer's queries match them; the words are for the people who read the log.
A code without a word here is shown as it is and listed by ``unlabelled`` (the tests fail
on it), so a new action or detail cannot slip into the page in English.
"""

import re
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from cases.filters import CaseFilter
from cases.models import AuditEntry, Case, Scope

# What was listed or touched, where it is no model of ours (models are named by their
# verbose name).
OBJECT_TYPES = {
    "case_list": _("Fallliste"),
    "follow_up_list": _("Liste der Wiedervorlagen"),
    "start_page_case": _("Startseite: zuletzt bearbeitete Fälle"),
    "start_page_follow_up": _("Startseite: fällige Wiedervorlagen"),
    "start_page_handover": _("Startseite: eingegangene Übergaben"),
    "duplicate_check": _("Dublettenprüfung"),
    "otp_device": _("Zwei-Faktor-Anmeldung"),
    "audit_log": _("Protokoll"),
    "sent_handovers": _("Gesendete Übergaben"),
    "account_role": _("Rollen eines Benutzerkontos"),
    "account_password": _("Passwort durch die Administration gesetzt"),
    "account_change_undone": _("Kontoänderung rückgängig gemacht"),
}

# The actions of permissions.abilities: a case read names the action it was read for.
CASE_ACTIONS = {
    "view": _("Fallseite"),
    "edit": _("Fall bearbeiten"),
    "view_assessment": _("Kompetenzfeststellung lesen"),
    "view_plan": _("Integrationsplan lesen"),
    "view_notes": _("Vermerke lesen"),
    "view_health": _("Gesundheitsangaben lesen"),
    "add_note": _("Vermerk anlegen"),
    "add_follow_up": _("Wiedervorlage anlegen"),
    "upload_document": _("Dokument hochladen"),
    "manage_consent": _("Einwilligungen verwalten"),
    "propose_handover": _("Übergabe vorschlagen"),
    "reopen": _("neuen Fall eröffnen"),
    "view_residence": _("Aufenthaltsstatus lesen"),
    "record_residence": _("Aufenthaltsstatus erfassen"),
    "decide_eligibility": _("über Maßnahmen nach Statuswechsel entscheiden"),
    "edit_recognition": _("Anerkennungsverfahren bearbeiten"),
    "view_handover_summary": _("Übergabezusammenfassung lesen"),
}

# Whole details written as one phrase.
PHRASES = {
    "wrong code": _("falscher Code"),
    "anonymised (retention)": _("anonymisiert (Löschfrist abgelaufen)"),
    "prerequisites overridden": _("trotz fehlender Voraussetzungen (mit Begründung)"),
    "compensation planned": _("Ausgleichsmaßnahme geplant"),
    "ended by new status": _("beendet wegen eines neuen Aufenthaltsstatus"),
    "ended: consent ended": _("beendet: Einwilligung widerrufen oder abgelaufen"),
    "seat offered": _("Kursplatz von der Warteliste angeboten"),
    "course disclosure": _("Angaben für den Kursanbieter (Einwilligung „Kurs“)"),
}

WORDS = {
    **CASE_ACTIONS,
    "history": _("gesamter Verlauf"),
    "accepted": _("angenommen"),
    "answered": _("beantwortet"),
    "confirmed": _("eingerichtet"),
    "declined": _("abgelehnt"),
    "done": _("erledigt"),
    "withdrawn": _("widerrufen"),
    "closed": _("abgeschlossen"),
    "csv": _("als CSV"),
    "course": _("Kursplatzsuche"),
    "reserved": _("reserviert"),
    "waiting": _("auf die Warteliste"),
    "started": _("Kurs begonnen"),
    "cancelled": _("storniert"),
    "lapsed": _("Angebot verfallen"),
}
WORDS_FOR = {
    ("handover", "withdrawn"): _("zurückgezogen"),
    ("seatbooking", "confirmed"): _("vom Kursanbieter bestätigt"),
}

KEYS = {
    "filters": _("Filter"),
    "hits": _("Treffer"),
    "scopes": _("Umfang"),
    "fields": _("Felder"),
    "institution": _("Institution Nr."),
    "recipients": _("Empfänger Nr."),
    "version": _("Version"),
    "reason": _("Grund"),
    "case": _("Fall"),
    "username": _("Benutzerkonto"),
    "birth_year": _("Geburtsjahr"),
    "across": _("einrichtungsübergreifend"),
    "name": _("gesuchter Name"),
    "status": _("Aufenthaltsstatus"),
    "residence_status": _("Aufenthaltsstatus"),
    "legal_domain": _("Rechtskreis"),
    "to": _("neuer Rechtskreis"),
    "measure": _("Maßnahme Nr."),
    "decision": _("Entscheidung"),
    "outcome": _("Ergebnis"),
}
LIST_PARAMETERS = {"status": _("Status"), "order": _("Sortierung")}
_TOKEN = re.compile(r"(\w+)=(\S*)|(\S+)")


def object_label(entry: AuditEntry) -> str:
    return str(_object_label(entry.object_type))


def detail_label(entry: AuditEntry) -> str:
    """The detail in German words; ids, counts and versions stay as numbers."""
    return _describe(entry.object_type, entry.detail)[0]


def unlabelled(entry: AuditEntry) -> list[str]:
    """The codes of an entry that have no German word."""
    missing = _describe(entry.object_type, entry.detail)[1]
    if entry.object_type and _object_label(entry.object_type) == entry.object_type:
        missing.insert(0, entry.object_type)
    return missing


def _object_label(code: str):
    return OBJECT_TYPES.get(code) or _model_names().get(code, code)


@cache
def _model_names() -> dict:
    return {model._meta.model_name: model._meta.verbose_name for model in apps.get_models()}


def _describe(object_type: str, detail: str) -> tuple[str, list[str]]:
    if detail in PHRASES:
        return str(PHRASES[detail]), []
    parts, missing = [], []
    for key, value, word in _TOKEN.findall(detail):
        if word:
            label = WORDS_FOR.get((object_type, word)) or WORDS.get(word)
            parts.append(str(label) if label else word)
            missing += [] if label else [word]
        elif key in KEYS:
            shown = []
            for code in filter(None, value.split(",")):
                word = _value(object_type, key, code)
                shown.append(code if word is None else word)
                missing += [code] if word is None else []
            parts.append(f"{KEYS[key]}: {', '.join(shown) or '–'}")
        else:
            parts.append(f"{key}={value}")
            missing.append(key)
    return "; ".join(parts), missing


def _value(object_type: str, key: str, value: str) -> str | None:
    """A value's word; None when it is a code without one (numbers are their own word)."""
    if key == "scopes":
        return _choice(Scope, value)
    if key == "reason":
        return _choice(Case.ClosingReason, value)
    if key == "filters":
        return _filter_label(value)
    if key == "fields":
        return _field_label(object_type, value)
    return value


def _choice(choices, value: str) -> str | None:
    return str(choices(value).label) if value in choices.values else None


def _filter_label(name: str) -> str | None:
    if name in LIST_PARAMETERS:
        return str(LIST_PARAMETERS[name])
    filter_ = CaseFilter.base_filters.get(name)
    return str(filter_.label) if filter_ is not None and filter_.label else None


def _field_label(object_type: str, name: str) -> str | None:
    model = next((m for m in apps.get_models() if m._meta.model_name == object_type), None)
    if model is None:
        return None
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return None
