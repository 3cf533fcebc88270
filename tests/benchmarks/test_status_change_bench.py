"""Issue 19 in the benchmark: the generator writes residence histories with recognitions,
and the benchmark times recording a status change for the person with the most measures."""

import pytest
from django.db.models import Count, F
from django.utils import timezone

from cases import residence
from cases.benchmarking.bench import Benchmark, status_change_row
from cases.benchmarking.generator import Generator
from cases.models import LegalDomainChange, Person, RecognitionProcedure, ResidenceRecord

pytestmark = pytest.mark.django_db


def test_generated_persons_have_a_history_that_derives_their_status():
    Generator(cases=300, institutions=5, seed=11).run()
    persons = Person.objects.annotate(n=Count("residence_records"))
    assert not persons.filter(n=0).exists()
    today = timezone.localdate()
    for person in Person.objects.prefetch_related("residence_records")[:200]:
        current = residence.current_record(list(person.residence_records.all()), today)
        assert current.status == person.residence_status
    change = LegalDomainChange.objects.select_related("residence_record").first()
    assert change is not None and change.to_domain == "sgb2"
    assert change.residence_record.valid_from == change.changed_on
    assert RecognitionProcedure.objects.filter(
        outcome="partial", compensation="adaptation"
    ).exists()
    assert not ResidenceRecord.objects.filter(valid_until__lt=F("valid_from")).exists()


def test_the_benchmark_times_a_status_change_and_leaves_no_trace():
    Generator(cases=200, institutions=4, seed=5).run()
    records = ResidenceRecord.objects.count()
    bench = Benchmark(runs=2)
    status_change_row(bench)
    (row,) = bench.result.rows
    assert row.operation == "record a status change (eligibility re-check)"
    assert row.p95_ms is not None and row.queries > 0
    assert ResidenceRecord.objects.count() == records
