"""Sample function for the lambda-engines Python 3.11 image.

    handler  -> buffered: returns a JSON object
    stream   -> streamed: a function URL response, written as it is yielded
"""

import logging
import time

from awslambda_streaming import awslambda_http_prelude

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def handler(event, context):
    name = event.get("name", "world") if isinstance(event, dict) else "world"
    logger.info("greeting %s", name)
    return {
        "message": "Hello, {}!".format(name),
        "requestId": context.aws_request_id,
        "remainingMs": context.get_remaining_time_in_millis(),
    }


def stream(event, context):
    yield awslambda_http_prelude(status_code=200, headers={"Content-Type": "text/plain; charset=utf-8"})
    for i in range(3):
        yield "chunk {}\n".format(i)
        time.sleep(0.1)
