import datetime
import html
import re

import pytest
from django.db import connection
from django.urls import reverse

from sessions_app.models import Session
from sessions_app.pagination import EstimatedCountPaginator
from sessions_app.sorting import SORT_FIELDS
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("sessions_app:session_list")


def row_services(response):
    """Return the services of the listed rows, in order."""
    return [row.record.service for row in response.context["table"].paginated_rows]


def row_session_ids(response):
    return [row.record.session_id for row in response.context["table"].paginated_rows]


def hrefs(response, css_class):
    """Return the unescaped targets of the links whose class attribute is given."""
    content = response.content.decode()
    pattern = rf'<a class="{css_class}"[^>]*href="([^"]*)"'
    return [html.unescape(href) for href in re.findall(pattern, content)]


def create_sessions(count, **kwargs):
    """Create sessions one minute apart, the first one the oldest."""
    start = datetime.datetime(2024, 3, 10, 12, 0, tzinfo=datetime.UTC)
    return [
        SessionFactory(created_at=start + datetime.timedelta(minutes=index), **kwargs)
        for index in range(count)
    ]


def test_list_shows_newest_sessions_first(viewer_client):
    sessions = create_sessions(3, service="Mail")

    response = viewer_client.get(LIST_URL, {"service": "Mail"})

    assert response.status_code == 200
    assert row_session_ids(response) == [
        session.session_id for session in reversed(sessions)
    ]


def test_list_shows_count_of_matches(viewer_client):
    create_sessions(3, service="Mail")

    response = viewer_client.get(LIST_URL, {"service": "Mail"})

    assert '<p class="page-summary" id="match-count">1–3 of 3 sessions</p>' in (
        response.content.decode()
    )


def test_list_links_session_to_detail(viewer_client):
    session = SessionFactory(service="Mail")

    response = viewer_client.get(LIST_URL, {"service": "Mail"})

    detail_url = reverse("sessions_app:session_detail", args=[session.session_id])
    assert f'<a href="{detail_url}">' in response.content.decode()


def test_list_shows_location_with_country_code(viewer_client):
    SessionFactory(service="Mail", ip_address="89.160.20.1")

    response = viewer_client.get(LIST_URL, {"service": "Mail"})

    assert (
        'Linköping, Sweden <span class="country-code">SE</span>'
        in response.content.decode()
    )


def test_list_filters_by_country(viewer_client):
    SessionFactory(service="Linköping", ip_address="89.160.20.1")
    SessionFactory(service="London", ip_address="81.2.69.160")

    response = viewer_client.get(LIST_URL, {"country": "SE"})

    assert row_services(response) == ["Linköping"]


def test_list_shows_empty_state(viewer_client):
    response = viewer_client.get(LIST_URL, {"service": "Nothing"})

    content = response.content.decode()
    assert "No sessions match these filters" in content
    assert '<p class="page-summary" id="match-count">No sessions</p>' in content


def test_invalid_filter_error_beside_field(viewer_client):
    SessionFactory(service="Mail")

    response = viewer_client.get(LIST_URL, {"ip": "300.1.2.3", "service": "Mail"})

    content = response.content.decode()
    assert response.status_code == 200
    assert row_services(response) == []
    assert re.search(
        r'<div class="field has-error">\s*<label for="id_ip">IP address or network'
        r'</label>.*?<span class="field-error" role="alert">Enter a valid IP address',
        content,
        re.DOTALL,
    )
    assert "Some filters are invalid, so no sessions are listed." in content


@pytest.mark.parametrize("value", ["12/31/2025", "2026-1-5"])
def test_date_the_field_cannot_show_is_an_error(viewer_client, value):
    SessionFactory(service="Mail")

    response = viewer_client.get(LIST_URL, {"created_from": value})

    content = response.content.decode()
    assert row_services(response) == []
    assert re.search(
        r'<div class="field has-error">\s*<label for="id_created_from">Created from'
        r'</label>.*?<span class="field-error" role="alert">Enter a date as '
        r"YYYY-MM-DD, such as 2026-01-05.</span>",
        content,
        re.DOTALL,
    )


def test_applied_date_is_shown_in_its_field(viewer_client):
    response = viewer_client.get(LIST_URL, {"created_from": "2026-01-05"})

    assert 'value="2026-01-05"' in response.content.decode()
    assert response.context["active_filter_count"] == 1


def test_invalid_filter_hides_export_link(exporter_client):
    valid = exporter_client.get(LIST_URL, {"ip": "10.0.0.0/8"})
    invalid = exporter_client.get(LIST_URL, {"ip": "10.0.0.0/99"})

    assert "Export CSV" in valid.content.decode()
    assert "Export CSV" not in invalid.content.decode()


def test_export_link_needs_export_permission(viewer_client):
    response = viewer_client.get(LIST_URL)

    assert "Export CSV" not in response.content.decode()


@pytest.mark.parametrize(
    "page, expected_number",
    [
        ("2", 2),
        ("abc", 1),
        ("", 1),
        ("0", 1),
        ("-4", 1),
        ("2.5", 1),
        ("3", 3),
        ("4", 3),
        ("99999999999999999999999999", 3),
    ],
)
def test_page_number_falls_back_to_first_or_last(viewer_client, page, expected_number):
    create_sessions(60, service="Mail")

    response = viewer_client.get(LIST_URL, {"service": "Mail", "page": page})

    assert response.status_code == 200
    assert response.context["page"].number == expected_number


def test_last_page_holds_the_remainder(viewer_client):
    create_sessions(60, service="Mail")

    response = viewer_client.get(LIST_URL, {"service": "Mail", "page": "3"})

    assert len(row_services(response)) == 10
    assert '<p class="page-summary" id="match-count">51–60 of 60 sessions</p>' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "per_page, expected", [("50", 50), ("100", 100), ("7", 25), ("x", 25), ("", 25)]
)
def test_page_size_is_one_of_the_offered_sizes(viewer_client, per_page, expected):
    create_sessions(120, service="Mail")

    response = viewer_client.get(LIST_URL, {"service": "Mail", "per_page": per_page})

    assert response.context["page_size"] == expected
    assert len(row_services(response)) == expected


@pytest.mark.parametrize(
    "sort",
    [key for name in SORT_FIELDS for key in (name, f"-{name}")],
)
def test_every_sort_key_lists_every_session_once(viewer_client, sort):
    create_sessions(7, service="Mail", ip_address="89.160.20.1")
    create_sessions(6, service="Wiki", ip_address="2001:480::1")
    first = viewer_client.get(LIST_URL, {"q": "", "sort": sort, "per_page": "25"})
    ids = row_session_ids(first)

    assert first.context["sort"] == sort
    assert len(ids) == len(set(ids)) == 14


def test_sort_by_user_orders_rows(viewer_client):
    for name in ["carol", "alice", "bob"]:
        SessionFactory(user=UserFactory(username=name), service=name)

    response = viewer_client.get(LIST_URL, {"sort": "user", "service": ""})
    services = [s for s in row_services(response) if s != "Session Console"]

    assert services == ["alice", "bob", "carol"]


@pytest.mark.parametrize("sort", ["password", "-user__password", "", "--user", "id"])
def test_unknown_sort_key_falls_back_to_newest_first(viewer_client, sort):
    response = viewer_client.get(LIST_URL, {"sort": sort})

    assert response.status_code == 200
    assert response.context["sort"] == "-created_at"
    assert 'aria-sort="descending"' in response.content.decode()


def test_sort_links_keep_filters_and_reset_page(viewer_client):
    create_sessions(30, service="Mail")

    response = viewer_client.get(
        LIST_URL, {"service": "Mail", "page": "2", "sort": "-created_at"}
    )
    links = hrefs(response, "sort-link")

    assert "?service=Mail&sort=created_at" in links
    assert "?service=Mail&sort=user" in links


def test_page_links_keep_filters_and_sort(viewer_client):
    create_sessions(60, service="Mail")

    response = viewer_client.get(
        LIST_URL, {"service": "Mail", "sort": "user", "per_page": "25", "page": "2"}
    )
    links = hrefs(response, "button")

    assert "?service=Mail&sort=user&per_page=25" in links  # first page
    assert "?service=Mail&sort=user&per_page=25&page=1" in links
    assert "?service=Mail&sort=user&per_page=25&page=3" in links


def test_export_link_drops_page(exporter_client):
    create_sessions(30, service="Mail")

    response = exporter_client.get(
        LIST_URL, {"service": "Mail", "sort": "user", "per_page": "25", "page": "2"}
    )
    links = hrefs(response, "button primary")

    assert links == ["/sessions/export.csv?service=Mail&sort=user"]


def test_filter_form_keeps_sort_and_page_size(viewer_client):
    response = viewer_client.get(LIST_URL, {"sort": "user", "per_page": "50"})
    content = response.content.decode()

    assert '<input type="hidden" name="sort" value="user">' in content
    assert '<option value="50" selected>50</option>' in content


def test_every_filter_field_has_a_label(viewer_client):
    response = viewer_client.get(LIST_URL)
    content = response.content.decode()

    for name in response.context["filterset"].form.fields:
        assert f'<label for="id_{name}">' in content
        assert f'id="id_{name}"' in content
    assert '<label for="id_per_page">' in content


@pytest.mark.parametrize("count", [1, 40])
def test_list_queries_do_not_grow_with_rows(
    viewer_client, django_assert_max_num_queries, count
):
    users = UserFactory.create_batch(4)
    for index in range(count):
        SessionFactory(user=users[index % 4], service="Mail")

    # Django session, user, the middleware's session check, two permission queries,
    # then the page's own queries.
    with django_assert_max_num_queries(7):
        response = viewer_client.get(LIST_URL, {"per_page": "100", "sort": "user"})

    assert len(row_services(response)) == count + 1


def test_large_result_shows_estimated_count(viewer_client, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "exact_count_limit", 5)
    create_sessions(30, service="Mail")
    if connection.vendor == "postgresql":
        # Give the planner statistics, so its estimate is near the 31 rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE sessions_app_session")

    response = viewer_client.get(LIST_URL)
    summary = re.search(r'id="match-count">([^<]*)<', response.content.decode()).group(
        1
    )

    if connection.vendor == "postgresql":
        assert re.fullmatch(r"1–25 of about [\d,]+ sessions", summary)
    else:
        assert summary == "1–25 of more than 5 sessions"
    assert response.context["paginator"].count_is_estimate


def test_estimate_past_real_end_recounts(viewer_client, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "exact_count_limit", 5)
    monkeypatch.setattr(
        "sessions_app.pagination.estimate_count", lambda queryset: 10_000
    )
    create_sessions(30, service="Mail")

    response = viewer_client.get(LIST_URL, {"service": "Mail", "page": "400"})

    assert response.context["page"].number == 2
    assert len(row_services(response)) == 5
    assert not response.context["paginator"].count_is_estimate


@pytest.mark.parametrize(
    "params",
    [
        {"user": "ada\x00"},
        {"q": "\x00"},
        {"q": "%"},
        {"q": "_"},
        {"country": "\x00S"},
        {"ip": "::ffff:1.2.3.4/200"},
        {"ip": "fe80::1%eth0"},
        {"created_from": "0000-00-00"},
        {"updated_to": "\x00"},
        {"continent": "\x00"},
        {"sort": "\x00"},
        {"page": "\x00"},
        {"page": "١"},
        {"per_page": "9" * 5000},
        {"page": "9" * 5000},
        {"user": "9" * 40},
    ],
)
def test_list_and_export_survive_bad_input(without_nul_guard, exporter_client, params):
    SessionFactory(service="Mail")

    listed = exporter_client.get(LIST_URL, params)
    exported = exporter_client.get("/sessions/export.csv", params)

    assert listed.status_code == 200
    assert exported.status_code in (200, 400)
    if exported.streaming:
        assert b"".join(exported.streaming_content).startswith(b"\xef\xbb\xbf")


def test_unusual_filter_lists_flagged_sessions_with_badge(viewer_client):
    flagged = SessionFactory(service="Payroll")
    SessionFactory(service="Mail")
    Session.objects.filter(pk=flagged.pk).update(
        is_unusual=True, unusual_reasons="impossible_travel"
    )

    response = viewer_client.get(LIST_URL, {"unusual": "true"})
    content = response.content.decode()

    assert row_services(response) == ["Payroll"]
    assert "Impossible travel" in content


def test_unknown_unusual_reason_is_a_form_error(viewer_client):
    response = viewer_client.get(LIST_URL, {"reason": "bogus"})

    assert response.status_code == 200
    assert response.context["filterset"].form.errors["reason"] == [
        "Select a valid choice. bogus is not one of the available choices."
    ]


def test_pages_stop_at_max_paged_rows(viewer_client, settings):
    settings.CONSOLE_LIST_MAX_PAGED_ROWS = 50
    create_sessions(60, service="Mail")

    response = viewer_client.get(LIST_URL, {"service": "Mail", "page": "3"})

    assert response.context["page"].number == 2
    assert response.context["paginator"].num_pages == 2
    assert (
        "Pages reach the first 50 sessions; filter or sort to see the others."
        in response.content.decode()
    )


def test_all_pages_reachable_without_note(viewer_client, settings):
    settings.CONSOLE_LIST_MAX_PAGED_ROWS = 50
    create_sessions(50, service="Mail")

    response = viewer_client.get(LIST_URL, {"service": "Mail", "page": "2"})

    assert response.context["page"].number == 2
    assert "Pages reach the first" not in response.content.decode()
