"""Models: sessions, the API tokens of services and the keys of retried requests."""

import functools
import ipaddress
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions_app.services.client_hints import (
    PLATFORM_MAX_LENGTH,
    PLATFORM_VERSION_MAX_LENGTH,
    clean_platform,
    clean_platform_version,
)

logger = logging.getLogger(__name__)

USER_AGENT_MAX_LENGTH = 1024
SERVICE_MAX_LENGTH = 100

# Fields that only their own service writes, with a conditional UPDATE.
EMAIL_MARK_FIELDS = ("unusual_email_sent_at",)

# Fields that callers may never change once a session exists.
IMMUTABLE_FIELDS = ("session_id", "created_at")

# The ::ffff:0:0/96 prefix under which IPv6 maps IPv4 addresses.
IPV4_MAPPED_PREFIX = 0xFFFF << 32

# Sign-ins come from few addresses again and again, and parsing one dominates the
# cost of storing a session in bulk.
ADDRESS_CACHE_SIZE = 16_384


class SessionStatus(models.TextChoices):
    """Whether a session can still be used."""

    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    EXPIRED = "expired", _("Expired")


class UnusualReason(models.TextChoices):
    """A reason that a session differs from its user's usual access.

    No code may contain another, because filtering by a reason is a substring match.
    """

    NEW_COUNTRY = "new_country", _("New country")
    NEW_DEVICE = "new_device", _("New device")
    IMPOSSIBLE_TRAVEL = "impossible_travel", _("Impossible travel")
    MANY_COUNTRIES = "many_countries", _("Many countries")


# Separator of the reason codes stored in ``Session.unusual_reasons``.
REASON_SEPARATOR = ","


def join_reasons(codes):
    """Return reason codes as stored: unique, in the order ``UnusualReason`` lists."""
    wanted = set(codes)
    return REASON_SEPARATOR.join(
        code for code in UnusualReason.values if code in wanted
    )


def split_reasons(stored):
    """Return the reason codes of a stored ``unusual_reasons`` value as a list."""
    return [code for code in (stored or "").split(REASON_SEPARATOR) if code]


def reason_labels(codes):
    """Return the labels of reason codes in the active language, skipping codes no
    longer known."""
    labels = dict(UnusualReason.choices)
    return [str(labels[code]) for code in codes if code in labels]


def generate_session_id():
    """Return 192 random bits as 32 URL-safe characters."""
    return secrets.token_urlsafe(24)


@functools.lru_cache(maxsize=ADDRESS_CACHE_SIZE)
def normalize_ip_address(value):
    """Return the canonical text of an IP address, unpacking IPv4-mapped IPv6.

    Raise ``ValueError`` when ``value`` is not an IP address.
    """
    address = ipaddress.ip_address(str(value).strip())
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


@functools.lru_cache(maxsize=ADDRESS_CACHE_SIZE)
def ip_address_hex(value):
    """Return an address as 32 hex digits of its IPv6 form, IPv4 as ``::ffff:a.b.c.d``.

    Text comparison of these keys orders addresses numerically, so a network becomes a
    range query that any database can serve from an index.
    """
    address = ipaddress.ip_address(value)
    if address.version == 4:
        return f"{IPV4_MAPPED_PREFIX | int(address):032x}"
    return f"{int(address):032x}"


def clean_user_agent(value):
    """Return a user agent safe for any database: no NUL bytes, valid UTF-8, bounded."""
    text = str(value or "")[: USER_AGENT_MAX_LENGTH * 4]
    text = text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return text[:USER_AGENT_MAX_LENGTH]


class SessionQuerySet(models.QuerySet):
    def active(self, now=None):
        """Keep sessions that have neither ended nor expired."""
        now = now or timezone.now()
        return self.filter(ended_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def unusual(self):
        """Keep the sessions with at least one unusual reason."""
        return self.filter(is_unusual=True)

    def with_reason(self, code):
        """Keep the unusual sessions that have the reason ``code``.

        Raise ``ValueError`` for a code that ``UnusualReason`` does not list.
        """
        if code not in UnusualReason.values:
            raise ValueError(f"Unknown unusual reason: {code!r}")
        return self.unusual().filter(unusual_reasons__contains=code)


class Session(models.Model):
    """One sign-in of a user to a service, with where and what it came from."""

    session_id = models.CharField(
        _("session id"),
        max_length=43,
        unique=True,
        editable=False,
        default=generate_session_id,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="console_sessions",
    )
    service = models.CharField(_("service"), max_length=SERVICE_MAX_LENGTH)
    user_agent = models.TextField(_("user agent"), blank=True, default="")

    os_family = models.CharField(_("OS family"), max_length=64, blank=True, default="")
    os_version = models.CharField(
        _("OS version"), max_length=64, blank=True, default=""
    )
    browser_family = models.CharField(
        _("browser family"), max_length=64, blank=True, default=""
    )
    ua_platform = models.CharField(
        _("platform hint"),
        max_length=PLATFORM_MAX_LENGTH,
        blank=True,
        default="",
        help_text=_("The Sec-CH-UA-Platform client hint, such as Windows or macOS."),
    )
    ua_platform_version = models.CharField(
        _("platform version hint"),
        max_length=PLATFORM_VERSION_MAX_LENGTH,
        blank=True,
        default="",
        help_text=_("The Sec-CH-UA-Platform-Version client hint, such as 15.0.0."),
    )

    ip_address = models.GenericIPAddressField(
        _("IP address"), unpack_ipv4=True, null=True, blank=True
    )
    ip_address_hex = models.CharField(
        _("IP address (hex key)"), max_length=32, blank=True, default="", editable=False
    )

    continent_code = models.CharField(
        _("continent code"), max_length=2, blank=True, default=""
    )
    continent = models.CharField(_("continent"), max_length=64, blank=True, default="")
    country_code = models.CharField(
        _("country code"), max_length=2, blank=True, default=""
    )
    country = models.CharField(_("country"), max_length=128, blank=True, default="")
    city = models.CharField(_("city"), max_length=128, blank=True, default="")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    accuracy_radius = models.PositiveIntegerField(
        _("accuracy radius (km)"), null=True, blank=True
    )

    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(
        _("updated at"), default=timezone.now, editable=False
    )
    ended_at = models.DateTimeField(
        _("ended at"), null=True, blank=True, editable=False
    )
    # Sessions of other services have no Django session, so no expiry.
    expires_at = models.DateTimeField(
        _("expires at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the Django session of a console sign-in expires."),
    )

    # A flag plus the codes as text, rather than a JSON list: both filter the same way
    # on SQLite and PostgreSQL, and the partial index below keeps unusual sessions
    # quick to find however many usual ones there are.
    is_unusual = models.BooleanField(_("unusual"), default=False, editable=False)
    unusual_reasons = models.CharField(
        _("unusual reasons"),
        max_length=100,
        blank=True,
        default="",
        editable=False,
        help_text=_("Comma-separated reason codes."),
    )
    # Written only by the conditional UPDATE that sends the email, never by save().
    unusual_email_sent_at = models.DateTimeField(
        _("unusual access email sent at"), null=True, blank=True, editable=False
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-created_at", "-id"]
        permissions = [("export_session", _("Can export sessions as CSV"))]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="session_created_idx"),
            models.Index(
                fields=["user", "-created_at"], name="session_user_created_idx"
            ),
            models.Index(fields=["service", "-created_at"], name="session_service_idx"),
            models.Index(
                fields=["country_code", "-created_at"], name="session_country_idx"
            ),
            models.Index(
                fields=["continent_code", "-created_at"], name="session_continent_idx"
            ),
            models.Index(fields=["ip_address_hex"], name="session_ip_hex_idx"),
            models.Index(
                fields=["-created_at", "-id"],
                condition=models.Q(is_unusual=True),
                name="session_unusual_idx",
            ),
            # The sort orders of the session list that no index above serves.
            models.Index(fields=["updated_at", "id"], name="session_updated_idx"),
            models.Index(
                fields=["os_family", "os_version", "id"], name="session_os_idx"
            ),
            # PostgreSQL also has indexes on UPPER() of service, country, OS family and
            # city, for the list's filters and search, which ignore case. The
            # session_list_indexes migration creates them on PostgreSQL only, because
            # SQLite ignores case through LIKE, which no index serves.
        ]

    def __str__(self):
        return f"{self.session_id} ({self.service})"

    def save(self, *args, **kwargs):
        self.guard_immutable_fields()
        self.normalize()
        self.updated_at = timezone.now()

        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        elif not self._state.adding:
            kwargs["update_fields"] = self.saved_field_names()

        super().save(*args, **kwargs)
        self._loaded_values = {
            field.attname: getattr(self, field.attname)
            for field in self._meta.concrete_fields
        }

    def saved_field_names(self):
        """Return the fields that a full save of a stored session writes.

        The email mark is left out, so that saving an instance loaded before the
        email went out cannot clear the mark and let a second email go.
        """
        return [
            field.name
            for field in self._meta.concrete_fields
            if not field.primary_key and field.name not in EMAIL_MARK_FIELDS
        ]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def loaded_value(self, field_name):
        """Return the value a field had when loaded, or None for a new session."""
        return getattr(self, "_loaded_values", {}).get(field_name)

    def has_changed(self, field_name):
        """Return whether a field differs from its loaded value (always, when new)."""
        if self._state.adding or field_name not in getattr(self, "_loaded_values", {}):
            return True
        return getattr(self, field_name) != self._loaded_values[field_name]

    @property
    def os(self):
        """The OS name and version as people write it, such as ``Windows 10``."""
        return f"{self.os_family} {self.os_version}".strip()

    @property
    def location(self):
        """The city, country and continent that are known, most precise first."""
        parts = (
            [self.city, self.country] if self.country else [self.city, self.continent]
        )
        return ", ".join(part for part in parts if part)

    @property
    def device(self):
        """The browser and OS, such as ``Chrome on Windows 10``, as far as known."""
        if self.browser_family and self.os:
            return _("%(browser)s on %(os)s") % {
                "browser": self.browser_family,
                "os": self.os,
            }
        return self.browser_family or self.os

    @property
    def unusual_reason_codes(self):
        """The codes of the reasons this session is unusual, in display order."""
        return split_reasons(self.unusual_reasons)

    @property
    def unusual_reason_labels(self):
        """The translated labels of the reasons this session is unusual."""
        return reason_labels(self.unusual_reason_codes)

    @property
    def is_ended(self):
        return self.ended_at is not None

    @property
    def status(self):
        """The ``SessionStatus``: ended wins over expired, which wins over active."""
        if self.ended_at is not None:
            return SessionStatus.ENDED
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return SessionStatus.EXPIRED
        return SessionStatus.ACTIVE

    @property
    def is_active(self):
        return self.status == SessionStatus.ACTIVE

    def guard_immutable_fields(self):
        """Raise ``ValueError`` when a saved session's id or creation time changed."""
        if self._state.adding:
            return
        for field_name in IMMUTABLE_FIELDS:
            if field_name in getattr(self, "_loaded_values", {}) and self.has_changed(
                field_name
            ):
                raise ValueError(f"The {field_name} of a saved session cannot change.")

    def normalize(self):
        """Bring the address, user agent and client hints into their stored form."""
        self.user_agent = clean_user_agent(self.user_agent)
        self.normalize_client_hints()
        if self.ip_address in ("", None):
            self.ip_address = None
            self.ip_address_hex = ""
            return
        try:
            self.ip_address = normalize_ip_address(self.ip_address)
        except ValueError:
            # Keep the session rather than lose it over a malformed address.
            logger.warning(
                "Dropped invalid IP address %r of session %s",
                str(self.ip_address)[:64],
                self.session_id,
            )
            self.ip_address = None
            self.ip_address_hex = ""
            return
        self.ip_address_hex = ip_address_hex(self.ip_address)

    def normalize_client_hints(self):
        """Strip the quotes of the client hints and drop invalid ones."""
        try:
            self.ua_platform = clean_platform(self.ua_platform or "")
            self.ua_platform_version = clean_platform_version(
                self.ua_platform_version or ""
            )
        except ValueError:
            logger.warning(
                "Dropped invalid client hints of session %s", self.session_id
            )
            self.ua_platform = ""
            self.ua_platform_version = ""


class DjangoSessionLink(models.Model):
    """The Django session key of a console sign-in, for deleting it on sign-out.

    The key is stored in plain text, as Django's database session engine stores it,
    and only for engines that keep sessions on the server. It lives in its own table so
    that no page, export or API that lists a session's fields can show it.
    """

    session = models.OneToOneField(
        Session,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="django_session_link",
    )
    session_key = models.CharField(_("Django session key"), max_length=40)

    class Meta:
        verbose_name = _("Django session link")
        verbose_name_plural = _("Django session links")

    def __str__(self):
        return f"Django session link of {self.session_id}"


class ServiceTokenQuerySet(models.QuerySet):
    def active(self):
        """Return the tokens that are not revoked."""
        return self.filter(revoked_at__isnull=True)


class ServiceToken(models.Model):
    """A bearer token of the API, stored as a SHA-256 hash of its secret.

    A service token records and updates the sessions of one service; a staff token
    reads every session and writes none.
    """

    class Kind(models.TextChoices):
        SERVICE = "service", _("Service: records the sessions of its service")
        STAFF = "staff", _("Staff: reads every session")

    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind, default=Kind.SERVICE
    )
    service = models.CharField(
        _("service"),
        max_length=SERVICE_MAX_LENGTH,
        blank=True,
        help_text=_("The service whose sessions this token records; empty for staff."),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("Who or what uses this token, such as “Mail, production”."),
    )
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    secret_hash = models.CharField(
        _("secret hash"), max_length=64, unique=True, editable=False
    )
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, editable=False
    )
    last_used_at = models.DateTimeField(
        _("last used at"), null=True, blank=True, editable=False
    )
    revoked_at = models.DateTimeField(
        _("revoked at"), null=True, blank=True, editable=False
    )

    objects = ServiceTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_staff(self):
        return self.kind == self.Kind.STAFF

    def clean(self):
        """Require a service on service tokens and none on staff tokens."""
        if self.kind == self.Kind.SERVICE and not self.service.strip():
            raise ValidationError(
                {"service": _("A service token needs the name of its service.")}
            )
        if self.kind == self.Kind.STAFF and self.service:
            raise ValidationError(
                {"service": _("A staff token reads every service; leave this empty.")}
            )


class IdempotencyKey(models.Model):
    """The session that a create request with an ``Idempotency-Key`` recorded.

    The unique constraint on token and key makes a retried or concurrent create with
    the same key fail to insert, so the request returns the session recorded first.
    """

    token = models.ForeignKey(
        ServiceToken,
        verbose_name=_("API token"),
        on_delete=models.CASCADE,
        related_name="idempotency_keys",
    )
    key = models.CharField(_("key"), max_length=255)
    request_hash = models.CharField(_("request hash"), max_length=64)
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(
                fields=["token", "key"], name="idempotency_key_unique_per_token"
            )
        ]

    def __str__(self):
        return self.key
