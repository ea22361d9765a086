"""The error tree: each error knows its HTTP status and its command-line exit code.

Messages are safe to show to a client; they never carry a traceback.
"""


class TipkgError(Exception):
    """Base of every error the project reports to a user."""

    status = 500
    exit_code = 2
    reason = "error"

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.message = message
        self.details = details


class BadRequest(TipkgError):
    """The request cannot be understood (bad parameter, unreadable body)."""

    status = 400
    reason = "bad_request"


class QuerySyntaxError(BadRequest):
    """The SPARQL query does not parse; the message is the parser's."""

    reason = "query_syntax"


class DataSyntaxError(BadRequest):
    """RDF input does not parse; the message names line and column where known."""

    reason = "data_syntax"


class ForbiddenOperation(BadRequest):
    """A request asks for something the endpoint refuses (update, SERVICE, remote fetch)."""

    reason = "forbidden_operation"


class Unauthorized(TipkgError):
    """No usable credentials (``Authorization: Bearer TOKEN``); the answer carries the challenge."""

    status = 401
    reason = "unauthorized"
    challenge = 'Bearer realm="contributions"'


class Forbidden(TipkgError):
    """Credentials given, but they do not allow this."""

    status = 403
    reason = "forbidden"


class NotFound(TipkgError):
    status = 404
    reason = "not_found"


class NotAcceptable(TipkgError):
    """No representation matches the Accept header."""

    status = 406
    reason = "not_acceptable"


class PayloadTooLarge(TipkgError):
    status = 413
    reason = "payload_too_large"


class UnsupportedMediaType(TipkgError):
    status = 415
    reason = "unsupported_media_type"


class QueryTimeout(TipkgError):
    """A query ran into its deadline and was stopped."""

    status = 503
    reason = "query_timeout"


class ValidationTimeout(TipkgError):
    """A ``/validate`` submission ran into its deadline and was stopped."""

    status = 503
    reason = "validation_timeout"


class ServiceUnavailable(TipkgError):
    status = 503
    reason = "unavailable"


class BuildError(TipkgError):
    """The corpus or the curated facts cannot become a valid dataset."""

    exit_code = 2
    reason = "build_failed"


class Unprocessable(TipkgError):
    """Well-formed input that cannot be accepted (a contribution that does not conform)."""

    status = 422
    reason = "not_conforming"


class ConfigError(TipkgError):
    """An operator's file (the contributors list …) cannot be used as it stands."""

    exit_code = 2
    reason = "bad_config"
