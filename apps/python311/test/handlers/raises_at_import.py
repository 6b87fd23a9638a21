def _load_config():
    raise RuntimeError("config is broken")


_load_config()


def handler(event, context):
    return 1
