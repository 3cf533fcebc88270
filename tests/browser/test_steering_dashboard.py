"""A steering member opens the dashboard, filters by field of action, reads a chart's table
and downloads its figures as XLSX, in a real headless Chromium."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from steering import figures
from steering.models import FigureRun
from tests.browser.test_case_journey import log_in
from tests.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_steering_member_filters_reads_a_table_and_downloads_its_xlsx(
    page: Page, live_server, sozialamt, steering_member
):
    month_start = timezone.localdate().replace(day=1)
    CaseFactory.create_batch(
        6, lead_institution=sozialamt, opened_on=month_start, fields_of_action=["language"]
    )
    CaseFactory.create_batch(
        2, lead_institution=sozialamt, opened_on=month_start, fields_of_action=["work"]
    )
    figures.refresh_figures(run=FigureRun.objects.create(), today=timezone.localdate())

    log_in(page, live_server, "lenkung")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_text("Stand der Zahlen:")).to_be_visible()
    page.get_by_label("Handlungsfeld").select_option(label="Arbeit")
    page.get_by_role("button", name="Filtern").click()

    section = page.locator(
        "section", has=page.get_by_role("heading", name="Neue und abgeschlossene Fälle je Monat")
    )
    section.get_by_text("Tabelle: Neue und abgeschlossene Fälle je Monat").click()
    table = section.get_by_role("table")
    expect(table).to_be_visible()
    last_row = table.locator("tbody tr").last
    expect(last_row).to_contain_text("< 5")  # two cases in the field "Arbeit"
    expect(page.get_by_text("Werte unter 5 Fällen")).to_be_visible()

    with page.expect_download() as info:
        section.get_by_role("link", name="Neue und abgeschlossene Fälle je Monat als XLSX").click()
    assert info.value.suggested_filename == "case_flow.xlsx"
    book = load_workbook(io.BytesIO(info.value.path().read_bytes()))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("Monat", "neu")
    assert rows[-1][-1] == "< 5"
