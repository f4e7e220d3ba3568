"""Realistic offline outputs for the Google Cloud resources and invokes the components use.

What the real provider reports after creation and other resources read: a service account's
``email``/``member``/``name``, a bucket's ``url``, a cluster's ``endpoint``, CA certificate and
Workload Identity pool, the storage and Pub/Sub service agents. Values are derived from the
inputs deterministically (the project number is a hash of the project ID), so plans are stable.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from pulumi.runtime import MockCallArgs, MockResourceArgs

from .outputs import register_call, register_outputs

OFFLINE_CA_PEM = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBszCCAVmgAwIBAgIUb2ZmbGluZS1wbGFjZWhvbGRlcjAKBggqhkjOPQQDAjAP\n"
    "MQ0wCwYDVQQDEwRna2UtY2EwHhcNMjUwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAw\n"
    "-----END CERTIFICATE-----\n"
)
"""A placeholder cluster CA (base64-encoded into ``masterAuth.clusterCaCertificate`` like GKE does)."""


def project_number(project: str) -> str:
    """A stable 12-digit project number for ``project`` (the real one is assigned by Google)."""
    digest = int(hashlib.sha256(project.encode()).hexdigest(), 16)
    return str(100_000_000_000 + digest % 900_000_000_000)


def _project(args: Any, default: str = "offline-project") -> str:
    return str(args.get("project") or default)


@register_outputs("gcp:serviceaccount/account:Account")
def _service_account(args: MockResourceArgs) -> dict[str, Any]:
    project = _project(args.inputs)
    email = f"{args.inputs.get('accountId') or args.name}@{project}.iam.gserviceaccount.com"
    unique = str(int(hashlib.sha256(email.encode()).hexdigest(), 16))[:21]
    return {
        "email": email,
        "member": f"serviceAccount:{email}",
        "name": f"projects/{project}/serviceAccounts/{email}",
        "uniqueId": unique,
        "project": project,
    }


@register_outputs("gcp:storage/bucket:Bucket")
def _bucket(args: MockResourceArgs) -> dict[str, Any]:
    name = str(args.inputs.get("name") or args.name)
    project = _project(args.inputs)
    return {
        "url": f"gs://{name}",
        "selfLink": f"https://www.googleapis.com/storage/v1/b/{name}",
        "projectNumber": int(project_number(project)),
        "timeCreated": "2025-01-01T00:00:00.000Z",
        "updated": "2025-01-01T00:00:00.000Z",
    }


@register_outputs("gcp:storage/notification:Notification")
def _notification(args: MockResourceArgs) -> dict[str, Any]:
    bucket = str(args.inputs.get("bucket") or "bucket")
    return {
        "notificationId": "1",
        "selfLink": f"https://www.googleapis.com/storage/v1/b/{bucket}/notificationConfigs/1",
    }


_SERVICE_AGENT_DOMAINS = {
    "pubsub.googleapis.com": "gcp-sa-pubsub",
    "container.googleapis.com": "container-engine-robot",
    "storage.googleapis.com": "gs-project-accounts",
}


@register_outputs("gcp:projects/serviceIdentity:ServiceIdentity")
def _service_identity(args: MockResourceArgs) -> dict[str, Any]:
    service = str(args.inputs.get("service") or "")
    domain = _SERVICE_AGENT_DOMAINS.get(service, "gcp-sa-" + service.split(".")[0])
    email = f"service-{project_number(_project(args.inputs))}@{domain}.iam.gserviceaccount.com"
    return {"email": email, "member": f"serviceAccount:{email}"}


@register_call("gcp:storage/getProjectServiceAccount:getProjectServiceAccount")
def _storage_service_agent(args: MockCallArgs) -> dict[str, Any]:
    project = _project(args.args)
    email = f"service-{project_number(project)}@gs-project-accounts.iam.gserviceaccount.com"
    return {"emailAddress": email, "member": f"serviceAccount:{email}", "project": project, "id": email}


@register_outputs("gcp:container/cluster:Cluster")
def _cluster(args: MockResourceArgs) -> dict[str, Any]:
    project = _project(args.inputs)
    name = str(args.inputs.get("name") or args.name)
    location = str(args.inputs.get("location") or "us-central1")
    octet = int(hashlib.sha256(f"{project}/{name}".encode()).hexdigest(), 16) % 254 + 1
    ca = base64.b64encode(OFFLINE_CA_PEM.encode()).decode()
    pool = (args.inputs.get("workloadIdentityConfig") or {}).get("workloadPool") or f"{project}.svc.id.goog"
    return {
        "endpoint": f"203.0.113.{octet}",
        "masterAuth": {
            "clusterCaCertificate": ca,
            "clientCertificateConfig": {"issueClientCertificate": False},
        },
        "workloadIdentityConfig": {"workloadPool": pool},
        "masterVersion": "1.31.5-gke.1023000",
        "selfLink": f"https://container.googleapis.com/v1/projects/{project}/locations/{location}/clusters/{name}",
        "servicesIpv4Cidr": "34.118.224.0/20",
    }
