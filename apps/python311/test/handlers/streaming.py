"""Streaming handlers (generators and other iterators)."""

import os
import time

from awslambda_streaming import awslambda_content_type, awslambda_http_prelude


def chunks(event, context):
    for c in event["chunks"]:
        yield c


def gated(event, context):
    # Yields "first", then waits until the test has seen that chunk arrive at the
    # Runtime API (it creates a file), then yields "second".
    yield "first"
    deadline = time.monotonic() + 5
    while not os.path.exists(event["gate"]):
        if time.monotonic() > deadline:
            yield "gate-timeout"
            return
        time.sleep(0.01)
    yield "second"


def fails_mid_stream(event, context):
    yield "partial-1 "
    yield b"partial-2"
    raise ValueError("stream broke")


def fails_before_first(event, context):
    raise KeyError("no data")
    yield "never"  # noqa


def bad_chunk(event, context):
    yield "ok"
    yield 123


def prelude(event, context):
    yield awslambda_http_prelude(
        status_code=201,
        headers={"Content-Type": "text/plain", "X-Custom": "ü"},
        cookies=["a=1; Path=/", "b=2"],
    )
    yield "hello "
    yield b"world"


def prelude_only(event, context):
    yield awslambda_http_prelude(status_code=204)


def content_type(event, context):
    yield awslambda_content_type("text/event-stream")
    yield "data: 1\n\n"


def empty(event, context):
    return
    yield  # noqa


def unicode_chunks(event, context):
    yield "héllo "
    yield "✓ 😀"


def big(event, context):
    block = b"y" * (1024 * 1024)
    for _ in range(event["mb"]):
        yield block


def list_iterator(event, context):
    return iter([b"a", "b", b"c"])


def plain_list(event, context):
    return ["a", "b"]


def context_in_stream(event, context):
    yield context.aws_request_id
