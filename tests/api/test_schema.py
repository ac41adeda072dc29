"""The OpenAPI schema and its documentation page."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_schema_describes_every_endpoint():
    response = Client().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {
        "/api/sessions/",
        "/api/sessions/{session_id}/",
        "/api/sessions/{session_id}/activity/",
        "/api/sessions/{session_id}/end/",
    }
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"
    create = schema["paths"]["/api/sessions/"]["post"]
    assert {"201", "200", "400", "401", "403", "422", "429"} <= set(create["responses"])
    assert [p["name"] for p in create["parameters"]] == ["Idempotency-Key"]


def test_docs_page_renders_offline():
    response = Client().get("/api/docs/")

    assert response.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in response.content
    assert b"/api/schema/" in response.content


def test_schema_lists_the_console_filters():
    schema = Client().get("/api/schema/", {"format": "json"}).json()

    parameters = schema["paths"]["/api/sessions/"]["get"]["parameters"]

    assert {parameter["name"] for parameter in parameters} == {
        "q",
        "user",
        "service",
        "continent",
        "country",
        "os",
        "ip",
        "created_from",
        "created_to",
        "updated_from",
        "updated_to",
        "unusual",
        "reason",
        "cursor",
        "page_size",
    }


def test_unknown_schema_format_gets_json_error():
    response = Client().get("/api/schema/", {"format": "xml"})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "errors": [
            {
                "field": "format",
                "code": "unknown_format",
                "message": "Unknown schema format “xml”. "
                "Use ?format=json or ?format=yaml.",
            }
        ]
    }


def test_unacceptable_schema_type_gets_json_error():
    response = Client().get("/api/schema/", headers={"Accept": "application/xml"})

    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["field"] == "Accept"


@pytest.mark.parametrize(
    "query, content_type",
    [
        ({}, "application/vnd.oai.openapi; charset=utf-8"),
        ({"format": "yaml"}, "application/vnd.oai.openapi; charset=utf-8"),
        ({"format": "json"}, "application/vnd.oai.openapi+json"),
    ],
)
def test_schema_formats_still_served(query, content_type):
    response = Client().get("/api/schema/", query)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
