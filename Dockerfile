# syntax=docker/dockerfile:1
# Baton in a container: Node builds the web app, pip builds the wheel that carries it, and a
# slim Python image installs only that wheel. It runs `baton serve` as an unprivileged user
# on port 8080; every setting is a BATON_* variable (`baton serve --help` lists them).
#
#   docker build -t baton .
#   docker run -p 8080:8080 -v baton-data:/var/lib/baton \
#     -e BATON_ADMIN_KEY_ID=admin -e BATON_ADMIN_KEY_SECRET=... baton

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# 1. The web app: vite writes it into src/baton/webapp/dist
FROM node:20-bookworm-slim AS web
WORKDIR /build/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# 2. The wheel, with the web app and the migrations inside (what `make wheel` builds)
FROM ${PYTHON_IMAGE} AS wheel
WORKDIR /build
COPY pyproject.toml README.md ./
COPY src/ src/
COPY --from=web /build/src/baton/webapp/dist/ src/baton/webapp/dist/
RUN pip wheel --no-cache-dir --no-deps -w /wheels .

# 3. The server: the wheel and its dependencies, nothing of the build
FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BATON_DATABASE_URL=sqlite:////var/lib/baton/baton.db \
    BATON_LOG_FORMAT=json
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/baton --create-home baton
COPY --from=wheel /wheels/ /tmp/wheels/
RUN pip install --no-cache-dir /tmp/wheels/*.whl && rm -rf /tmp/wheels
USER baton
WORKDIR /var/lib/baton
# the SQLite database and its key, when BATON_DATABASE_URL is left at its default
VOLUME ["/var/lib/baton"]
EXPOSE 8080
# liveness only (is the process answering?): /health/ready also checks the database and
# belongs to the orchestrator's readiness probe
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/health/live', timeout=2)"]
# SIGTERM: the server stops its scheduler, hands its timer leases over, finishes the
# requests in flight and exits 0
STOPSIGNAL SIGTERM
ENTRYPOINT ["baton", "serve"]
CMD ["--host", "0.0.0.0", "--port", "8080"]
