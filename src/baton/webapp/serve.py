"""The web app at `/` and the Swagger UI at `/docs`, both from files in the package.

The app is a single page: its own routes (`/tasklist/...`, `/operate/...`) all answer the
same `index.html`; hashed files under `/assets` are cached for good. Unknown paths outside
the app's routes stay JSON 404s like the rest of the API."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles

DIST = Path(__file__).resolve().parent / "dist"
APP_ROUTES = ("/", "/login", "/tasklist", "/processes", "/operate", "/modeler")
"""Path prefixes that belong to the single-page app (each also with `/...` after it)."""

_NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baton</title>
</head><body style="font-family:system-ui;margin:3rem;max-width:40rem">
<h1>The Baton web app is not built</h1>
<p>This server runs from a source checkout where <code>web/</code> has not been built yet.
Run <code>make install</code> (or <code>make run</code>) to build it; the APIs work meanwhile:
see <a href="/docs">/docs</a>.</p></body></html>"""


class _ImmutableStatic(StaticFiles):
    """Content-hashed build files: a changed file has a new name, so cache them for good."""

    def file_response(self, *args: object, **kwargs: object) -> Response:
        response = super().file_response(*args, **kwargs)  # type: ignore[arg-type]
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response


def install(app: FastAPI) -> None:
    """Add the app's routes, its static files and `/docs` to `app` (created with
    `docs_url=None`)."""
    index = DIST / "index.html"
    assets = DIST / "assets"
    if assets.is_dir():
        app.mount("/assets", _ImmutableStatic(directory=assets), name="web-assets")
    docs_assets = DIST / "docs-assets"
    if docs_assets.is_dir():
        app.mount("/docs-assets", StaticFiles(directory=docs_assets), name="docs-assets")

    def page() -> Response:
        if not index.is_file():
            return HTMLResponse(_NOT_BUILT, status_code=503)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    def favicon() -> Response:
        icon = DIST / "favicon.svg"
        if not icon.is_file():
            return Response(status_code=404)
        return FileResponse(icon, media_type="image/svg+xml")

    for prefix in APP_ROUTES:
        app.add_api_route(prefix, page, methods=["GET"], include_in_schema=False)
        if prefix != "/":
            app.add_api_route(
                prefix + "/{rest:path}", page, methods=["GET"], include_in_schema=False
            )
    app.add_api_route("/favicon.svg", favicon, methods=["GET"], include_in_schema=False)

    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="Baton API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/favicon.svg",
            swagger_ui_parameters={"persistAuthorization": True},
        )

    app.add_api_route("/docs", docs, methods=["GET"], include_in_schema=False)
