"""/health/ tells a load balancer whether the app can serve."""

from django.urls import reverse


def test_health_reports_database_and_redis_ok_without_login(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_health_reports_unreachable_redis_with_503_and_no_traceback(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.json()
    assert body["redis"] == "unavailable"
    assert body["database"] == "ok"
    assert "Traceback" not in response.content.decode()
