# Rheine Integration: one image for web (gunicorn), Celery worker and beat.

# --- Front-end packages from the npm registry (KERN, htmx), with Debian's node -----------------
FROM python:3.11-slim-bookworm AS assets
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev

# --- Application -------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PRIVATE_MEDIA_ROOT=/data/private-media

# WeasyPrint (committee report PDFs) needs Pango and HarfBuzz; fonts are installed, not fetched.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN pip install .

COPY --from=assets /app/node_modules ./node_modules
COPY . .

# Static files (and translations) are built into the image. The settings need these variables
# to load; the values exist only for this step and are not kept in the image.
RUN export DEBUG=0 SECRET_KEY=build-only-not-secret \
        FIELD_ENCRYPTION_KEY=YnVpbGQtb25seS1rZXktbm90LWZvci1hbnktZGF0YSE= \
        DATABASE_URL=postgres://build@127.0.0.1/build REDIS_URL=redis://127.0.0.1:6379/0 \
    && python manage.py collectstatic --noinput \
    && if [ -d locale ]; then python manage.py compilemessages; fi

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin rheine \
    && mkdir -p /data/private-media \
    && chown -R rheine /data /app/staticfiles
USER rheine

EXPOSE 8000
CMD ["gunicorn", "rheine_integration.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
