"""Errors of the API as RFC 9457 problem details (`application/problem+json`), NL API Design Rules style.

Invalid query parameters are listed in `invalidParams` (name, code, reason and, for an unknown
location, the "did you mean" `suggestions` as a list). `error` and `errors` are kept as extension
members for clients of the first version of the API.
"""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _

PROBLEM_CONTENT_TYPE = "application/problem+json"
# A problem type for each kind of client error the API reports (not dereferenceable: tag URIs).
TYPE_PREFIX = "tag:techniekdichtbij.nl,2026:problem:"


def problem_response(status, title, *, detail="", problem_type="about:blank", invalid_params=None, request=None):
    body = {"type": problem_type, "title": str(title), "status": status}
    if detail:
        body["detail"] = str(detail)
    if request is not None:
        body["instance"] = request.get_full_path()
    if invalid_params:
        body["invalidParams"] = invalid_params
        body["errors"] = {item["name"]: [item["reason"]] for item in invalid_params}
    body["error"] = str(detail or title)
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_CONTENT_TYPE)


def invalid_params(errors):
    """The problem's `invalidParams` for a form's ErrorDict (or a plain {name: [message]} dict)."""
    params = []
    for name, messages in errors.items():
        data = messages.as_data() if hasattr(messages, "as_data") else messages
        for error in data:
            item = {"name": name, "code": getattr(error, "code", None) or "invalid", "reason": _message(error)}
            suggestions = (getattr(error, "params", None) or {}).get("suggestions")
            if suggestions:
                item["suggestions"] = [str(text) for text in suggestions]
            params.append(item)
    return params


def _message(error):
    if hasattr(error, "messages"):
        return " ".join(str(message) for message in error.messages)
    return str(error)


def bad_request(message, errors=None, request=None):
    """400 for invalid parameters: one problem, with every invalid parameter listed."""
    if errors:
        return problem_response(
            400,
            _("Ongeldige parameters."),
            detail=message,
            problem_type=TYPE_PREFIX + "invalid-parameters",
            invalid_params=invalid_params(errors),
            request=request,
        )
    return problem_response(
        400, _("Ongeldig verzoek."), detail=message, problem_type=TYPE_PREFIX + "bad-request", request=request
    )
