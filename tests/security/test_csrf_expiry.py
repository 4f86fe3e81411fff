"""Form security tokens expire (the probe: they lived as long as the session, 30 days). A form
posted after its token's time limit gets a page that sends the same fields again with a fresh
token, so a long-open question page loses no answer; a missing or forged token gets no such
page (another site's request must not become one click away)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from flask import Flask

from quiz.config import Config
from quiz.core.errors import CSRF_MESSAGE
from tests.support import QuizClient, csrf_from

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def test_the_default_time_limit_is_hours_not_the_sessions_month() -> None:
    assert Config.WTF_CSRF_TIME_LIMIT == 8 * 3600


def test_an_expired_answer_form_is_sent_again_with_what_was_chosen(
    extra_app: Callable[..., Flask],
) -> None:
    app = extra_app(WTF_CSRF_TIME_LIMIT=1)
    quiz = QuizClient(app.test_client())
    token = quiz.start()
    page = quiz.client.get(f"/attempt/{token}/q/1").get_data(as_text=True)
    time.sleep(2.2)  # the token is signed with whole seconds: 2 s is past a 1 s limit
    sent = quiz.client.post(
        f"/attempt/{token}/q/1",
        data={"csrf_token": csrf_from(page), "nav": "dont_know", "flag": "on"},
    )
    html = sent.get_data(as_text=True)
    assert sent.status_code == 400 and "Send the form again" in html
    fields = dict(HIDDEN.findall(html))
    assert fields["nav"] == "dont_know" and fields["flag"] == "on"
    assert fields["csrf_token"] != csrf_from(page)
    again = quiz.client.post(f"/attempt/{token}/q/1", data=fields)
    assert again.status_code == 302 and again.location.endswith(f"/attempt/{token}/q/2")


def test_a_forged_or_missing_token_gets_no_resend_page(app: Flask, quiz: QuizClient) -> None:
    token = quiz.start()
    for data in ({"nav": "dont_know"}, {"nav": "dont_know", "csrf_token": "forged"}):
        sent = quiz.client.post(f"/attempt/{token}/q/1", data=data)
        html = sent.get_data(as_text=True)
        assert sent.status_code == 400 and CSRF_MESSAGE in html
        assert "Send again" not in html
