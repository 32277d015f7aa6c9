"""Route selection without scanning every route.

FastAPI tries the app's routes in order until one matches: with ~25 included routers and
~90 routes, each request pays ~90 path-regex tests (and FastAPI >= 0.16x tests the chosen
router's routes again to dispatch). `RouteIndex` sits in front of the app's router and
tries only the top-level routes that could match the request path's first two segments,
in their original order, then dispatches the first full match exactly as FastAPI does.

Nothing else changes: a route is left out only when the literal start of every path it
serves differs from the request's, so it could not have matched; anything not a plain
full match (405 on a wrong method, a trailing-slash redirect, the web app's fallback
pages, 404) goes to FastAPI's own scan, as does a request under a `root_path`. The index is
rebuilt when routes are added (to the app: at once; to an included router: within a
second). OpenAPI is untouched: the routes themselves are FastAPI's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI, routing
from starlette.routing import BaseRoute, Match, Mount
from starlette.types import Receive, Scope, Send

RECHECK_SECONDS = 1.0
_OTHER = "\0"  # a segment no route names literally (NUL never reaches a route: input guard)
Head = tuple[str | None, ...]  # literal first segments of a path; None: any value


def install(app: FastAPI) -> bool:
    """Put a `RouteIndex` in front of `app.router`'s scan; False (and FastAPI's scan kept)
    when this FastAPI lacks the helpers the dispatch mirrors, or the router has
    middleware of its own."""
    router = app.router
    helpers = _fastapi_helpers()
    if (
        helpers is None
        or not hasattr(router, "form_limits")
        or router.middleware_stack != router.app
    ):
        return False
    router.middleware_stack = RouteIndex(router, *helpers)
    return True


class RouteIndex:
    def __init__(
        self,
        router: routing.APIRouter,
        apply_form_limits: Callable[[Scope, Any], None],
        update_scope: Callable[[Scope, Scope], None],
        route_selected: Callable[..., None],
    ) -> None:
        self._router = router
        self._scan = router.app  # FastAPI's own: every case but a plain full match
        self._apply_form_limits = apply_form_limits
        self._update_scope = update_scope
        self._route_selected = route_selected
        self._version: object = None
        self._count = -1
        self._recheck_at = 0.0
        self._heads: list[tuple[BaseRoute, list[Head]]] = []
        self._first: set[str] = set()
        self._first_two: set[tuple[str, str]] = set()
        self._table: dict[tuple[str, str], list[BaseRoute]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("root_path"):
            await self._scan(scope, receive, send)
            return
        router = self._router
        self._apply_form_limits(scope, router.form_limits)
        for route in self.candidates(scope["path"]):
            match, child_scope = route.matches(scope)
            if match == Match.FULL:
                if "router" not in scope:
                    scope["router"] = router
                self._update_scope(scope, child_scope)
                self._route_selected(
                    scope=scope,
                    path=getattr(route, "path_format", None),
                    mount=isinstance(route, Mount),
                )
                await route.handle(scope, receive, send)
                return
        await self._scan(scope, receive, send)

    def candidates(self, path: str) -> list[BaseRoute]:
        """The top-level routes that could match `path`, in the router's order."""
        routes = self._router.routes
        now = time.monotonic()
        if len(routes) != self._count or now >= self._recheck_at:
            # FastAPI's full version walks every included router (~12 µs): a route added
            # to an already included router is seen within RECHECK_SECONDS; one added to
            # the app itself, at once
            self._count = len(routes)
            self._recheck_at = now + RECHECK_SECONDS
            version = _routes_version(self._router)
            if version != self._version:
                self._rebuild(version)
        parts = path.split("/", 3)  # ["", first, second, rest]
        first = parts[1] if len(parts) > 1 else ""
        second = parts[2] if len(parts) > 2 else ""
        key = (
            first if first in self._first else _OTHER,
            second if (first, second) in self._first_two else _OTHER,
        )
        found = self._table.get(key)
        if found is None:
            found = [route for route, heads in self._heads if any(_fits(h, key) for h in heads)]
            self._table[key] = found
        return found

    def _rebuild(self, version: object) -> None:
        self._heads = [(route, list(_heads_of(route))) for route in self._router.routes]
        every = [h for _route, heads in self._heads for h in heads]
        self._first = {h[0] for h in every if h and h[0] is not None}
        self._first_two = {(h[0], h[1]) for h in every if len(h) > 1 and h[0] and h[1]}
        self._table = {}
        self._version = version


def _fits(head: Head, key: tuple[str, str]) -> bool:
    return all(want is None or want == got for want, got in zip(head, key, strict=False))


def _heads_of(route: BaseRoute) -> Iterator[Head]:
    """The literal starts of the paths `route` serves (one per path)."""
    contexts = getattr(route, "effective_route_contexts", None)
    if contexts is not None:  # an included router (FastAPI >= 0.16x)
        for context in contexts():
            starlette_route = getattr(context, "starlette_route", None)
            yield _head(starlette_route if starlette_route is not None else context)
        return
    yield _head(route)


def _head(route: object) -> Head:
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    if not isinstance(path, str) or not path.startswith("/"):
        return ()  # unknown (a Host route, ...): a candidate for every path
    head: list[str | None] = []
    for segment in path[1:].split("/")[:2]:
        if "{" in segment:
            return (*head, None)
        head.append(segment)
    return tuple(head)


def _routes_version(router: routing.APIRouter) -> object:
    version = getattr(router, "_get_routes_version", None)
    return version() if version is not None else tuple(map(id, router.routes))


def _fastapi_helpers() -> tuple[Any, Any, Any] | None:
    names = ("_apply_router_form_limits", "_update_scope", "_route_selected")
    found = [getattr(routing, name, None) for name in names]
    if any(f is None for f in found):
        return None
    return found[0], found[1], found[2]
