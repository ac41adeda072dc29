"""API tokens: stored hashed, shown once, scoped to a service, revocable."""

import hashlib
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from sessions_app.models import ServiceToken, Session
from sessions_app.services.service_tokens import (
    find_token,
    issue_service_token,
    record_token_use,
    revoke_tokens,
)
from tests.api.conftest import ApiClient
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_PATTERN = re.compile(r"sct_[A-Za-z0-9_-]{43}")


def test_token_is_stored_as_hash_only(mail_token):
    token, plain_token = mail_token

    stored = ServiceToken.objects.get(pk=token.pk)

    assert TOKEN_PATTERN.fullmatch(plain_token)
    assert stored.secret_hash == hashlib.sha256(plain_token.encode()).hexdigest()
    assert stored.prefix == plain_token[:12]
    assert plain_token not in {str(value) for value in vars(stored).values()}


def test_revoked_token_is_rejected(mail_client, mail_token, create_body):
    revoke_tokens(ServiceToken.objects.filter(pk=mail_token[0].pk))

    response = mail_client.post("/api/sessions/", create_body)

    assert response.status_code == 401
    assert response.json()["errors"] == [
        {
            "field": "Authorization",
            "code": "authentication_failed",
            "message": "The token is invalid or revoked.",
        }
    ]
    assert Session.objects.count() == 0


def test_revoked_token_is_logged_by_prefix(mail_client, mail_token, caplog):
    token, plain_token = mail_token
    revoke_tokens(ServiceToken.objects.filter(pk=token.pk))

    mail_client.post("/api/sessions/", {})

    records = [r for r in caplog.records if r.name == "sessions_app.security"]
    assert [r.getMessage() for r in records] == [
        f"Rejected revoked API token {token.prefix} (Mail, production) from 127.0.0.1"
    ]
    assert plain_token not in caplog.text


def test_token_writes_only_its_own_service(mail_client):
    calendar_session = SessionFactory(service="Calendar")

    response = mail_client.post(f"/api/sessions/{calendar_session.session_id}/end/")

    assert response.status_code == 404
    assert Session.objects.get(pk=calendar_session.pk).ended_at is None


def test_token_records_sessions_of_its_own_service(calendar_token, create_body):
    client = ApiClient(calendar_token[1])

    response = client.post("/api/sessions/", create_body)

    assert response.json()["service"] == "Calendar"


def test_use_moves_last_used_at_once_a_minute(mail_client, mail_token, create_body):
    token = mail_token[0]
    mail_client.post("/api/sessions/", create_body)
    first_use = ServiceToken.objects.get(pk=token.pk).last_used_at

    mail_client.post("/api/sessions/", create_body)

    assert first_use is not None
    assert ServiceToken.objects.get(pk=token.pk).last_used_at == first_use


def test_stale_last_used_at_moves(mail_token):
    token = mail_token[0]
    ServiceToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - timezone.timedelta(minutes=5)
    )
    before = timezone.now()

    record_token_use(token)

    assert ServiceToken.objects.get(pk=token.pk).last_used_at >= before


def test_find_token_ignores_oversized_text(mail_token):
    assert find_token(mail_token[1]) == mail_token[0]
    assert find_token(mail_token[1] + "x" * 200) is None


def test_staff_token_needs_no_service():
    token, _ = issue_service_token(name="Audit", kind=ServiceToken.Kind.STAFF)

    assert token.is_staff
    assert token.service == ""


@pytest.mark.parametrize(
    "kind, service, message",
    [
        ("service", "", "A service token needs the name of its service."),
        ("staff", "Mail", "A staff token reads every service; leave this empty."),
    ],
)
def test_token_kind_and_service_must_agree(kind, service, message):
    with pytest.raises(ValidationError, match=message):
        issue_service_token(name="x", service=service, kind=kind)
    assert ServiceToken.objects.count() == 0


def test_command_prints_the_token_once():
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("create_service_token", service="Mail", stdout=stdout, stderr=stderr)

    plain_token = stdout.getvalue().strip()
    assert TOKEN_PATTERN.fullmatch(plain_token)
    assert find_token(plain_token).service == "Mail"
    assert "Copy it now" in stderr.getvalue()


def test_command_rejects_a_service_token_without_service():
    with pytest.raises(CommandError, match="needs the name of its service"):
        call_command("create_service_token", stdout=io.StringIO())


@pytest.fixture
def admin_client(db):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def create_in_admin(admin_client):
    return admin_client.post(
        "/admin/sessions_app/servicetoken/add/",
        {"kind": "service", "service": "Mail", "name": "Mail, staging"},
    )


def test_admin_redirects_to_the_new_token(admin_client):
    response = create_in_admin(admin_client)

    token = ServiceToken.objects.get()
    assert response.status_code == 302
    assert (
        response["Location"] == f"/admin/sessions_app/servicetoken/{token.pk}/created/"
    )


def test_admin_shows_a_new_token_once(admin_client):
    response = create_in_admin(admin_client)

    shown = admin_client.get(response["Location"])
    plain_token = TOKEN_PATTERN.search(shown.content.decode()).group()
    token = ServiceToken.objects.get()
    assert find_token(plain_token) == token
    assert "no-store" in shown.headers["Cache-Control"]
    listing = admin_client.get("/admin/sessions_app/servicetoken/").content.decode()
    change = admin_client.get(
        f"/admin/sessions_app/servicetoken/{token.pk}/change/"
    ).content.decode()
    assert token.prefix in listing
    assert plain_token not in listing
    assert plain_token not in change


def test_admin_rejects_a_service_token_without_service(admin_client):
    response = admin_client.post(
        "/admin/sessions_app/servicetoken/add/",
        {"kind": "service", "service": "", "name": "Nameless"},
    )

    assert "A service token needs the name of its service." in response.content.decode()
    assert ServiceToken.objects.count() == 0


def test_admin_action_revokes_tokens(admin_client, mail_token, create_body):
    token, plain_token = mail_token

    admin_client.post(
        "/admin/sessions_app/servicetoken/",
        {"action": "revoke_selected", "_selected_action": [token.pk]},
    )

    assert ServiceToken.objects.get(pk=token.pk).is_revoked
    response = ApiClient(plain_token).post("/api/sessions/", create_body)
    assert response.status_code == 401


@pytest.mark.parametrize(
    "params", [{"name": "Mail, production"}, {"secret_hash__startswith": "a"}]
)
def test_admin_rejects_lookups_outside_its_filters(admin_client, mail_token, params):
    response = admin_client.get("/admin/sessions_app/servicetoken/", params)

    assert response.status_code == 400


def test_admin_filters_tokens_by_kind(admin_client, mail_token, staff_token):
    response = admin_client.get(
        "/admin/sessions_app/servicetoken/", {"kind__exact": "staff"}
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [staff_token[0]]


def test_admin_reload_shows_no_token_and_creates_none(admin_client):
    response = create_in_admin(admin_client)
    admin_client.get(response["Location"])

    reloaded = admin_client.get(response["Location"])

    content = reloaded.content.decode()
    assert reloaded.status_code == 200
    assert TOKEN_PATTERN.search(content) is None
    assert "The token “Mail, staging” is no longer shown" in content
    assert ServiceToken.objects.count() == 1


def test_admin_keeps_no_plain_token_after_showing_it(admin_client):
    response = create_in_admin(admin_client)

    admin_client.get(response["Location"])

    assert not [key for key in admin_client.session.keys() if "new_token" in key]


def test_admin_token_page_of_another_browser_shows_no_token(admin_client, db):
    response = create_in_admin(admin_client)
    other_browser = Client()
    other_browser.force_login(
        UserFactory(username="root2", is_staff=True, is_superuser=True)
    )

    shown = other_browser.get(response["Location"])

    assert TOKEN_PATTERN.search(shown.content.decode()) is None
    assert TOKEN_PATTERN.search(admin_client.get(response["Location"]).content.decode())


TOKEN_LIST = "/admin/sessions_app/servicetoken/"


def filter_links(content):
    """Return (query, label) of every filter choice link on a change list page."""
    return re.findall(r'<a href="(\?[^"]*)"[^>]*>\s*([^<]*?)\s*</a>', content)


def test_admin_filters_have_no_blank_choice(admin_client, mail_token, staff_token):
    content = admin_client.get(TOKEN_LIST).content.decode()

    links = filter_links(content)
    assert ("?service=Mail", "Mail") in links
    assert [query for query, label in links if not label and "o=" not in query] == []


@pytest.mark.parametrize(
    "status, expected", [("no", ["Mail, production"]), ("yes", ["Auditors"])]
)
def test_admin_filters_tokens_by_status(
    admin_client, mail_token, staff_token, status, expected
):
    revoke_tokens(ServiceToken.objects.filter(pk=staff_token[0].pk))

    response = admin_client.get(TOKEN_LIST, {"revoked": status})

    assert [token.name for token in response.context["cl"].result_list] == expected
    content = response.content.decode()
    assert ("?revoked=no", "Active") in filter_links(content)
    assert ("?revoked=yes", "Revoked") in filter_links(content)
    assert re.search(r"<summary>\s*By status\s*</summary>", content)
    assert "Not empty" not in content


def revoke_in_admin(admin_client, tokens):
    response = admin_client.post(
        TOKEN_LIST,
        {"action": "revoke_selected", "_selected_action": [t.pk for t in tokens]},
        follow=True,
    )
    return [str(message) for message in response.context["messages"]]


def test_admin_revoking_revoked_tokens_says_so(admin_client, mail_token, staff_token):
    tokens = [mail_token[0], staff_token[0]]
    revoke_tokens(ServiceToken.objects.all())

    assert revoke_in_admin(admin_client, tokens) == [
        "The selected tokens were already revoked."
    ]


def test_admin_revoking_some_revoked_tokens_counts_both(
    admin_client, mail_token, staff_token
):
    revoke_tokens(ServiceToken.objects.filter(pk=staff_token[0].pk))

    messages = revoke_in_admin(admin_client, [mail_token[0], staff_token[0]])

    assert messages == ["Revoked 1 token. 1 was already revoked."]


def issued_log_lines(caplog):
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "sessions_app.services.service_tokens"
    ]


def test_issuing_logs_name_and_kind(caplog):
    caplog.set_level("INFO")

    staff, _ = issue_service_token(name="Auditors", kind=ServiceToken.Kind.STAFF)
    mail, _ = issue_service_token(name="Mail, production", service="Mail")

    assert issued_log_lines(caplog) == [
        f"Issued staff token {staff.prefix} named 'Auditors'",
        f"Issued service token {mail.prefix} named 'Mail, production' "
        "for service 'Mail'",
    ]


def test_admin_logs_the_token_it_issues(admin_client, caplog):
    caplog.set_level("INFO")

    create_in_admin(admin_client)

    token = ServiceToken.objects.get()
    assert issued_log_lines(caplog) == [
        f"Issued service token {token.prefix} named 'Mail, staging' for service 'Mail'"
    ]
