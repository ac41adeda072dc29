from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsAppConfig(AppConfig):
    name = "sessions_app"
    verbose_name = _("Session Console")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.core import checks
        from django.db.models.signals import post_save, pre_save

        from sessions_app import signals
        from sessions_app.checks import (
            check_activity_interval,
            check_api_rate_limit,
            check_client_address_settings,
            check_geolocation_database,
            check_unusual_settings,
        )
        from sessions_app.models import Session

        pre_save.connect(
            signals.enrich_before_save,
            sender=Session,
            dispatch_uid="sessions_app.enrich_before_save",
        )
        post_save.connect(
            signals.flag_unusual_after_create,
            sender=Session,
            dispatch_uid="sessions_app.flag_unusual_after_create",
        )
        user_logged_in.connect(
            signals.record_session_on_sign_in,
            dispatch_uid="sessions_app.record_session_on_sign_in",
        )
        user_logged_out.connect(
            signals.end_session_on_sign_out,
            dispatch_uid="sessions_app.end_session_on_sign_out",
        )
        checks.register(check_geolocation_database)
        checks.register(check_activity_interval)
        checks.register(check_unusual_settings)
        checks.register(check_client_address_settings)
        checks.register(check_api_rate_limit)
