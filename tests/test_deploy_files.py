"""No Docker engine runs on our machines: these tests check the shape of the production files."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_has_the_production_services_each_with_a_healthcheck():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    for naam, service in services.items():
        assert "healthcheck" in service, naam
        assert service["healthcheck"]["test"], naam
    assert "gunicorn" in services["web"]["command"]
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    assert services["web"]["environment"]["DJANGO_SETTINGS_MODULE"] == "toegang.settings.production"


def test_dockerfile_runs_as_a_non_root_user():
    regels = [r.strip() for r in (ROOT / "Dockerfile").read_text().splitlines() if r.strip()]
    users = [r.split()[1] for r in regels if r.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}
    assert any(r.startswith("CMD") and "gunicorn" in r for r in regels)
