"""ctrl_tcp framing: any messages, cut anywhere, come back whole and in order; a stream
that is not netstrings is refused instead of read wrongly."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.telephony.netstring import Decoder, FrameError, encode

messages = st.lists(st.dictionaries(st.text(max_size=8), st.one_of(st.text(max_size=20), st.integers(),
                                                                   st.booleans()), max_size=4), max_size=6)


@given(messages, st.lists(st.integers(1, 40), min_size=1, max_size=50))
def test_messages_cut_anywhere_decode_whole(batch, cuts):
    stream = b"".join(encode(m) for m in batch)
    decoder, out, pos, i = Decoder(), [], 0, 0
    while pos < len(stream):
        size = cuts[i % len(cuts)]
        out += decoder.feed(stream[pos:pos + size])
        pos, i = pos + size, i + 1
    assert out == batch


def test_baresip_event_frame_decodes():
    raw = b'50:{"response":true,"ok":true,"data":"","token":"t1"},'
    assert Decoder().feed(raw) == [{"response": True, "ok": True, "data": "", "token": "t1"}]


@pytest.mark.parametrize("raw", [b"HTTP/1.1 200 OK\r\n", b"5:hello;", b"x1:{},", b'2:{}}'])
def test_a_stream_that_is_not_netstrings_is_refused(raw):
    with pytest.raises(FrameError):
        Decoder().feed(raw + b"," * 3)
