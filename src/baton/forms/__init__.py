"""Form validation: Orkes form templates (JSON Schema) and Camunda forms (form-js JSON).

Pure functions returning `FieldError` lists (empty = valid); the service raises `InvalidInput`
with them. `check_*` refuse a broken form when it is registered or deployed; `validate_*` check a
task's output against it.
"""

from baton.forms.camunda_form import check_camunda_form, form_field_keys
from baton.forms.camunda_values import HideCheck, validate_camunda_form
from baton.forms.json_schema import check_schema, validate_json_schema

__all__ = [
    "HideCheck",
    "check_camunda_form",
    "check_schema",
    "form_field_keys",
    "validate_camunda_form",
    "validate_json_schema",
]
