"""Benchmark the case core on a generated database (see README, "Benchmarks")."""

from django.core.management.base import BaseCommand, CommandError

from cases.benchmarking import bench


class Command(BaseCommand):
    help = (
        "Misst Fallliste, Suche, Fallseite, Dublettenprüfung und Erinnerungen auf einer mit "
        "generate_data erzeugten Datenbank; --load startet gunicorn auf 127.0.0.1 unter Last."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="timed requests per operation")
        parser.add_argument("--load", action="store_true", help="also run the load test")
        parser.add_argument("--load-seconds", type=int, default=20)
        parser.add_argument("--load-clients", type=int, default=6)

    def handle(self, *args, runs, load, load_seconds, load_clients, **options):
        try:
            bench.run(
                runs=runs,
                load=load,
                load_seconds=load_seconds,
                load_clients=load_clients,
                out=self.stdout,
            )
        except bench.BenchmarkError as error:
            raise CommandError(str(error)) from error
