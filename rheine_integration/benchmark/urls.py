"""Benchmark-only URLs: the production urlconf plus three reference views. Never in production:
only the benchmark command (test client) and its gunicorn (rheine_integration.benchmark.settings) use it."""

from django.urls import path

from cases.benchmarking import views
from rheine_integration.urls import urlpatterns as production_urlpatterns

urlpatterns = [
    path("benchmark/floor/", views.floor, name="benchmark_floor"),
    path("benchmark/guardian-list/", views.guardian_list, name="benchmark_guardian_list"),
    path("benchmark/union-list/", views.union_list, name="benchmark_union_list"),
    *production_urlpatterns,
]
