"""A user's other sessions, as the unusual-access rules ask about them.

``StoredHistory`` reads them for one session from the database, with small queries on
the (user, created_at) index. ``Timeline`` keeps them in memory for sessions fed to it
in time order, so a batch needs no query per session.
"""

from collections import deque

from django.db.models import Q

from sessions_app.models import Session
from sessions_app.services.unusual_rules import is_located

# At most this many sessions on each side of a session are read for the country window.
# A user with more in one window has a client signing in in a loop, and the countries of
# the nearest ones are enough to judge it.
WINDOW_SESSION_LIMIT = 200

LOCATION_FIELDS = ("created_at", "latitude", "longitude", "accuracy_radius", "city")

# The sessions that ``unusual_rules.is_located`` accepts, as a query condition.
LOCATED = Q(latitude__isnull=False, longitude__isnull=False) & ~Q(city="")


def position_key(session):
    """Return a sort key that orders sessions by time, then by id, unsaved ones last."""
    return (session.created_at, session.pk is None, session.pk or 0)


def device_matches(seen, os_family, browser_family):
    """Return whether a seen ``(os_family, browser_family)`` pair is the same device.

    An unknown browser on either side is no evidence of a different device.
    """
    seen_os, seen_browser = seen
    if seen_os != os_family:
        return False
    return not browser_family or not seen_browser or seen_browser == browser_family


class StoredHistory:
    """The stored sessions of one session's user, before and after it in time.

    Sessions at the same instant are ordered by id; an unsaved session comes after all
    stored ones.
    """

    def __init__(self, session):
        self.session = session
        others = Session.objects.filter(user_id=session.user_id).order_by()
        if session.pk is not None:
            others = others.exclude(pk=session.pk)
        self.others = others

    def earlier(self):
        """Return the user's sessions that come before this one."""
        moment = self.session.created_at
        before = self.others.filter(created_at__lte=moment)
        if self.session.pk is None:
            return before
        return before.exclude(created_at=moment, pk__gt=self.session.pk)

    def later(self):
        """Return the user's sessions that come after this one."""
        moment = self.session.created_at
        if self.session.pk is None:
            return self.others.filter(created_at__gt=moment)
        return self.others.filter(
            Q(created_at__gt=moment) | Q(created_at=moment, pk__gt=self.session.pk)
        )

    def count_earlier(self, limit):
        """Return how many sessions come before this one, counting up to ``limit``."""
        return self.earlier()[:limit].count()

    def has_country(self, country_code):
        """Return whether an earlier session came from the country."""
        return self.earlier().filter(country_code=country_code).exists()

    def has_device(self, os_family, browser_family):
        """Return whether an earlier session used the device, as ``device_matches``."""
        matching = self.earlier().filter(os_family=os_family)
        if browser_family:
            matching = matching.filter(
                Q(browser_family="") | Q(browser_family=browser_family)
            )
        return matching.exists()

    def previous_located(self):
        """Return the nearest earlier session located to a city, or None."""
        located = self.earlier().filter(LOCATED)
        return located.only(*LOCATION_FIELDS).order_by("-created_at", "-pk").first()

    def next_located(self):
        """Return the nearest later session located to a city, or None."""
        located = self.later().filter(LOCATED)
        return located.only(*LOCATION_FIELDS).order_by("created_at", "pk").first()

    def neighbours(self):
        """Return the nearest located sessions before and after this one in time.

        Comparing with the later one too catches a session that arrives out of order.
        """
        found = (self.previous_located(), self.next_located())
        return [session for session in found if session is not None]

    def window_entries(self, start, end):
        """Return ``(created_at, country_code)`` of the user's other located sessions
        between ``start`` and ``end``, at most ``WINDOW_SESSION_LIMIT`` on each side."""
        moment = self.session.created_at
        with_country = self.others.exclude(country_code="")
        fields = ("created_at", "country_code")

        before = with_country.filter(created_at__gte=start, created_at__lte=moment)
        after = with_country.filter(created_at__gt=moment, created_at__lte=end)
        before = before.order_by("-created_at").values_list(*fields)
        after = after.order_by("created_at").values_list(*fields)
        return [*before[:WINDOW_SESSION_LIMIT], *after[:WINDOW_SESSION_LIMIT]]


class Timeline:
    """One user's sessions fed in time order, kept as the few facts the rules need.

    It contains only the sessions before the one being judged, as if each had arrived
    in time order, so ``neighbours`` returns only the previous located session.
    """

    def __init__(self, *, window):
        self.window = window
        self.count = 0
        self.countries = set()
        self.devices = set()
        self.last_located = None
        self.recent = deque(maxlen=WINDOW_SESSION_LIMIT)

    @classmethod
    def from_database(cls, first_session, *, window, count_limit):
        """Return a timeline of the stored sessions of a user before ``first_session``.

        Only ``count_limit`` sessions are counted, as the rules compare the count with
        nothing larger.
        """
        history = StoredHistory(first_session)
        earlier = history.earlier()
        timeline = cls(window=window)

        timeline.count = history.count_earlier(count_limit)
        countries = earlier.exclude(country_code="").values_list("country_code")
        devices = earlier.exclude(os_family="").values_list(
            "os_family", "browser_family"
        )
        timeline.countries = {code for (code,) in countries.distinct()}
        timeline.devices = set(devices.distinct())
        timeline.last_located = history.previous_located()

        start = first_session.created_at - window
        entries = history.window_entries(start, first_session.created_at)
        timeline.recent.extend(sorted(entries))
        return timeline

    def count_earlier(self, limit):
        """Return how many sessions were added, counting up to ``limit``."""
        return min(self.count, limit)

    def has_country(self, country_code):
        """Return whether an added session came from the country."""
        return country_code in self.countries

    def has_device(self, os_family, browser_family):
        """Return whether an added session used the device, as ``device_matches``."""
        return any(
            device_matches(seen, os_family, browser_family) for seen in self.devices
        )

    def neighbours(self):
        """Return the last added session located to a city, if any, in a list."""
        return [self.last_located] if self.last_located is not None else []

    def window_entries(self, start, end):
        """Return ``(created_at, country_code)`` of recent sessions in the range."""
        return [entry for entry in self.recent if start <= entry[0] <= end]

    def add(self, session):
        """Take the session into account for the sessions after it."""
        self.count += 1
        if session.country_code:
            self.countries.add(session.country_code)
            self.recent.append((session.created_at, session.country_code))
        if session.os_family:
            self.devices.add((session.os_family, session.browser_family))
        if is_located(session):
            self.last_located = session

        # Sessions further back than one window cannot share a window with later ones.
        while self.recent and self.recent[0][0] < session.created_at - self.window:
            self.recent.popleft()
