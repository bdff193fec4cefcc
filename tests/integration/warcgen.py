"""Writes WARC files for tests, independently of newswire's own code:
records as ISO 28500 describes them, in the three layouts readers meet
(plain, one gzip member per record, one gzip member for the whole file)."""
import gzip
import hashlib
import base64
import io
import struct
import subprocess
import tempfile
import uuid
import zlib


def digest(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def record(rtype, uri, block, content_type="application/http; msgtype=response", date="2026-11-29T10:00:00Z",
           extra=None, version="1.1", bracket=False):
    target = f"<{uri}>" if bracket else uri
    head = [f"WARC/{version}", f"WARC-Type: {rtype}", f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>",
            f"WARC-Date: {date}"]
    if uri:
        head.append(f"WARC-Target-URI: {target}")
    if content_type:
        head.append(f"Content-Type: {content_type}")
    head.append(f"WARC-Block-Digest: {digest(block)}")
    for k, v in (extra or {}).items():
        head.append(f"{k}: {v}")
    head.append(f"Content-Length: {len(block)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def http_response(body, ctype="text/html; charset=utf-8", status=200, encoding=None, chunked=False, decoded=False,
                  more=()):
    """decoded: the codings' headers written, the body left as it was, as
    tools that archive what a browser or an HTTP library gave them do;
    more: other headers, as (name, value)."""
    headers = [f"HTTP/1.1 {status} {'OK' if status == 200 else 'Other'}", f"Content-Type: {ctype}"]
    headers += [f"{k}: {v}" for k, v in more]
    if encoding == "gzip":
        body = body if decoded else gzip.compress(body)
        headers.append("Content-Encoding: gzip")
    elif encoding == "deflate":
        body = body if decoded else zlib.compress(body)
        headers.append("Content-Encoding: deflate")
    if chunked:
        out = b""
        for i in range(0, len(body), 100):
            part = body[i:i + 100]
            out += f"{len(part):x}\r\n".encode() + part + b"\r\n"
        body = body if decoded else out + b"0\r\n\r\n"
        headers.append("Transfer-Encoding: chunked")
    else:
        headers.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


def warcinfo():
    return record("warcinfo", None, b"software: warcgen test\r\nformat: WARC File Format 1.1\r\n",
                  content_type="application/warc-fields")


def zstd(data, dictionary=None):
    """data as one zstd frame (the zstd command), with a raw dictionary."""
    with tempfile.NamedTemporaryFile() as d:
        args = ["zstd", "-q", "-c", "-3"]
        if dictionary:
            d.write(dictionary)
            d.flush()
            args += ["-D", d.name]
        return subprocess.run(args, input=data, capture_output=True, check=True).stdout


def write(path, records, layout="members"):
    """layout: 'plain', 'members' (one gzip member per record), 'whole', or
    'zst': a zstd frame per record, after a skippable frame holding their
    dictionary, itself compressed (the IIPC's .warc.zst, as ArchiveTeam
    writes it)."""
    records = list(records)
    if layout == "plain":
        data = b"".join(records)
    elif layout == "members":
        data = b"".join(gzip.compress(r) for r in records)
    elif layout == "zst":
        dictionary = b"".join(records[:8])[:65536]
        packed = zstd(dictionary)
        data = struct.pack("<II", 0x184D2A5D, len(packed)) + packed
        data += b"".join(zstd(r, dictionary) for r in records)
    else:
        data = gzip.compress(b"".join(records))
    with open(path, "wb") as f:
        f.write(data)
