"""`GET /v2/forms/{key}`: a deployed form."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter

from baton.api.camunda.render import TENANT, key
from baton.api.deps import Ctx, CurrentCaller
from baton.services import process_definitions
from baton.services.process_definitions import FormView

router = APIRouter(prefix="/v2", tags=["camunda"])


def render_form(form: FormView) -> dict[str, Any]:
    """The schema travels as JSON text, as Camunda sends it."""
    return {
        "tenantId": TENANT,
        "formId": form.form_id,
        "schema": json.dumps(form.schema),
        "version": form.version,
        "formKey": key(form.key),
    }


@router.get("/forms/{form_key}", summary="A deployed form")
def get_form(form_key: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return render_form(process_definitions.form(ctx, caller, form_key))
