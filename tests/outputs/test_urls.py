from __future__ import annotations

import pytest

from studio.outputs import InvalidUrlError, mask_url, parse_rtmp_url

KEY = "live_123456_SECRETkey"


def test_parses_rtmp_with_default_port() -> None:
    url = parse_rtmp_url(f"rtmp://a.rtmp.youtube.com/live2/{KEY}")
    assert (url.scheme, url.host, url.port, url.app, url.key) == (
        "rtmp",
        "a.rtmp.youtube.com",
        1935,
        "live2",
        KEY,
    )
    assert KEY not in repr(url)


def test_parses_rtmps_with_query_token() -> None:
    url = parse_rtmp_url(f"rtmps://live-api-s.facebook.com:443/rtmp/{KEY}?s_bl=1&a=TOKEN99")
    assert (url.scheme, url.port, url.app) == ("rtmps", 443, "rtmp")
    assert url.key.startswith(KEY)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://example.com/live/key", "Unsupported URL scheme 'http'"),
        ("srt://example.com:9000/live/key", "use rtmp:// or rtmps://"),
        ("rtmp:///live/key", "no server name"),
        ("rtmp://example.com/", "no application path"),
        ("rtmp://example.com/live", "no stream key"),
        ("rtmp://example.com:99999/live/key", "malformed"),
        ("", "empty"),
    ],
)
def test_invalid_urls_get_a_clear_sentence(url: str, words: str) -> None:
    with pytest.raises(InvalidUrlError, match=words) as error:
        parse_rtmp_url(url)
    assert "/key" not in str(error.value)


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        (f"rtmp://host:1935/live/{KEY}", "rtmp://host:1935/live/••••"),
        (f"rtmps://h/rtmp/{KEY}?s_bl=1&a=TOKEN99", "rtmps://h/rtmp/••••?s_bl=••••&a=••••"),
        (f"rtmp://user:pw@h/app/{KEY}", "rtmp://••••@h/app/••••"),
    ],
)
def test_mask_hides_key_query_and_password(url: str, masked: str) -> None:
    assert mask_url(url) == masked
