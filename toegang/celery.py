"""The Celery app. In the demo, tasks run in process (CELERY_TASK_ALWAYS_EAGER)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toegang.settings.demo")

app = Celery("toegang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
