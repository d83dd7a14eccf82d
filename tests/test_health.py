from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_health_ok_with_database_and_redis(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_health_503_when_redis_is_down(client):
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["redis"] == "onbereikbaar"


def test_health_503_when_database_is_down(client):
    with mock.patch.object(connection, "cursor", side_effect=Exception("down")):
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "onbereikbaar"
