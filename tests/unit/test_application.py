"""The app keeps each invocation's request and Lambda context per thread, so a server running
several invocations at once in one process (the local stack) never mixes them up."""
from __future__ import annotations

import threading

from chalicelib.application import ComandaApp


def test_each_thread_reads_the_request_and_context_it_was_given():
    app = ComandaApp(app_name="threads")
    seen: dict[str, tuple[object, object]] = {}
    both_set = threading.Barrier(2)

    def invocation(name: str) -> None:
        app.current_request = f"request of {name}"
        app.lambda_context = f"context of {name}"
        both_set.wait(timeout=5)  # the other thread has set its own by now
        seen[name] = (app.current_request, app.lambda_context)

    threads = [threading.Thread(target=invocation, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"a": ("request of a", "context of a"), "b": ("request of b", "context of b")}


def test_a_rest_invocation_answers_from_its_own_request():
    app = ComandaApp(app_name="echo")

    @app.route("/echo/{word}")
    def echo(word):
        return {"word": word, "query": app.current_request.query_params}

    event = {"resource": "/echo/{word}", "path": "/echo/hi", "httpMethod": "GET", "headers": {},
             "multiValueHeaders": {}, "queryStringParameters": {"q": "1"}, "multiValueQueryStringParameters": {"q": ["1"]},
             "pathParameters": {"word": "hi"}, "stageVariables": None, "body": None, "isBase64Encoded": False,
             "requestContext": {"resourcePath": "/echo/{word}", "httpMethod": "GET", "stage": "api",
                                "identity": {"sourceIp": "127.0.0.1"}}}
    answer = app(event, None)
    assert answer["statusCode"] == 200
    assert '"word":"hi"' in answer["body"].replace(" ", "") and '"q":"1"' in answer["body"].replace(" ", "")
