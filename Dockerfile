# Production image for Toegang (web, worker and beat share it). Not built on our development
# machines (no Docker engine there); tests/test_deploy_files.py checks its shape.
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=toegang.settings.production
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
      fonts-dejavu-core gettext curl \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system toegang && useradd --system --gid toegang --home-dir /app --shell /usr/sbin/nologin toegang
WORKDIR /app
COPY requirements/demo.txt requirements/
# The locked tree with hashes (bin/lock): the same versions the test suite ran with.
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/demo.txt
COPY . .
COPY --from=frontend /build/node_modules/@utrecht/component-library-css/dist/index.css toegang/static/vendor/nlds/utrecht-components.css
COPY --from=frontend /build/node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css toegang/static/vendor/nlds/voorbeeld-theme.css
COPY --from=frontend /build/node_modules/htmx.org/dist/htmx.min.js toegang/static/vendor/htmx/htmx.min.js
RUN DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=localhost POSTGRES_DB=x POSTGRES_USER=x POSTGRES_PASSWORD=x \
    REDIS_URL=redis://localhost python manage.py collectstatic --noinput \
 && mkdir -p /app/var/berichten /app/var/media && chown -R toegang:toegang /app/var
USER toegang
EXPOSE 8000
CMD ["gunicorn", "toegang.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logformat", "%(t)s \"%(m)s %(U)s\" %(s)s %(L)ss", "--access-logfile", "-"]
