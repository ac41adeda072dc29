"""Endpoints of the API: record, update and end sessions; list and read them."""

from django.http import JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.response import Response
from rest_framework.reverse import reverse

from sessions_app.api import serializers
from sessions_app.api.exceptions import SessionNotFound
from sessions_app.api.idempotency import HEADER as IDEMPOTENCY_HEADER
from sessions_app.api.idempotency import hash_request_body, read_idempotency_key
from sessions_app.api.pagination import SessionCursorPagination
from sessions_app.api.permissions import HasServiceToken, HasStaffToken
from sessions_app.api.throttling import TokenRateThrottle
from sessions_app.filters import SessionFilterSet
from sessions_app.models import Session
from sessions_app.services import ingest

ERROR_RESPONSES = {
    code: OpenApiResponse(serializers.ErrorResponseSerializer, description=text)
    for code, text in [
        (400, "A field or header is missing, malformed or invalid."),
        (401, "The token is missing, invalid or revoked."),
        (403, "The token may not make this request."),
        (404, "No session that the token may see has this id."),
        (429, "The token made too many requests; see Retry-After."),
    ]
}


class SessionViewSet(viewsets.GenericViewSet):
    """Sessions: service tokens record, update and end them; staff tokens read them."""

    queryset = Session.objects.select_related("user")
    serializer_class = serializers.SessionSerializer
    lookup_field = "session_id"
    lookup_value_regex = "[^/]+"
    pagination_class = SessionCursorPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = SessionFilterSet
    throttle_classes = [TokenRateThrottle]

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [HasStaffToken()]
        return [HasServiceToken()]

    def get_object(self):
        session_id = self.kwargs[self.lookup_field]
        if not ingest.SESSION_ID_PATTERN.fullmatch(session_id):
            raise SessionNotFound()
        session = self.get_queryset().filter(session_id=session_id).first()
        if session is None:
            raise SessionNotFound()
        return session

    def read_body(self, serializer_class):
        """Return the validated body of the request."""
        if self.request.stream is not None and not self.request.content_type:
            raise UnsupportedMediaType(
                "", detail=_("Send the body as application/json.")
            )
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(
        summary="Record a session",
        request=serializers.SessionCreateSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                str,
                OpenApiParameter.HEADER,
                description=(
                    "A key unique to this sign-in, such as a UUID. A retry with the "
                    "same key and body returns the first session with status 200."
                ),
            )
        ],
        responses={
            201: serializers.SessionSerializer,
            200: OpenApiResponse(
                serializers.SessionSerializer,
                description="A retry: the session recorded under the same key.",
            ),
            422: OpenApiResponse(
                serializers.ErrorResponseSerializer,
                description="The idempotency key came with a different body.",
            ),
            **ERROR_RESPONSES,
        },
    )
    def create(self, request):
        """Record a session of the token's service."""
        idempotency_key = read_idempotency_key(request)
        fields = dict(self.read_body(serializers.SessionCreateSerializer))
        token = request.auth
        ingest.check_service(token, fields.pop("service", None))

        session, created = ingest.create_session(
            token=token,
            fields=fields,
            idempotency_key=idempotency_key,
            request_hash=hash_request_body(request.data) if idempotency_key else "",
        )
        body = serializers.SessionSerializer(session).data
        if not created:
            return Response(body, status=status.HTTP_200_OK)
        location = reverse(
            "api:session-detail",
            kwargs={"session_id": session.session_id},
            request=request,
        )
        return Response(
            body, status=status.HTTP_201_CREATED, headers={"Location": location}
        )

    @extend_schema(
        summary="Record activity on a session",
        request=serializers.SessionActivitySerializer,
        responses={200: serializers.SessionSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def activity(self, request, session_id):
        """Move the session's updated time; a new address or user agent is enriched."""
        fields = self.read_body(serializers.SessionActivitySerializer)
        session = ingest.record_activity(
            token=request.auth, session_id=session_id, fields=fields
        )
        return Response(serializers.SessionSerializer(session).data)

    @extend_schema(
        summary="End a session",
        request=serializers.SessionEndSerializer,
        responses={200: serializers.SessionSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, session_id):
        """Set the session's ended time; ending it again changes nothing."""
        self.read_body(serializers.SessionEndSerializer)
        session = ingest.end_session(token=request.auth, session_id=session_id)
        return Response(serializers.SessionSerializer(session).data)

    @extend_schema(
        summary="List sessions",
        responses={200: serializers.SessionSerializer(many=True), **ERROR_RESPONSES},
    )
    def list(self, request):
        """List sessions of every service, newest first, a page at a time.

        The filters are those of the console's session list.
        """
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        summary="Read a session",
        responses={200: serializers.SessionSerializer, **ERROR_RESPONSES},
    )
    def retrieve(self, request, session_id):
        """Return one session of any service."""
        return Response(self.get_serializer(self.get_object()).data)


def endpoint_not_found(request, path=""):
    """Return a JSON 404 for a URL under the API that matches no endpoint."""
    message = _("No API endpoint has this URL.")
    try:
        with_slash = resolve(f"{request.path}/")
    except Resolver404:
        with_slash = None
    if with_slash and with_slash.func is not endpoint_not_found:
        message = _("No API endpoint has this URL; add the trailing slash.")
    error = {"field": None, "code": "not_found", "message": message}
    return JsonResponse({"errors": [error]}, status=status.HTTP_404_NOT_FOUND)
