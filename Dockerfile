# Tomàtic in a container: `docker build -t tomatic .`, then compose.yaml (README, "Deploying").
# The service runs as an unprivileged user; the database lives on the /var/lib/tomatic volume
# and the nightly copies on /var/backups/tomatic. Settings come from the environment.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# DejaVu Sans for the timetable and statistics images: Pillow's own font has no accents
# (Òscar, Núria, Martínez would come out with boxes).
RUN apt-get update \
    && apt-get install --yes --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 tomatic \
    && useradd --system --uid 10001 --gid tomatic --no-create-home \
       --home-dir /var/lib/tomatic --shell /usr/sbin/nologin tomatic

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY tomatic ./tomatic
COPY data ./data
COPY manifests ./manifests
# Editable, so that the code finds data/ and manifests/ next to it (bot/container.py REPO).
RUN pip install --editable . \
    && mkdir -p /var/lib/tomatic /var/backups/tomatic \
    && chown tomatic:tomatic /var/lib/tomatic /var/backups/tomatic

ENV TOMATIC_HOST=0.0.0.0 \
    TOMATIC_PORT=3000 \
    TOMATIC_DB=/var/lib/tomatic/tomatic.db \
    TOMATIC_CONFIG=/app/data/config.yaml \
    TOMATIC_BACKUP_DIR=/var/backups/tomatic

VOLUME ["/var/lib/tomatic", "/var/backups/tomatic"]
EXPOSE 3000
USER tomatic:tomatic

# /healthz answers 503 when the database is unusable; urlopen then raises and the check fails.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('TOMATIC_PORT', '3000'), timeout=4)"]

CMD ["tomatic", "serve"]
