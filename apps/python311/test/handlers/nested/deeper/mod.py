def handler(event, context):
    return {"from": "nested/deeper/mod", "event": event}
