import math
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from sessions_app.models import Session, UnusualReason
from sessions_app.services.enrichment import enrich_sessions
from sessions_app.services.unusual_history import StoredHistory
from sessions_app.services.unusual_rules import (
    EARTH_RADIUS_KM,
    Thresholds,
    detect_reasons,
    distance_km,
)
from tests.factories import SessionFactory, UserFactory
from tests.unusual_data import (
    BHUTAN,
    BOXFORD,
    CHANGCHUN,
    LINKOPING,
    LONDON,
    LONDON_OTHER,
    MAC_SAFARI,
    PRIVATE,
    UNKNOWN_AGENT,
    WINDOWS_7_CHROME,
    WINDOWS_CHROME_120,
    WINDOWS_CHROME_121,
    WINDOWS_FIREFOX,
    at,
)

pytestmark = pytest.mark.django_db

NEW_COUNTRY = UnusualReason.NEW_COUNTRY.value
NEW_DEVICE = UnusualReason.NEW_DEVICE.value
IMPOSSIBLE_TRAVEL = UnusualReason.IMPOSSIBLE_TRAVEL.value
MANY_COUNTRIES = UnusualReason.MANY_COUNTRIES.value


@pytest.fixture
def user():
    return UserFactory()


def stored(user, hours, ip_address=LONDON, user_agent=WINDOWS_CHROME_120):
    """Save a session of ``user`` created ``hours`` after the test start."""
    return SessionFactory(
        user=user, created_at=at(hours), ip_address=ip_address, user_agent=user_agent
    )


def unsaved(user, hours, ip_address=LONDON, user_agent=WINDOWS_CHROME_120):
    """Return an enriched session that is not saved, for judging by the rules."""
    session = Session(
        user=user,
        service="Mail",
        created_at=at(hours),
        ip_address=ip_address,
        user_agent=user_agent,
    )
    return enrich_sessions([session])[0]


def settle(user, count=5):
    """Give ``user`` a history of ``count`` London sessions on Windows and Chrome,
    ending 50 hours before the test start."""
    for index in range(count):
        stored(user, hours=-50 - count + index)


def judge(session):
    return detect_reasons(session, StoredHistory(session), Thresholds.from_settings())


def point(latitude, longitude, hours=0, radius=None, city="Somewhere"):
    """Return an unsaved located session with coordinates set directly."""
    return Session(
        created_at=at(hours),
        latitude=latitude,
        longitude=longitude,
        accuracy_radius=radius,
        country_code="",
        city=city,
    )


# Distance


def test_distance_of_one_degree_along_a_meridian():
    assert distance_km(point(0, 0), point(1, 0)) == pytest.approx(
        math.pi * EARTH_RADIUS_KM / 180
    )


def test_distance_between_antipodes_is_half_the_circumference():
    assert distance_km(point(0, 0), point(0, 180)) == pytest.approx(
        math.pi * EARTH_RADIUS_KM
    )


def test_distance_london_to_paris():
    london = SimpleNamespace(latitude=51.5074, longitude=-0.1278)
    paris = SimpleNamespace(latitude=48.8566, longitude=2.3522)

    assert distance_km(london, paris) == pytest.approx(343.6, abs=1)


# New country


def test_new_country_after_learning(user):
    settle(user)

    assert judge(unsaved(user, 0, LINKOPING)) == [NEW_COUNTRY]


def test_known_country_is_usual(user):
    settle(user)

    assert judge(unsaved(user, 0, BOXFORD)) == []


@pytest.mark.parametrize("history, expected", [(4, []), (5, [NEW_COUNTRY])])
def test_learning_period_hides_new_country(user, history, expected):
    settle(user, count=history)

    assert judge(unsaved(user, 0, LINKOPING)) == expected


def test_learning_period_is_a_setting(user, settings):
    settings.CONSOLE_UNUSUAL_LEARNING_SESSIONS = 2
    settle(user, count=2)

    assert judge(unsaved(user, 0, LINKOPING)) == [NEW_COUNTRY]


def test_no_learning_period_flags_the_first_session(user, settings):
    settings.CONSOLE_UNUSUAL_LEARNING_SESSIONS = 0

    assert judge(unsaved(user, 0, LINKOPING)) == [NEW_COUNTRY, NEW_DEVICE]


def test_session_without_country_is_never_a_new_country(user):
    settle(user)

    assert judge(unsaved(user, 0, PRIVATE)) == []


def test_countryless_history_is_ignored(user):
    settle(user)
    stored(user, -10, PRIVATE)

    assert judge(unsaved(user, 0, LINKOPING)) == [NEW_COUNTRY]


def test_country_used_only_later_is_still_new(user):
    settle(user)
    stored(user, 100, LINKOPING)

    assert NEW_COUNTRY in judge(unsaved(user, 0, LINKOPING))


def test_other_users_countries_do_not_count(user):
    settle(user)
    stored(UserFactory(), -10, LINKOPING)

    assert judge(unsaved(user, 0, LINKOPING)) == [NEW_COUNTRY]


# New device


def test_new_os_is_a_new_device(user):
    settle(user)

    assert judge(unsaved(user, 0, user_agent=MAC_SAFARI)) == [NEW_DEVICE]


def test_new_browser_is_new_device(user):
    settle(user)

    assert judge(unsaved(user, 0, user_agent=WINDOWS_FIREFOX)) == [NEW_DEVICE]


@pytest.mark.parametrize(
    "user_agent", [WINDOWS_CHROME_121, WINDOWS_7_CHROME], ids=["browser", "os"]
)
def test_version_bump_is_not_a_new_device(user, user_agent):
    settle(user)

    assert judge(unsaved(user, 0, user_agent=user_agent)) == []


def test_unknown_os_is_never_a_new_device(user):
    settle(user)

    assert judge(unsaved(user, 0, user_agent=UNKNOWN_AGENT)) == []


def test_unknown_browser_matches_any_browser_of_the_os(user):
    settle(user)
    session = unsaved(user, 0, user_agent=WINDOWS_FIREFOX)
    session.browser_family = ""

    assert judge(session) == []


def test_stored_session_without_browser_matches_a_known_browser(user):
    settle(user)
    mac = stored(user, -10, user_agent=MAC_SAFARI)
    Session.objects.filter(pk=mac.pk).update(browser_family="")

    assert judge(unsaved(user, 0, user_agent=MAC_SAFARI)) == []


def test_learning_period_hides_new_device(user):
    settle(user, count=4)

    assert judge(unsaved(user, 0, user_agent=MAC_SAFARI)) == []


# Impossible travel


def test_london_to_changchun_in_an_hour_is_impossible(user):
    stored(user, -1, LONDON)

    assert judge(unsaved(user, 0, CHANGCHUN)) == [IMPOSSIBLE_TRAVEL]


def test_london_to_changchun_in_a_day_is_possible(user):
    stored(user, -20, LONDON)

    assert judge(unsaved(user, 0, CHANGCHUN)) == []


def test_travel_speed_is_a_setting(user, settings):
    settings.CONSOLE_UNUSUAL_TRAVEL_SPEED_KMH = 300
    stored(user, -20, LONDON)

    assert judge(unsaved(user, 0, CHANGCHUN)) == [IMPOSSIBLE_TRAVEL]


def test_travel_is_judged_within_the_learning_period(user):
    stored(user, -1, LONDON)

    assert judge(unsaved(user, 0, LINKOPING)) == [IMPOSSIBLE_TRAVEL]


def test_equal_timestamps_in_one_place_are_usual(user):
    stored(user, 0, LONDON)

    assert judge(unsaved(user, 0, LONDON_OTHER)) == []


def test_equal_timestamps_in_two_places_are_impossible(user):
    stored(user, 0, LONDON)

    assert judge(unsaved(user, 0, LINKOPING)) == [IMPOSSIBLE_TRAVEL]


def test_saved_sessions_with_equal_timestamps_are_compared(user):
    stored(user, 0, LONDON)
    second = stored(user, 0, LINKOPING)

    second.refresh_from_db()
    assert second.unusual_reason_codes == [IMPOSSIBLE_TRAVEL]


def test_late_arrival_compared_with_later(user):
    stored(user, 1, CHANGCHUN)

    assert judge(unsaved(user, 0, LONDON)) == [IMPOSSIBLE_TRAVEL]


def test_session_between_two_is_compared_with_both(user):
    stored(user, -30, LONDON)
    stored(user, 1, CHANGCHUN)

    assert judge(unsaved(user, 0, LONDON)) == [IMPOSSIBLE_TRAVEL]


def test_only_the_nearest_session_in_time_is_compared(user):
    stored(user, -2, CHANGCHUN)
    stored(user, -1, LONDON)

    assert judge(unsaved(user, 0, LONDON)) == []


def test_accuracy_radii_can_cancel_the_distance(user):
    # One degree of latitude apart (about 111 km), at the same instant.
    other = stored(user, 0, PRIVATE)
    Session.objects.filter(pk=other.pk).update(
        latitude=50.0, longitude=0.0, accuracy_radius=60, city="Somewhere"
    )
    near = point(51.0, 0.0, radius=55)
    near.user = user

    assert judge(near) == []
    near.accuracy_radius = 40
    assert judge(near) == [IMPOSSIBLE_TRAVEL]


def test_boxford_within_accuracy_radii(user):
    stored(user, 0, LONDON)

    assert judge(unsaved(user, 0, BOXFORD)) == []


def test_session_without_location_is_never_impossible_travel(user):
    stored(user, -1, LONDON)

    assert judge(unsaved(user, 0, PRIVATE)) == []


def test_unlocated_previous_is_skipped(user):
    stored(user, -1, LONDON)
    stored(user, -0.5, PRIVATE)

    assert judge(unsaved(user, 0, CHANGCHUN)) == [IMPOSSIBLE_TRAVEL]


def test_continent_centre_is_not_a_position(user):
    SessionFactory(user=user, created_at=at(minutes=-1), ip_address=LINKOPING)
    # Located only to Europe: the coordinates are the continent's centre.
    europe = point(47.0, 8.0, radius=500, city="")
    europe.user = user
    europe.continent_code, europe.continent = "EU", "Europe"

    assert judge(europe) == []


def test_country_centre_is_not_a_position(user):
    stored(user, -1, LONDON)

    session = unsaved(user, 0, BHUTAN)

    assert (session.country_code, session.city) == ("BT", "")
    assert judge(session) == []


def test_country_centre_neighbour_is_skipped(user):
    stored(user, -30, LONDON)
    stored(user, -0.5, BHUTAN)

    assert judge(unsaved(user, 0, LONDON)) == []


def test_city_neighbour_behind_a_country_centre_is_compared(user):
    stored(user, -1, LONDON)
    stored(user, -0.5, BHUTAN)
    stored(user, 0.5, BHUTAN)

    assert IMPOSSIBLE_TRAVEL in judge(unsaved(user, 0, CHANGCHUN))


# Many countries
# Linköping to Changchun is about 6,800 km, so 15 hours between them is possible travel.


def test_third_country_within_a_day_is_many_countries(user):
    stored(user, -20, LONDON)
    stored(user, -15, LINKOPING)

    assert judge(unsaved(user, 0, CHANGCHUN)) == [MANY_COUNTRIES]


def test_countries_spread_beyond_the_window_are_usual(user):
    stored(user, -30, LONDON)
    stored(user, -15, LINKOPING)

    assert judge(unsaved(user, 0, CHANGCHUN)) == []


def test_window_is_a_setting_in_seconds(user, settings):
    settings.CONSOLE_UNUSUAL_COUNTRY_WINDOW = 16 * 3600
    stored(user, -20, LONDON)
    stored(user, -15, LINKOPING)

    assert judge(unsaved(user, 0, CHANGCHUN)) == []


def test_window_edge_is_inclusive(user, settings):
    settings.CONSOLE_UNUSUAL_COUNTRY_WINDOW = timedelta(hours=20)
    stored(user, -20, LONDON)
    stored(user, -15, LINKOPING)

    assert judge(unsaved(user, 0, CHANGCHUN)) == [MANY_COUNTRIES]


def test_country_count_is_a_setting(user, settings):
    settings.CONSOLE_UNUSUAL_COUNTRY_COUNT = 4
    stored(user, -20, LONDON)
    stored(user, -15, LINKOPING)

    assert judge(unsaved(user, 0, CHANGCHUN)) == []


def test_country_used_within_the_window_adds_nothing(user):
    stored(user, -20, LONDON)
    stored(user, -15, LINKOPING)
    stored(user, -10, CHANGCHUN)

    assert judge(unsaved(user, 0, LONDON)) == []


def test_country_used_only_before_the_window_counts_again(user):
    stored(user, -30, LONDON)
    stored(user, -15, LINKOPING)
    stored(user, -10, CHANGCHUN)

    assert judge(unsaved(user, 0, LONDON)) == [MANY_COUNTRIES]


def test_session_arriving_out_of_order_completes_the_window(user):
    stored(user, -10, LONDON)
    stored(user, 10, CHANGCHUN)

    assert judge(unsaved(user, 0, LINKOPING)) == [MANY_COUNTRIES]


def test_window_never_spans_more_than_its_length(user):
    stored(user, -13, LONDON)
    stored(user, 13, CHANGCHUN)

    assert judge(unsaved(user, 0, LINKOPING)) == []


def test_sessions_without_country_are_not_a_country(user):
    stored(user, -10, LONDON)
    stored(user, -5, PRIVATE)

    assert judge(unsaved(user, 0, LINKOPING)) == []


# Thresholds


@pytest.mark.parametrize(
    "name, value",
    [
        ("CONSOLE_UNUSUAL_LEARNING_SESSIONS", -1),
        ("CONSOLE_UNUSUAL_LEARNING_SESSIONS", "5"),
        ("CONSOLE_UNUSUAL_TRAVEL_SPEED_KMH", 0),
        ("CONSOLE_UNUSUAL_TRAVEL_SPEED_KMH", "fast"),
        ("CONSOLE_UNUSUAL_COUNTRY_WINDOW", timedelta(0)),
        ("CONSOLE_UNUSUAL_COUNTRY_WINDOW", "1 day"),
        ("CONSOLE_UNUSUAL_COUNTRY_COUNT", 1),
        ("CONSOLE_UNUSUAL_COUNTRY_COUNT", True),
    ],
)
def test_invalid_threshold_names_the_setting(settings, name, value):
    setattr(settings, name, value)

    with pytest.raises(ImproperlyConfigured, match=name):
        Thresholds.from_settings()


def test_default_thresholds():
    thresholds = Thresholds.from_settings()

    assert thresholds == Thresholds(
        learning_sessions=5,
        travel_speed_kmh=1000.0,
        country_window=timedelta(hours=24),
        country_count=3,
    )


def test_no_reason_code_contains_another():
    codes = UnusualReason.values

    for code in codes:
        assert [other for other in codes if code in other] == [code]
