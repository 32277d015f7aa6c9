"""`/v2/topology`, `/v2/status`, `/v2/license`, `/v2/authentication/me`: what Camunda
clients ask first. One broker (this server), one partition, one tenant."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from baton import __version__
from baton.api.camunda.render import TENANT
from baton.api.deps import CurrentCaller
from baton.model.identity import CallerKind

router = APIRouter(prefix="/v2", tags=["camunda"])

CLUSTER_ID = "baton"


@router.get("/topology", summary="The cluster (one broker: this server)")
def topology(_caller: CurrentCaller) -> dict[str, Any]:
    return {
        "brokers": [
            {
                "nodeId": 0,
                "brokerId": "0",
                "host": "baton",
                "port": 26501,
                "partitions": [
                    {"partitionId": 1, "role": "leader", "health": "healthy", "state": "active"}
                ],
                "version": __version__,
            }
        ],
        "clusterId": CLUSTER_ID,
        "clusterSize": 1,
        "partitionsCount": 1,
        "replicationFactor": 1,
        "gatewayVersion": __version__,
        "lastCompletedChangeId": "-1",
    }


@router.get("/status", status_code=204, response_class=Response, summary="Up (no auth)")
def status() -> None:
    return None


@router.get("/license", summary="The license (Baton is open source)")
def license_(_caller: CurrentCaller) -> dict[str, Any]:
    return {
        "validLicense": True,
        "licenseType": "unlimited",
        "isCommercial": False,
        "expiresAt": None,
    }


@router.get("/authentication/me", summary="The caller, as the Camunda web apps show it")
def me(caller: CurrentCaller) -> dict[str, Any]:
    return {
        "username": caller.id,
        "displayName": caller.name or caller.id,
        "email": None,
        "authorizedComponents": ["*"],
        "tenants": [{"tenantId": TENANT, "name": "Default", "description": None}],
        "groups": sorted(caller.groups),
        "roles": sorted(role.value for role in caller.roles),
        "salesPlanType": None,
        "c8Links": {},
        "canLogout": caller.kind is CallerKind.USER,
    }
