"""Buffered handlers used by the tests."""

import decimal
import json
import logging
import os
import time

logger = logging.getLogger(__name__)


def echo(event, context):
    return event


def returns_none(event, context):
    return None


def returns_str(event, context):
    return "plain text"


def returns_bytes(event, context):
    return b"\x00raw\xffbytes"


def returns_decimal(event, context):
    return {"price": decimal.Decimal("19.990"), "big": decimal.Decimal("1E+3"), "nan": decimal.Decimal("NaN")}


def returns_set(event, context):
    return {"tags": {1, 2}}


def returns_list(event, context):
    return [1, "two", None]


def raise_error(event, context):
    raise ValueError("boom")


class CustomError(Exception):
    pass


def raise_custom(event, context):
    helper_that_fails(event)


def helper_that_fails(event):
    raise CustomError("custom failure: " + str(event.get("why")))


def big(event, context):
    return "x" * event["size"]


def context_info(event, context):
    identity = context.identity
    cc = context.client_context
    return {
        "aws_request_id": context.aws_request_id,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "invoked_function_arn": context.invoked_function_arn,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "tenant_id": context.tenant_id,
        "identity": {
            "cognito_identity_id": identity.cognito_identity_id,
            "cognito_identity_pool_id": identity.cognito_identity_pool_id,
        },
        "client_context": None
        if cc is None
        else {
            "custom": cc.custom,
            "env": cc.env,
            "client": None
            if cc.client is None
            else {
                "installation_id": cc.client.installation_id,
                "app_title": cc.client.app_title,
                "app_version_name": cc.client.app_version_name,
                "app_version_code": cc.client.app_version_code,
                "app_package_name": cc.client.app_package_name,
            },
        },
        "w3c": context.w3c(),
        "remaining": context.get_remaining_time_in_millis(),
        "repr": repr(context),
    }


def trace_id(event, context):
    return {"trace": os.environ.get("_X_AMZN_TRACE_ID")}


def trace_id_everywhere(event, context):
    """The trace id as Python, C (getenv) and, when asked, a child process see it."""
    import ctypes
    import subprocess

    getenv = ctypes.CDLL(None).getenv
    getenv.restype = ctypes.c_char_p
    seen = {"environ": os.environ.get("_X_AMZN_TRACE_ID"), "getenv": getenv(b"_X_AMZN_TRACE_ID").decode()}
    if event.get("child"):
        seen["child"] = subprocess.run(
            ["sh", "-c", 'printf %s "$_X_AMZN_TRACE_ID"'], capture_output=True, text=True, check=True
        ).stdout
    return seen


def logs(event, context):
    print("plain print", event.get("n", 0))
    logger.debug("debug message")
    logger.info("info message")
    logger.warning("warning message %s", "arg")
    logger.error("error message")
    logging.getLogger("custom.logger").warning("extra fields", extra={"order_id": 42})
    try:
        raise KeyError("missing")
    except KeyError:
        logger.exception("caught it")
    context.log("context.log line\n")
    print("ünïcödé ✓ 😀")
    return "logged"


def sleep_then_echo(event, context):
    time.sleep(event.get("sleep", 0))
    return event


def raw_event(event, context):
    value = event.decode("utf-8") if isinstance(event, bytes) else json.dumps(event)
    return {"type": type(event).__name__, "value": value}
