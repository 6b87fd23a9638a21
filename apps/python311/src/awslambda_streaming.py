"""Helpers for streaming handlers on the lambda-engines Python runtime.

A handler that returns an iterator (usually a generator) has its items streamed
to Lambda as they are yielded. The FIRST item may be one of these markers:

    from awslambda_streaming import awslambda_http_prelude

    def handler(event, context):
        yield awslambda_http_prelude(
            status_code=201,
            headers={"Content-Type": "text/plain"},
            cookies=["a=1; Path=/"],
        )
        yield "hello "
        yield b"world"

`awslambda_http_prelude(...)` makes the response a function URL / API Gateway
HTTP response: Content-Type `application/vnd.awslambda.http-integration-response`,
then the JSON prelude, then 8 NUL bytes, then the body (the same bytes as
`awslambda.HttpResponseStream.from(stream, prelude)` in Node.js).

`awslambda_content_type("text/event-stream")` only sets the stream's Content-Type
(default `application/octet-stream`).

This module lives in the runtime directory (`LAMBDA_RUNTIME_DIR`), which the
runtime puts on `sys.path`.
"""

HTTP_INTEGRATION_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response"
DEFAULT_STREAM_CONTENT_TYPE = "application/octet-stream"

__all__ = [
    "HTTP_INTEGRATION_CONTENT_TYPE",
    "DEFAULT_STREAM_CONTENT_TYPE",
    "HttpPrelude",
    "StreamContentType",
    "awslambda_http_prelude",
    "awslambda_content_type",
]


class HttpPrelude(dict):
    """The metadata prelude of a streamed HTTP response (a plain dict, marked)."""

    __awslambda_http_prelude__ = True


class StreamContentType(str):
    """The Content-Type of a streamed response (a plain str, marked)."""

    __awslambda_content_type__ = True


def awslambda_http_prelude(
    status_code=200, headers=None, cookies=None, multi_value_headers=None
):
    """Build the HTTP prelude; yield it as the generator's first item.

    The prelude is serialised as compact JSON with the keys `statusCode`,
    `headers`, `multiValueHeaders` and `cookies` (the last three only when given).
    """
    if not isinstance(status_code, int) or isinstance(status_code, bool):
        raise TypeError("status_code must be an int, not {}".format(type(status_code).__name__))
    prelude = HttpPrelude(statusCode=status_code)
    if headers is not None:
        prelude["headers"] = dict(headers)
    if multi_value_headers is not None:
        prelude["multiValueHeaders"] = {k: list(v) for k, v in dict(multi_value_headers).items()}
    if cookies is not None:
        if isinstance(cookies, str):
            raise TypeError("cookies must be a list of strings, not a str")
        prelude["cookies"] = list(cookies)
    return prelude


def awslambda_content_type(content_type):
    """Set the streamed response's Content-Type; yield it as the first item."""
    if not isinstance(content_type, str) or not content_type:
        raise TypeError("content_type must be a non-empty str")
    return StreamContentType(content_type)
