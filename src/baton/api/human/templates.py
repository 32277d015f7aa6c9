"""`/api/human/template`: Orkes user-form templates (`HumanTaskTemplate`).

NB: a single path segment after `/template` is a *human task id* on GET (the template that task
shows) but a template *name* on DELETE, as in Orkes. Tag routes come before `/{name}/{version}`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Response

from baton.api.deps import Ctx, CurrentCaller
from baton.api.human.wire import template_json
from baton.api.params import Int64
from baton.services import templates

router = APIRouter(prefix="/api/human/template", tags=["user-form"])


@router.get("", summary="Templates: all versions of all, of one name, or one version")
def list_templates(
    ctx: Ctx, _caller: CurrentCaller, name: str | None = None, version: Int64 | None = None
) -> list[dict[str, Any]]:
    return [template_json(t) for t in templates.list_templates(ctx, name=name, version=version)]


@router.post("", summary="Register a template (the body's version wins over newVersion)")
def save_template(
    ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body(...), newVersion: bool = False
) -> dict[str, Any]:
    return template_json(templates.save_template(ctx, caller, body, new_version=newVersion))


@router.post("/bulk", summary="Register templates, all or none")
def save_templates(
    ctx: Ctx, caller: CurrentCaller, body: list[Any] = Body(...), newVersion: bool = False
) -> list[dict[str, Any]]:
    saved = templates.save_templates(ctx, caller, body, new_version=newVersion)
    return [template_json(t) for t in saved]


@router.get("/{name}/tags", summary="Tags of a template (shared by all its versions)")
def get_tags(name: str, ctx: Ctx, _caller: CurrentCaller) -> list[dict[str, str]]:
    return templates.get_tags(ctx, name)


@router.put(
    "/{name}/tags", status_code=204, response_class=Response, summary="Add or update tags by key"
)
def put_tags(name: str, ctx: Ctx, caller: CurrentCaller, body: list[Any] = Body(...)) -> None:
    templates.put_tags(ctx, caller, name, body)


@router.delete("/{name}/tags", status_code=204, response_class=Response, summary="Remove tags")
def delete_tags(name: str, ctx: Ctx, caller: CurrentCaller, body: list[Any] = Body(...)) -> None:
    templates.delete_tags(ctx, caller, name, body)


@router.get("/{name}/{version}", summary="One version of a template (0 = the latest)")
def get_template(name: str, version: Int64, ctx: Ctx, _caller: CurrentCaller) -> dict[str, Any]:
    return template_json(templates.get_template(ctx, name, version))


@router.delete(
    "/{name}/{version}", status_code=204, response_class=Response, summary="Delete one version"
)
def delete_version(name: str, version: Int64, ctx: Ctx, caller: CurrentCaller) -> None:
    templates.delete_template(ctx, caller, name, version)


@router.get("/{humanTaskId}", summary="The template a human task shows (by human task id)")
def get_template_for_task(humanTaskId: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return template_json(templates.get_template_for_task(ctx, caller, humanTaskId))


@router.delete("/{name}", status_code=204, response_class=Response, summary="Delete all versions")
def delete_template(name: str, ctx: Ctx, caller: CurrentCaller) -> None:
    templates.delete_template(ctx, caller, name)
