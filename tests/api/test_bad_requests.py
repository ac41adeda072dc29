"""Every class of bad request gets a 4xx that names the field, and writes nothing."""

import json

import pytest

from sessions_app.models import IdempotencyKey, ServiceToken, Session
from sessions_app.services.service_tokens import issue_service_token, revoke_tokens
from tests.api.conftest import ApiClient
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID_BODY = {"user": "alice", "ip_address": "81.2.69.160", "user_agent": "curl/8.5"}


def body_with(**changes):
    """Return the valid create body with some fields changed or removed."""
    body = {**VALID_BODY, **changes}
    return json.dumps({name: value for name, value in body.items() if value != ...})


CREATE_CASES = [
    # The body as a whole.
    ("malformed JSON", b'{"user": "alice",', {}, 400, [(None, "parse_error")]),
    ("NaN", b'{"user": NaN}', {}, 400, [(None, "parse_error")]),
    ("invalid UTF-8", b'{"user": "\xff"}', {}, 400, [(None, "parse_error")]),
    ("deep nesting", b"[" * 3000 + b"]" * 3000, {}, 400, [(None, "parse_error")]),
    ("array body", b"[]", {}, 400, [(None, "invalid")]),
    ("string body", b'"alice"', {}, 400, [(None, "invalid")]),
    (
        "empty body",
        b"",
        {},
        400,
        [("user", "required"), ("ip_address", "required"), ("user_agent", "required")],
    ),
    (
        "oversized body",
        body_with(user_agent="x" * 20000).encode(),
        {},
        413,
        [(None, "too_large")],
    ),
    (
        "form body",
        b"user=alice",
        {"content_type": "application/x-www-form-urlencoded"},
        415,
        [("Content-Type", "unsupported_media_type")],
    ),
    (
        "body without content type",
        body_with().encode(),
        {"content_type": ""},
        415,
        [("Content-Type", "unsupported_media_type")],
    ),
    ("unknown field", body_with(usr="alice"), {}, 400, [("usr", "unknown")]),
    (
        "surrogate in field name",
        b'{"\\ud800": 1, "user": "alice", "ip_address": null, "user_agent": ""}',
        {},
        400,
        [("\\ud800", "unknown")],
    ),
    # The user.
    ("missing user", body_with(user=...), {}, 400, [("user", "required")]),
    ("null user", body_with(user=None), {}, 400, [("user", "null")]),
    ("boolean user", body_with(user=True), {}, 400, [("user", "invalid")]),
    ("float user", body_with(user=1.5), {}, 400, [("user", "invalid")]),
    ("list user", body_with(user=["alice"]), {}, 400, [("user", "invalid")]),
    ("object user", body_with(user={"id": 1}), {}, 400, [("user", "invalid")]),
    ("blank user", body_with(user=""), {}, 400, [("user", "blank")]),
    ("unknown username", body_with(user="bob"), {}, 400, [("user", "unknown_name")]),
    (
        "unknown email",
        body_with(user="bob@example.com"),
        {},
        400,
        [("user", "unknown_name")],
    ),
    ("unknown id", body_with(user=999999), {}, 400, [("user", "unknown_id")]),
    ("negative id", body_with(user=-1), {}, 400, [("user", "unknown_id")]),
    ("huge id", body_with(user=2**70), {}, 400, [("user", "unknown_id")]),
    (
        "NUL in user",
        body_with(user="al\x00ice"),
        {},
        400,
        [("user", "null_characters_not_allowed")],
    ),
    (
        "surrogate in user",
        b'{"user": "al\\udc00ice", "ip_address": null, "user_agent": ""}',
        {},
        400,
        [("user", "surrogate_characters_not_allowed")],
    ),
    ("oversized user", body_with(user="a" * 255), {}, 400, [("user", "max_length")]),
    # The IP address.
    (
        "missing address",
        body_with(ip_address=...),
        {},
        400,
        [("ip_address", "required")],
    ),
    ("blank address", body_with(ip_address=""), {}, 400, [("ip_address", "blank")]),
    (
        "number address",
        body_with(ip_address=16909060),
        {},
        400,
        [("ip_address", "invalid")],
    ),
    (
        "out of range address",
        body_with(ip_address="256.1.1.1"),
        {},
        400,
        [("ip_address", "invalid_address")],
    ),
    (
        "address with port",
        body_with(ip_address="81.2.69.160:443"),
        {},
        400,
        [("ip_address", "invalid_address")],
    ),
    (
        "bracketed address",
        body_with(ip_address="[2001:db8::1]"),
        {},
        400,
        [("ip_address", "invalid_address")],
    ),
    (
        "address with zone",
        body_with(ip_address="fe80::1%eth0"),
        {},
        400,
        [("ip_address", "invalid_address")],
    ),
    (
        "host name address",
        body_with(ip_address="example.com"),
        {},
        400,
        [("ip_address", "invalid_address")],
    ),
    (
        "oversized address",
        body_with(ip_address="1" * 100),
        {},
        400,
        [("ip_address", "invalid_address")],
    ),
    (
        "NUL in address",
        body_with(ip_address="81.2.69.160\x00"),
        {},
        400,
        [("ip_address", "invalid_address")],
    ),
    # The user agent and client hints.
    (
        "missing user agent",
        body_with(user_agent=...),
        {},
        400,
        [("user_agent", "required")],
    ),
    (
        "number user agent",
        body_with(user_agent=5),
        {},
        400,
        [("user_agent", "invalid")],
    ),
    (
        "oversized user agent",
        body_with(user_agent="x" * 1025),
        {},
        400,
        [("user_agent", "max_length")],
    ),
    (
        "NUL in user agent",
        body_with(user_agent="Mozilla\x00/5.0"),
        {},
        400,
        [("user_agent", "null_characters_not_allowed")],
    ),
    (
        "invalid platform",
        body_with(sec_ch_ua_platform="<Windows>"),
        {},
        400,
        [("sec_ch_ua_platform", "invalid_hint")],
    ),
    (
        "oversized platform",
        body_with(sec_ch_ua_platform="W" * 40),
        {},
        400,
        [("sec_ch_ua_platform", "invalid_hint")],
    ),
    (
        "invalid platform version",
        body_with(sec_ch_ua_platform_version="15.x"),
        {},
        400,
        [("sec_ch_ua_platform_version", "invalid_hint")],
    ),
    (
        "number platform version",
        body_with(sec_ch_ua_platform_version=15),
        {},
        400,
        [("sec_ch_ua_platform_version", "invalid")],
    ),
    # The service and the token.
    (
        "another service",
        body_with(service="Calendar"),
        {},
        403,
        [("service", "wrong_service")],
    ),
    ("blank service", body_with(service=""), {}, 400, [("service", "blank")]),
    (
        "no token",
        body_with(),
        {"token": None},
        401,
        [("Authorization", "not_authenticated")],
    ),
    (
        "basic scheme",
        body_with(),
        {"authorization": "Basic YWxpY2U6c2VjcmV0"},
        401,
        [("Authorization", "authentication_failed")],
    ),
    (
        "bearer without token",
        body_with(),
        {"authorization": "Bearer "},
        401,
        [("Authorization", "authentication_failed")],
    ),
    (
        "unknown token",
        body_with(),
        {"authorization": "Bearer sct_unknown"},
        401,
        [("Authorization", "authentication_failed")],
    ),
    (
        "oversized token",
        body_with(),
        {"authorization": "Bearer " + "x" * 5000},
        401,
        [("Authorization", "authentication_failed")],
    ),
    (
        "staff token",
        body_with(),
        {"token": "staff"},
        403,
        [("Authorization", "permission_denied")],
    ),
    # The idempotency key.
    (
        "blank idempotency key",
        body_with(),
        {"idempotency_key": ""},
        400,
        [("Idempotency-Key", "invalid")],
    ),
    (
        "idempotency key with space",
        body_with(),
        {"idempotency_key": "a b"},
        400,
        [("Idempotency-Key", "invalid")],
    ),
    (
        "oversized idempotency key",
        body_with(),
        {"idempotency_key": "k" * 256},
        400,
        [("Idempotency-Key", "invalid")],
    ),
]


def send(options, raw, *, tokens, method="post", path="/api/sessions/"):
    """Send a request built from the options of a case."""
    options = dict(options)
    client = ApiClient(tokens[options.pop("token", "mail")])
    headers = {}
    if "authorization" in options:
        headers["Authorization"] = options.pop("authorization")
    if "idempotency_key" in options:
        headers["Idempotency-Key"] = options.pop("idempotency_key")

    if method == "get":
        return client.get(path, headers=headers)
    return client.post(path, raw=raw, headers=headers, **options)


@pytest.fixture
def tokens(mail_token, staff_token):
    return {"mail": mail_token[1], "staff": staff_token[1], None: None}


def error_fields(response):
    return [(error["field"], error["code"]) for error in response.json()["errors"]]


@pytest.mark.parametrize(
    "raw, options, status, errors",
    [pytest.param(*case[1:], id=case[0]) for case in CREATE_CASES],
)
def test_bad_create_is_rejected_with_field(alice, tokens, raw, options, status, errors):
    response = send(options, raw, tokens=tokens)

    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json"
    assert error_fields(response) == errors
    assert all(error["message"] for error in response.json()["errors"])
    assert Session.objects.count() == 0
    assert IdempotencyKey.objects.count() == 0


SESSION_CASES = [
    # (id, path template, method, body, options, status, errors)
    (
        "unknown session",
        "/api/sessions/{unknown}/activity/",
        "post",
        "{}",
        {},
        404,
        [("session_id", "not_found")],
    ),
    (
        "malformed session id",
        "/api/sessions/not*an*id/activity/",
        "post",
        "{}",
        {},
        404,
        [("session_id", "not_found")],
    ),
    (
        "NUL in session id",
        "/api/sessions/ab%00cd/end/",
        "post",
        "{}",
        {},
        400,
        [(None, "null_characters_not_allowed")],
    ),
    (
        "oversized session id",
        "/api/sessions/" + "a" * 300 + "/end/",
        "post",
        "{}",
        {},
        404,
        [("session_id", "not_found")],
    ),
    (
        "another service's session",
        "/api/sessions/{other}/activity/",
        "post",
        "{}",
        {},
        404,
        [("session_id", "not_found")],
    ),
    (
        "end another service's session",
        "/api/sessions/{other}/end/",
        "post",
        "{}",
        {},
        404,
        [("session_id", "not_found")],
    ),
    (
        "invalid activity address",
        "/api/sessions/{own}/activity/",
        "post",
        '{"ip_address": "1.2.3"}',
        {},
        400,
        [("ip_address", "invalid_address")],
    ),
    (
        "null activity address",
        "/api/sessions/{own}/activity/",
        "post",
        '{"ip_address": null}',
        {},
        400,
        [("ip_address", "null")],
    ),
    (
        "service in activity",
        "/api/sessions/{own}/activity/",
        "post",
        '{"service": "Calendar"}',
        {},
        400,
        [("service", "unknown")],
    ),
    (
        "oversized activity user agent",
        "/api/sessions/{own}/activity/",
        "post",
        json.dumps({"user_agent": "x" * 1025}),
        {},
        400,
        [("user_agent", "max_length")],
    ),
    (
        "field in end body",
        "/api/sessions/{own}/end/",
        "post",
        '{"ended_at": "now"}',
        {},
        400,
        [("ended_at", "unknown")],
    ),
    (
        "revoked token on activity",
        "/api/sessions/{own}/activity/",
        "post",
        "{}",
        {"token": "revoked"},
        401,
        [("Authorization", "authentication_failed")],
    ),
    (
        "staff token on end",
        "/api/sessions/{own}/end/",
        "post",
        "{}",
        {"token": "staff"},
        403,
        [("Authorization", "permission_denied")],
    ),
    (
        "service token reading",
        "/api/sessions/{own}/",
        "get",
        "",
        {},
        403,
        [("Authorization", "permission_denied")],
    ),
    (
        "GET on activity",
        "/api/sessions/{own}/activity/",
        "get",
        "",
        {},
        405,
        [(None, "method_not_allowed")],
    ),
    (
        "unknown endpoint",
        "/api/sessionz/",
        "post",
        "{}",
        {},
        404,
        [(None, "not_found")],
    ),
]


@pytest.fixture
def session_tokens(tokens, db):
    revoked, plain = issue_service_token(name="Old Mail", service="Mail")
    revoke_tokens(ServiceToken.objects.filter(pk=revoked.pk))
    return {**tokens, "revoked": plain}


@pytest.mark.parametrize(
    "path, method, raw, options, status, errors",
    [pytest.param(*case[1:], id=case[0]) for case in SESSION_CASES],
)
def test_bad_session_request_changes_nothing(
    session_tokens, path, method, raw, options, status, errors
):
    own = SessionFactory(service="Mail")
    other = SessionFactory(service="Calendar")
    before = {session.pk: session.updated_at for session in (own, other)}
    url = path.format(own=own.session_id, other=other.session_id, unknown="x" * 32)

    response = send(options, raw, tokens=session_tokens, method=method, path=url)

    assert response.status_code == status
    assert error_fields(response) == errors
    after = {s.pk: s.updated_at for s in Session.objects.filter(ended_at__isnull=True)}
    assert after == before


def test_ambiguous_email_is_rejected(tokens):
    UserFactory(username="first", email="shared@example.com")
    UserFactory(username="second", email="shared@example.com")

    response = send({}, body_with(user="shared@example.com"), tokens=tokens)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "user",
            "code": "ambiguous",
            "message": "Several users have the email “shared@example.com”; "
            "send the username or id instead.",
        }
    ]


def test_unknown_user_message_names_the_user(alice, tokens):
    response = send({}, body_with(user="bob"), tokens=tokens)

    assert response.json()["errors"][0]["message"] == (
        "No user has the username or email “bob”."
    )


def test_unauthenticated_response_asks_for_bearer(tokens):
    response = send({"token": None}, body_with(), tokens=tokens)

    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'


def test_missing_trailing_slash_is_explained(tokens):
    response = send({}, body_with(), tokens=tokens, path="/api/sessions")

    assert response.status_code == 404
    assert response.json()["errors"][0]["message"] == (
        "No API endpoint has this URL; add the trailing slash."
    )
