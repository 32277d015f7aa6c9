"""Serving the web app (built from `web/` into `dist/`, shipped inside the package) and the
offline API docs page. Nothing here loads from outside the server."""
