"""Does not import logging at module level: the runtime sets logging up at the first
`import logging`, which here happens inside the handler, after context.log(). Looking
logging up without importing it (importlib.util.find_spec) must not use that chance up."""

import importlib.util

assert importlib.util.find_spec("logging") is not None


def handler(event, context):
    context.log("before logging was imported\n")
    import logging

    logging.getLogger("late").warning("late warning %s", event.get("n"))
    context.log("after logging was imported\n")
    return {"handlers": len(logging.getLogger().handlers)}
