"""Compute the unusual reasons of stored sessions, user by user, in time order.

Sessions are read in keyset batches and each batch is written in its own short
transaction, touching only the rows whose reasons changed, so the console keeps serving
while it runs and a second run writes nothing.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from sessions_app.models import Session
from sessions_app.services.unusual import apply_reasons
from sessions_app.services.unusual_email import send_unusual_session_email
from sessions_app.services.unusual_history import Timeline
from sessions_app.services.unusual_rules import detect_reasons

logger = logging.getLogger(__name__)

# The fields that the rules read, plus those that the backfill writes.
LOADED_FIELDS = (
    "user_id",
    "created_at",
    "country_code",
    "os_family",
    "browser_family",
    "latitude",
    "longitude",
    "accuracy_radius",
    "city",
    "is_unusual",
    "unusual_reasons",
)


@dataclass
class BackfillResult:
    """Counts of what a backfill did."""

    checked: int = 0
    changed: int = 0
    newly_unusual: int = 0
    emailed: int = 0

    def add(self, other):
        self.checked += other.checked
        self.changed += other.changed
        self.newly_unusual += other.newly_unusual
        self.emailed += other.emailed


def iter_user_ids(batch_size):
    """Yield the id of every user with sessions, in order, reading ids by keyset."""
    last_id = None
    while True:
        user_ids = Session.objects.order_by("user_id").values_list("user_id", flat=True)
        if last_id is not None:
            user_ids = user_ids.filter(user_id__gt=last_id)
        batch = list(user_ids.distinct()[:batch_size])
        if not batch:
            return
        yield from batch
        last_id = batch[-1]


def iter_session_batches(user_id, batch_size):
    """Yield a user's sessions in time order, ``batch_size`` at a time, by keyset."""
    sessions = (
        Session.objects.filter(user_id=user_id)
        .only(*LOADED_FIELDS)
        .order_by("created_at", "pk")
    )
    last = None
    while True:
        page = sessions
        if last is not None:
            page = page.filter(
                Q(created_at__gt=last.created_at)
                | Q(created_at=last.created_at, pk__gt=last.pk)
            )
        batch = list(page[:batch_size])
        if not batch:
            return
        yield batch
        last = batch[-1]


def judge_batch(batch, timeline, thresholds):
    """Apply the rules to a batch; return the changed and the newly unusual sessions."""
    changed, newly_unusual = [], []
    for session in batch:
        was_unusual = session.is_unusual
        codes = detect_reasons(session, timeline, thresholds)
        if apply_reasons(session, codes):
            changed.append(session)
            if session.is_unusual and not was_unusual:
                newly_unusual.append(session)
        timeline.add(session)
    return changed, newly_unusual


def backfill_user(user_id, *, thresholds, batch_size, send_email=False, progress=None):
    """Recompute and store the reasons of one user's sessions; return the counts.

    With ``send_email``, the users of sessions that this run newly finds unusual are
    emailed, still at most once per session.
    """
    result = BackfillResult()
    timeline = Timeline(window=thresholds.country_window)

    for batch in iter_session_batches(user_id, batch_size):
        changed, newly_unusual = judge_batch(batch, timeline, thresholds)
        with transaction.atomic():
            Session.objects.bulk_update(changed, ["is_unusual", "unusual_reasons"])

        if send_email:
            result.emailed += sum(
                send_unusual_session_email(session.pk) for session in newly_unusual
            )
        result.checked += len(batch)
        result.changed += len(changed)
        result.newly_unusual += len(newly_unusual)
        if progress is not None:
            progress(len(batch))
    return result


def backfill_unusual_reasons(
    *, thresholds, batch_size, send_email=False, progress=None
):
    """Recompute and store the reasons of every stored session; return the counts."""
    result = BackfillResult()
    for user_id in iter_user_ids(batch_size):
        result.add(
            backfill_user(
                user_id,
                thresholds=thresholds,
                batch_size=batch_size,
                send_email=send_email,
                progress=progress,
            )
        )
    logger.info(
        "Unusual reasons backfilled: %s checked, %s changed, %s newly unusual",
        result.checked,
        result.changed,
        result.newly_unusual,
    )
    return result
