"""Unusual-access reasons of generated sessions, judged by the console's own rules."""

from dataclasses import dataclass
from datetime import datetime

from sessions_app.models import join_reasons
from sessions_app.services.unusual_history import Timeline
from sessions_app.services.unusual_rules import Thresholds, detect_reasons


@dataclass(frozen=True)
class GeneratedSession:
    """The fields of a generated session that the unusual-access rules read."""

    created_at: datetime
    country_code: str
    city: str
    os_family: str
    browser_family: str
    latitude: float | None
    longitude: float | None
    accuracy_radius: int | None

    @classmethod
    def from_draw(cls, created_at, origin, agent):
        """Build the session of a sampler draw created at ``created_at``."""
        location = origin.location
        return cls(
            created_at=created_at,
            country_code=location.country_code,
            city=location.city,
            os_family=agent.info.os_family,
            browser_family=agent.info.browser_family,
            latitude=location.latitude,
            longitude=location.longitude,
            accuracy_radius=location.accuracy_radius,
        )


class UnusualJudge:
    """Judge sessions fed in creation order against their user's earlier sessions.

    Every user's history starts empty, because the loader fills an empty table.
    """

    def __init__(self, thresholds=None):
        self.thresholds = thresholds or Thresholds.from_settings()
        self.timelines = {}

    def judge(self, user_id, session):
        """Return the stored form of a session's reasons; remember the session."""
        timeline = self.timelines.get(user_id)
        if timeline is None:
            timeline = Timeline(window=self.thresholds.country_window)
            self.timelines[user_id] = timeline
        reasons = join_reasons(detect_reasons(session, timeline, self.thresholds))
        timeline.add(session)
        return reasons
