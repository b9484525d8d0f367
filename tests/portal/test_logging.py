"""Structured logging: JSON lines with the request id."""

import json
import logging

import pytest

from portal.log import JsonFormatter, RequestIdFilter, request_id_var


def test_json_formatter_writes_one_object_with_request_id_and_extras():
    record = logging.makeLogRecord({"name": "portal", "levelname": "INFO", "msg": "zoek %s", "args": ("3011",)})
    record.postcode = "3011"
    token = request_id_var.set("abc123def456")
    try:
        RequestIdFilter().filter(record)
        line = JsonFormatter().format(record)
    finally:
        request_id_var.reset(token)

    entry = json.loads(line)
    assert entry["message"] == "zoek 3011"
    assert entry["request_id"] == "abc123def456"
    assert entry["postcode"] == "3011"
    assert entry["level"] == "INFO"


@pytest.mark.django_db
def test_response_carries_the_proxy_request_id(client):
    response = client.get("/gezondheid/", HTTP_X_REQUEST_ID="lb-0123456789")

    assert response["X-Request-ID"] == "lb-0123456789"


@pytest.mark.django_db
def test_response_ignores_a_malformed_request_id(client):
    response = client.get("/gezondheid/", HTTP_X_REQUEST_ID="<script>")

    assert response["X-Request-ID"] != "<script>"
