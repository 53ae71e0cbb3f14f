"""The Slack request verifier: only Slack's exact signature passes, and only Slack's URLs."""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from multidict import CIMultiDict

from bot.verification import SlackRequestVerifier, is_slack_url, origin_of, response_urls

SECRET = "8f742231b10e8888abcd99a0f1e285a5"
NOW = 1_800_000_000
STAND_IN = "http://127.0.0.1:4000/api/"


def verifier() -> SlackRequestVerifier:
    return SlackRequestVerifier(SECRET.encode(), origin_of(STAND_IN), clock=lambda: NOW)


def signed(body: bytes, timestamp: str = str(NOW), secret: str = SECRET) -> CIMultiDict[str]:
    base = b"v0:" + timestamp.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return CIMultiDict(
        {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + digest}
    )


def command(response_url: str) -> bytes:
    fields = {"command": "/tomatic", "text": "search 629436216", "response_url": response_url}
    return urlencode(fields).encode()


SLACK_HOOK = "https://hooks.slack.com/commands/T0/1/abc"


def test_a_request_signed_by_slack_passes() -> None:
    body = command(SLACK_HOOK)
    assert verifier().rejection(signed(body), body, None) is None


@pytest.mark.parametrize(
    "timestamp",
    [
        "abc",
        "",
        "1e10",
        "1796166127.5",
        " 1800000000",
        "+1800000000",
        "1800000000 ",
        "١٨٠٠٠٠٠٠٠٠",
        "１８００００００００",
        "-1800000000",
        "9" * 40,
    ],
)
def test_a_malformed_timestamp_is_refused_even_when_the_signature_matches(timestamp: str) -> None:
    body = command(SLACK_HOOK)
    assert verifier().rejection(signed(body, timestamp), body, None) == "bad_timestamp"


def test_a_stale_or_future_timestamp_is_refused() -> None:
    body = command(SLACK_HOOK)
    for moment in (NOW - 301, NOW + 301):
        headers = signed(body, str(moment))
        assert verifier().rejection(headers, body, None) == "stale_timestamp"


@pytest.mark.parametrize("signature", ["", "v0=", "v0=ñ" * 20, "v1=" + "0" * 64, "v0=" + "A" * 64])
def test_a_malformed_or_non_ascii_signature_is_refused(signature: str) -> None:
    body = command(SLACK_HOOK)
    headers = signed(body)
    headers["X-Slack-Signature"] = signature
    assert verifier().rejection(headers, body, None) == "bad_signature"


def test_another_secret_or_another_body_is_refused() -> None:
    body = command(SLACK_HOOK)
    assert verifier().rejection(signed(body, secret="f" * 32), body, None) == "bad_signature"
    assert verifier().rejection(signed(body), body + b"&x=1", None) == "bad_signature"


def test_a_signed_body_that_is_not_utf8_is_refused() -> None:
    body = b"command=%2Ftomatic&text=\xff\xfe"
    assert verifier().rejection(signed(body), body, None) == "bad_encoding"
    assert verifier().rejection(signed(b"a=1"), b"a=1", "latin-1") == "bad_charset"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",
        "https://evil.example/login",
        "http://hooks.slack.com/x",
        "https://hooks.slack.com.evil.example/x",
        "https://evil.example/?https://hooks.slack.com/",
        "https://hooks.slack.com@evil.example/x",
        "https://hooks.slack.com:8443/x",
        "http://127.0.0.1:4001/hooks/x",
        "https://127.0.0.1:4000/hooks/x",
        "javascript:alert(1)",
        "https://[::1/x",
        "",
    ],
)
def test_a_response_url_off_slack_and_off_the_stand_in_is_refused(url: str) -> None:
    body = command(url)
    assert verifier().rejection(signed(body), body, None) == "foreign_response_url"


def test_slacks_hosts_and_the_stand_ins_origin_are_accepted() -> None:
    for url in (SLACK_HOOK, "https://hooks.slack-gov.com/a", "http://127.0.0.1:4000/hooks/r/1"):
        assert is_slack_url(url, origin_of(STAND_IN)), url
    assert not is_slack_url("http://127.0.0.1:4000/hooks/r/1")  # no stand-in configured


def test_response_urls_are_found_in_forms_payloads_and_json_at_any_depth() -> None:
    payload = {"type": "view_submission", "response_urls": [{"response_url": "https://a/1"}]}
    form = urlencode({"payload": json.dumps(payload), "response_url": "https://b/2"})
    assert sorted(response_urls(form)) == ["https://a/1", "https://b/2"]
    event = json.dumps({"event": {"x": [{"response_url": "https://c/3"}]}})
    assert response_urls(event) == ["https://c/3"]
    assert response_urls("payload=%7Bnot+json") == []


def test_a_non_string_response_url_is_refused() -> None:
    body = urlencode({"payload": json.dumps({"response_url": 42})}).encode()
    assert verifier().rejection(signed(body), body, None) == "foreign_response_url"


header_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)


@settings(max_examples=300, deadline=None)
@given(
    timestamp=st.one_of(header_text, st.integers().map(str)),
    signature=st.one_of(
        header_text, st.text("0123456789abcdef", min_size=64, max_size=64).map(lambda h: "v0=" + h)
    ),
    body=st.binary(max_size=2000),
    charset=st.sampled_from([None, "utf-8", "latin-1", "nonsense"]),
)
def test_arbitrary_unsigned_requests_are_refused_without_raising(
    timestamp: str, signature: str, body: bytes, charset: str | None
) -> None:
    headers = CIMultiDict({"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature})
    assert isinstance(verifier().rejection(headers, body, charset), str)


@settings(max_examples=300, deadline=None)
@given(
    timestamp=st.one_of(header_text, st.integers(NOW - 400, NOW + 400).map(str)),
    body=st.binary(max_size=500),
)
def test_a_correct_signature_over_any_timestamp_passes_only_with_a_plain_recent_one(
    timestamp: str, body: bytes
) -> None:
    reason = verifier().rejection(signed(body, timestamp), body, None)
    digits = timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12
    plain = digits and abs(int(timestamp) - NOW) <= 300
    assert (reason in (None, "bad_encoding", "foreign_response_url")) == plain
