"""What the browser journeys set up through the API before the browser takes over: the people,
the models in `models/`, deployed processes and started instances (as the admin key)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

MODELS = Path(__file__).resolve().parent / "models"
ADMIN_KEY_ID = "browser-admin"
ADMIN_KEY_SECRET = "browser-admin-secret"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    groups: tuple[str, ...] = ()
    admin: bool = False

    @property
    def password(self) -> str:
        return f"{self.id}-pw"

    @property
    def shown_as(self) -> str:
        """A pattern for how the app may name this person: display name or user id."""
        return f"({self.name}|{self.id})"


# The demo people of every journey: two clerks (one group), a supervisor, an admin.
ANA = Person("ana", "Ana Clerk", ("clerks",))
BEN = Person("ben", "Ben Clerk", ("clerks",))
SUE = Person("sue", "Sue Supervisor", ("supervisors",))
ADA = Person("ada", "Ada Admin", admin=True)
PEOPLE = (ANA, BEN, SUE, ADA)

ORDER_PROCESS = "order_check"
ORDER_PROCESS_NAME = "Order check"
ENTER_CODE = ("enter_code", "Enter the order code")
CONFIRM_ORDER = ("confirm_order", "Confirm the order")
ORDER_CODE_ERROR = "Use two capital letters, a dash and four digits, like AB-1234"

REFUND_WORKFLOW = "refund_request"
REVIEW_REFUND = ("review_refund", "Review the refund")
PAY_REFUND = ("pay_refund", "Pay the refund")
REFUND_LIMIT_ERROR = "must be at most 500"


class World:
    """The admin's API client for one live server."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = httpx.Client(base_url=base_url, timeout=30)
        token = self.http.post(
            "/api/token", json={"keyId": ADMIN_KEY_ID, "keySecret": ADMIN_KEY_SECRET}
        )
        assert token.status_code == 200, token.text
        self.http.headers["X-Authorization"] = token.json()["token"]

    def close(self) -> None:
        self.http.close()

    def _ok(self, response: httpx.Response) -> httpx.Response:
        assert response.is_success, (
            f"{response.request.url}: {response.status_code} {response.text}"
        )
        return response

    def add_people(self, people: tuple[Person, ...] = PEOPLE) -> None:
        for group in sorted({g for p in people for g in p.groups}):
            self._ok(
                self.http.put(
                    f"/api/groups/{group}", json={"description": group.capitalize(), "roles": []}
                )
            )
        for person in people:
            body = {
                "name": person.name,
                "roles": ["ADMIN" if person.admin else "USER"],
                "groups": list(person.groups),
                "password": person.password,
            }
            self._ok(self.http.put(f"/api/users/{person.id}", json=body))

    # BPMN (the Camunda 8 API)
    def deploy_order_process(self) -> None:
        names = ("order-check.bpmn", "order-code.form", "order-confirm.form")
        files = [("resources", (name, (MODELS / name).read_bytes())) for name in names]
        self._ok(self.http.post("/v2/deployments", files=files))

    def deploy_resources(self, resources: dict[str, str]) -> None:
        """Deploy text resources by file name (the Camunda 8 API)."""
        files = [("resources", (name, text.encode())) for name, text in resources.items()]
        self._ok(self.http.post("/v2/deployments", files=files))

    def start_order(self, customer: str = "Corvid & Co") -> str:
        started = self._ok(
            self.http.post(
                "/v2/process-instances",
                json={"processDefinitionId": ORDER_PROCESS, "variables": {"customer": customer}},
            )
        )
        return str(started.json()["processInstanceKey"])

    def user_tasks(self, instance_id: str, state: str = "CREATED") -> list[dict[str, Any]]:
        found = self._ok(
            self.http.post(
                "/v2/user-tasks/search",
                json={"filter": {"processInstanceKey": instance_id, "state": state}},
            )
        )
        items: list[dict[str, Any]] = found.json()["items"]
        return items

    # Conductor (the Orkes API)
    def register_refund_workflow(self) -> None:
        template = json.loads((MODELS / "refund-review.template.json").read_text())
        self._ok(self.http.post("/api/human/template", json=template))
        workflow = json.loads((MODELS / "refund-request.workflow.json").read_text())
        self._ok(self.http.post("/api/metadata/workflow?overwrite=true", json=workflow))

    def start_refund(self, customer: str = "Corvid & Co", amount: float = 120) -> str:
        started = self._ok(
            self.http.post(
                f"/api/workflow/{REFUND_WORKFLOW}",
                json={"customer": customer, "refundAmount": amount},
            )
        )
        return started.text.strip().strip('"')
