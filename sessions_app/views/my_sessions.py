"""My sessions: a user's own sessions, and signing out the ones they do not want."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import ListView

from sessions_app.models import Session
from sessions_app.services.django_sessions import find_revoked_sessions
from sessions_app.services.sign_in import SESSION_ID_KEY
from sessions_app.services.sign_out import end_sessions
from sessions_app.views.lookups import get_session_or_404


def get_current_session_id(request):
    """Return the id of the session this browser is signed in with, or None."""
    return request.session.get(SESSION_ID_KEY)


class MySessionsView(LoginRequiredMixin, ListView):
    """List the signed-in user's sessions, newest first, the current one marked."""

    template_name = "sessions_app/my_sessions.html"
    context_object_name = "sessions"
    paginate_by = 20

    def get_queryset(self):
        return (
            Session.objects.filter(user=self.request.user)
            .select_related("django_session_link")
            .order_by("-created_at", "-id")
        )

    def paginate_queryset(self, queryset, page_size):
        """Paginate without 404: a page past the end shows the last one, and a page
        that is not a number shows the first."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current_session_id = get_current_session_id(self.request)
        self.end_revoked(context["page_obj"].object_list, current_session_id)

        others = Session.objects.filter(user=self.request.user).active()
        if current_session_id:
            others = others.exclude(session_id=current_session_id)
        context["current_session_id"] = current_session_id
        context["has_other_active_sessions"] = others.exists()
        return context

    def end_revoked(self, sessions, current_session_id):
        """Show sessions whose Django session was deleted or revoked as ended."""
        revoked = find_revoked_sessions(sessions, self.request.user, current_session_id)
        if not revoked:
            return
        end_sessions(
            Session.objects.filter(pk__in=[session.pk for session in revoked]),
            reason="their Django sessions no longer sign the user in",
        )
        for session in revoked:
            session.refresh_from_db(fields=["ended_at"])


class SignOutSessionView(LoginRequiredMixin, View):
    """End one of the user's sessions; ending this browser's signs it out."""

    http_method_names = ["post"]

    def post(self, request, session_id):
        own_sessions = Session.objects.filter(user=request.user)
        session = get_session_or_404(own_sessions, session_id)

        if session.session_id == get_current_session_id(request):
            logout(request)
            messages.success(request, _("You signed out this browser."))
            return redirect(settings.LOGIN_URL)

        if not session.is_active:
            messages.info(request, _("That session had already ended."))
        else:
            end_sessions(
                Session.objects.filter(pk=session.pk),
                reason=f"user {request.user.pk} signed it out from My sessions",
            )
            messages.success(request, describe_sign_out(session))
        return redirect("sessions_app:my_sessions")


class SignOutOtherSessionsView(LoginRequiredMixin, View):
    """End every active session of the user except this browser's."""

    http_method_names = ["post"]

    def post(self, request):
        others = Session.objects.filter(user=request.user).active()
        current_session_id = get_current_session_id(request)
        if current_session_id:
            others = others.exclude(session_id=current_session_id)

        ended = end_sessions(
            others,
            reason=f"user {request.user.pk} signed out all other sessions",
        )
        if ended:
            message = ngettext(
                "Signed out %(count)d other session.",
                "Signed out %(count)d other sessions.",
                ended,
            ) % {"count": ended}
            messages.success(request, message)
        else:
            messages.info(request, _("No other session was active."))
        return redirect("sessions_app:my_sessions")


def describe_sign_out(session):
    """Return the confirmation shown after signing out another session."""
    device = session.device or _("an unknown device")
    if session.location:
        return _("Signed out %(device)s in %(location)s.") % {
            "device": device,
            "location": session.location,
        }
    return _("Signed out %(device)s.") % {"device": device}
