"""Stand-in list, export and ingest pages, so the benchmark's measurements of those
pages can be tested before the console serves them."""

import json

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from console.urls import urlpatterns as project_urlpatterns
from sessions_app.models import Session

STAND_IN_TOKEN = "stand-in-token"


def filtered_sessions(request):
    sessions = Session.objects.order_by("-created_at", "-id")
    if request.GET.get("service"):
        sessions = sessions.filter(service=request.GET["service"])
    return sessions


def session_list(request):
    ids = filtered_sessions(request).values_list("session_id", flat=True)[:25]
    return HttpResponse(", ".join(ids))


def session_export(request):
    rows = filtered_sessions(request).values_list("session_id", "service")

    def lines():
        yield "session_id,service\n"
        for session_id, service in rows.iterator():
            yield f"{session_id},{service}\n"

    return StreamingHttpResponse(lines(), content_type="text/csv")


@csrf_exempt
def ingest_session(request):
    """Accept a JSON session with the stand-in token, storing nothing."""
    if request.headers.get("Authorization") != f"Bearer {STAND_IN_TOKEN}":
        return JsonResponse({"error": "invalid token"}, status=401)
    body = json.loads(request.body)
    return JsonResponse({"user": body["user"]}, status=201)


urlpatterns = [
    path("api/sessions/", ingest_session),
    path("sessions/", session_list),
    path("sessions/export.csv", session_export),
    *project_urlpatterns,
]
