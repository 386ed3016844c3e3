"""The OpenAPI document: valid OpenAPI 3.1, generated from the URL patterns and the
serialisers, and strict enough that validating a response against it can fail."""

import pytest
from django.http import JsonResponse
from django.test import RequestFactory
from django.urls import path, resolve
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.validation.response.exceptions import InvalidData
from openapi_spec_validator import validate

from improvement.api import schemas
from improvement.api.openapi import document
from improvement.urls import urlpatterns as project_urls


def undocumented(request):
    return JsonResponse({})


urlpatterns = [path("api/undocumented/", undocumented, name="api_undocumented"), *project_urls]


def test_the_document_is_valid_openapi_3_1(served):
    assert served["openapi"] == "3.1.0"
    validate(served)


def test_every_api_address_is_documented_with_its_errors(served):
    assert set(served["paths"]) == {
        "/api/plans/",
        "/api/plans/{slug}/summary/",
        "/api/plans/{slug}/timeline/",
        "/api/plans/{slug}/milestones/",
        "/api/plans/{slug}/indicators/",
        "/api/plans/{slug}/risks/",
        "/api/plans/{slug}/updates/",
    }
    for address, item in served["paths"].items():
        responses = item["get"]["responses"]
        assert {"200", "400", "401", "404", "405", "429"} <= set(responses), address
        assert "Retry-After" in responses["429"]["headers"]
        # Each one is served: the resolver finds a view for it.
        assert resolve(address.replace("{slug}", "north")).url_name == item["get"]["operationId"]


@pytest.mark.urls(__name__)
def test_an_address_under_the_api_without_a_description_stops_the_document(db):
    with pytest.raises(LookupError, match="api_undocumented"):
        document("http://testserver")


def test_the_schemas_are_the_serialisers(served):
    milestone = served["components"]["schemas"]["MilestoneItem"]
    assert list(milestone["properties"]) == list(schemas.MilestoneItem.model_fields)
    assert milestone["additionalProperties"] is False
    assert served["components"]["schemas"]["Status"]["enum"] == [
        "complete",
        "on_track",
        "behind",
        "off_track",
        "not_started",
    ]


def test_every_list_offers_csv_and_names_its_columns(served):
    for address, item in served["paths"].items():
        content = item["get"]["responses"]["200"]["content"]
        first_two = address.endswith(("/summary/", "/timeline/"))
        assert ("text/csv" in content) is not first_two, address
        if not first_two:
            assert content["text/csv"]["x-columns"][0] in ("id", "slug")


@pytest.mark.parametrize(
    "body",
    [
        {"error": "fine", "extra": 1},  # a field the document does not name
        {"plans": []},  # not the shape at all
    ],
)
def test_a_response_that_strays_from_the_document_fails_validation(openapi, world, body):
    request = RequestFactory().get("/api/plans/north/summary/")
    request.resolver_match = resolve("/api/plans/north/summary/")
    response = JsonResponse(body, status=404 if "error" in body else 200)
    with pytest.raises(InvalidData):
        openapi.validate_response(DjangoOpenAPIRequest(request), DjangoOpenAPIResponse(response))
