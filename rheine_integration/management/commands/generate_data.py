"""Generate realistic benchmark data: persons with full case histories (see cases.benchmarking)."""

import datetime

from django.core.management.base import BaseCommand

from cases.benchmarking.generator import BENCHMARK_PASSWORD, Generator, stderr_progress


class Command(BaseCommand):
    help = (
        "Erzeugt fiktive Personen mit vollständigen Fallverläufen für Benchmarks "
        "(nur für eine eigene Benchmark-Datenbank)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000, help="number of cases")
        parser.add_argument("--institutions", type=int, default=50)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="day the data is generated for (default: today); same seed and day, same data",
        )
        parser.add_argument(
            "--offers", type=int, default=None, help="course offers (default: one per 50 cases)"
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, cases, institutions, seed, today, no_progress, offers, **options):
        generator = Generator(
            cases=cases,
            institutions=institutions,
            seed=seed,
            today=today,
            progress=None if no_progress else stderr_progress,
            offers=offers,
        )
        stats = generator.run()
        rows = ", ".join(f"{name} {count:,}" for name, count in stats.rows.items())
        self.stdout.write(f"{stats.persons:,} Personen, {stats.cases:,} Fälle: {rows}")
        large, small = generator.institutions[0], generator.institutions[1]
        self.stdout.write(
            f"Große Institution: {large.name} ({large.short_name.lower()}.fm01); "
            f"kleine: {small.name} ({small.short_name.lower()}.fm01); "
            f"Passwort aller erzeugten Konten: {BENCHMARK_PASSWORD}"
        )
