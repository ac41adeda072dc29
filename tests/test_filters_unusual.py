import pytest
from django.template.loader import render_to_string

from sessions_app.filters import SessionFilterSet
from sessions_app.models import Session, join_reasons, reason_labels, split_reasons
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions():
    usual = SessionFactory(service="usual")
    travel = SessionFactory(service="travel")
    both = SessionFactory(service="both")
    Session.objects.filter(pk=travel.pk).update(
        is_unusual=True, unusual_reasons="impossible_travel"
    )
    Session.objects.filter(pk=both.pk).update(
        is_unusual=True, unusual_reasons="new_country,impossible_travel"
    )
    return usual, travel, both


def services(queryset):
    return sorted(session.service for session in queryset)


def test_unusual_queryset(sessions):
    assert services(Session.objects.unusual()) == ["both", "travel"]


def test_with_reason_queryset(sessions):
    assert services(Session.objects.with_reason("new_country")) == ["both"]
    assert services(Session.objects.with_reason("impossible_travel")) == [
        "both",
        "travel",
    ]
    assert services(Session.objects.with_reason("many_countries")) == []


def test_with_unknown_reason_raises():
    with pytest.raises(ValueError, match="Unknown unusual reason: 'new'"):
        Session.objects.with_reason("new")


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, ["both", "travel", "usual"]),
        ({"unusual": "true"}, ["both", "travel"]),
        ({"unusual": "false"}, ["usual"]),
        ({"reason": "new_country"}, ["both"]),
        ({"unusual": "true", "reason": "impossible_travel"}, ["both", "travel"]),
        ({"unusual": "false", "reason": "impossible_travel"}, []),
    ],
)
def test_filterset_filters(sessions, query, expected):
    filterset = SessionFilterSet(query, queryset=Session.objects.all())

    assert filterset.is_valid()
    assert services(filterset.qs) == expected


def test_filterset_rejects_an_unknown_unusual_value(sessions):
    filterset = SessionFilterSet({"unusual": "maybe"}, queryset=Session.objects.all())

    assert not filterset.is_valid()
    assert filterset.errors["unusual"] == [
        "Select a valid choice. maybe is not one of the available choices."
    ]


def test_filterset_rejects_an_unknown_reason(sessions):
    filterset = SessionFilterSet({"reason": "bogus"}, queryset=Session.objects.all())

    assert not filterset.is_valid()
    assert filterset.errors["reason"] == [
        "Select a valid choice. bogus is not one of the available choices."
    ]


def test_reasons_are_stored_in_display_order():
    stored = join_reasons(["many_countries", "new_country", "new_country"])

    assert stored == "new_country,many_countries"
    assert split_reasons(stored) == ["new_country", "many_countries"]
    assert split_reasons("") == []


def test_reason_labels_skip_unknown_codes():
    assert reason_labels(["new_device", "retired_rule", "impossible_travel"]) == [
        "New device",
        "Impossible travel",
    ]


def test_badge_names_the_reasons(sessions):
    both = Session.objects.get(service="both")

    html = render_to_string(
        "sessions_app/includes/unusual_badge.html", {"session": both}
    )

    assert 'class="badge-unusual"' in html
    assert "Unusual:" in html
    assert '<span class="badge-reason">New country</span>' in html
    assert '<span class="badge-reason">Impossible travel</span>' in html


def test_badge_is_empty_for_a_usual_session(sessions):
    usual = Session.objects.get(service="usual")

    html = render_to_string(
        "sessions_app/includes/unusual_badge.html", {"session": usual}
    )

    assert html.strip() == ""
