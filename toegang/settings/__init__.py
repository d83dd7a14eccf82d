"""Settings per environment: demo (SQLite, eager Celery), test (PostgreSQL), production."""
