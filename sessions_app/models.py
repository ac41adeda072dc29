"""The Session model: one recorded sign-in of a user to a service."""

import functools
import ipaddress
import logging
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

USER_AGENT_MAX_LENGTH = 1024
SERVICE_MAX_LENGTH = 100

# Fields that callers may never change once a session exists.
IMMUTABLE_FIELDS = ("session_id", "created_at")

# The ::ffff:0:0/96 prefix under which IPv6 maps IPv4 addresses.
IPV4_MAPPED_PREFIX = 0xFFFF << 32

# Sign-ins come from few addresses again and again, and parsing one dominates the
# cost of storing a session in bulk.
ADDRESS_CACHE_SIZE = 16_384


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

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-created_at", "-id"]
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

        super().save(*args, **kwargs)
        self._loaded_values = {
            field.attname: getattr(self, field.attname)
            for field in self._meta.concrete_fields
        }

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
    def is_ended(self):
        return self.ended_at is not None

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
        """Bring the address and user agent into their stored form."""
        self.user_agent = clean_user_agent(self.user_agent)
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
