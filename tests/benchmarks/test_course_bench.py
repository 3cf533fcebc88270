"""The benchmark's course rows (issue 22): the generator's offers, the matching offers row and
the concurrent booking run, which holds no seat twice."""

import io

from django.core.management import call_command

from cases.benchmarking import bench
from cases.benchmarking.generator import offers_for
from cases.models import CourseOffer, SeatBooking
from networks.models import User


def test_generator_makes_20000_offers_at_one_million_cases():
    assert offers_for(1_000_000) == 20_000


def test_concurrent_booking_run_holds_each_seat_once_and_prints_throughput(
    audit_log_truncatable,
):
    call_command("generate_data", cases=1000, institutions=4, seed=3, no_progress=True)
    assert CourseOffer.objects.count() == offers_for(1000)
    benchmark = bench.Benchmark(runs=2, out=io.StringIO())
    (large, _count), _small = benchmark._pick_institutions()
    large = User.objects.select_related("membership__institution").get(pk=large.pk)
    bench.course_rows(benchmark, large)

    rows = {row.operation: row for row in benchmark.result.rows}
    matching = rows["course offers matching a planned measure"]
    assert matching.size == f"{offers_for(1000):,} offers"
    booking = rows["booking the last seats (10 case managers at once)"]
    assert booking.verdict == "ok", booking.note
    assert "bookings/s" in booking.note and "double bookings: 0" in booking.note
    offer = CourseOffer.objects.get(title__startswith="[B] ")
    assert offer.seats_taken == 5
    assert SeatBooking.objects.filter(offer=offer, status="waiting").count() == 5
