#!/usr/bin/env python3
"""Writes the hand-made seeds of fuzz/corpus/<target>/ (RFC 7515/7519
examples and the cases of tests/suite/hostile/, in each target's input format;
see fuzz/checks/mod.rs). Deterministic: run it again after changing it, and
commit what changed. Inputs the fuzzer finds go elsewhere (see README.md)."""

import base64
import hashlib
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))


def b64(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# RFC 7515 A.1 (also RFC 7519 §3.1): HS256, verified against the RFC's key.
RFC7515_A1 = (
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
)
# RFC 7515 A.3: ES256, verified against the RFC's key.
RFC7515_A3 = (
    "eyJhbGciOiJFUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
)
RFC_HEADER = '{"typ":"JWT",\r\n "alg":"HS256"}'
RFC_CLAIMS = '{"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}'
# RFC 7515 A.5 / RFC 7519 §6.1: the unsecured JWS.
RFC7515_A5 = b64('{"alg":"none"}') + "." + RFC7515_A1.split(".")[1] + "."
# RFC 6750 §2.1's example credential.
RFC6750 = "mF_9.B5f-4.1JqM"


def write(target, name, data):
    directory = os.path.join(HERE, "corpus", target)
    os.makedirs(directory, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def hmac_token(header, claims, key=b"not-the-secret-of-any-manager-here!!"):
    import hmac

    message = b64(header) + "." + b64(claims)
    mac = hmac.new(key, message.encode(), hashlib.sha256).digest()
    return message + "." + b64(mac)


def header_parser():
    seeds = {
        "bearer": "Bearer $",
        "lowercase": "bearer $",
        "spaces": "BeArEr    $",
        "tab-after-scheme": "Bearer\t$",
        "trailing-whitespace": " \t Bearer $\t ",
        "two-words": "Bearer $ extra",
        "scheme-alone": "Bearer",
        "scheme-comma": "Bearer ,",
        "basic-then-empty-bearer": "Basic dXNlcjpwYXNz, Bearer",
        "basic-only": "Basic dXNlcjpwYXNz",
        "glued-equals": "Bearer=$",
        "glued-colon": "Bearer:$",
        "empty": "",
        "two-in-one": "Bearer $, bearer $",
        "two-headers": "Bearer $\nbearer x",
        "basic-then-bearer": "Basic dXNlcjpwYXNz\nBearer $",
        "bearer-then-empty": "Bearer $\n",
        "utf8": "Bearer \u00e9$",
        "nbsp": "Bearer\u00a0$",
        "obs-text-second": "Bearer $\nBasic \x80",
        "quoted": 'Bearer "$"',
        "rfc6750-example": "Bearer " + RFC6750,
        "rfc7515-a1": "Bearer " + RFC7515_A1,
        "rfc7515-a5-unsecured": "Bearer " + RFC7515_A5,
        "json-serialization": "Bearer "
        + json.dumps({"payload": "eyJ9", "protected": "eyJ9", "signature": "x"}, separators=(",", ":")),
        "long": "Bearer " + "A" * 9000,
        "four-values": "Basic a\nDigest b\nBearer $\nNegotiate c",
    }
    for name, value in seeds.items():
        write("header_parser", name, value.encode("utf-8") if isinstance(value, str) else value)
    write("header_parser", "obs-text-bytes", b"Bearer \xff\xfe")


def unsigned_tokens():
    claims = json.dumps({"sub": "alice", "type": "access", "exp": 4102444800}, separators=(",", ":"))
    seeds = {
        "rfc7515-a1-hs256": RFC7515_A1,
        "rfc7515-a3-es256": RFC7515_A3,
        "rfc7515-a5-unsecured": RFC7515_A5,
        "rfc6750-example": RFC6750,
        "alg-none": b64('{"alg":"none"}') + "." + b64(claims) + ".",
        "alg-None": b64('{"alg":"None"}') + "." + b64(claims) + ".",
        "alg-NONE": b64('{"alg":"NONE"}') + "." + b64(claims) + ".",
        "alg-nOnE": b64('{"alg":"nOnE"}') + "." + b64(claims) + ".",
        "alg-rs256-as-hmac": hmac_token('{"alg":"RS256","kid":"rsa"}', claims),
        "kid-rsa-hs256": hmac_token('{"alg":"HS256","kid":"rsa"}', claims),
        "kid-traversal": hmac_token('{"alg":"HS256","kid":"../../../../dev/null"}', claims),
        "crit": hmac_token('{"alg":"HS256","crit":["b64"],"b64":false}', claims),
        "jku": hmac_token('{"alg":"HS256","jku":"https://evil.example/jwks.json"}', claims),
        "jwe-five-segments": b64('{"alg":"RSA-OAEP","enc":"A256GCM"}') + ".a.b.c.d",
        "two-segments": b64('{"alg":"HS256"}') + "." + b64(claims),
        "four-segments": hmac_token('{"alg":"HS256"}', claims) + ".x",
        "empty-segments": "..",
        "padded": b64('{"alg":"HS256","x":12}') + "==." + b64(claims) + ".AAAA",
        "standard-alphabet": b64('{"alg":"HS256","x":"~~~~~?????"}').replace("-", "+").replace("_", "/")
        + "." + b64(claims) + ".sig",
        "bom-header": b64("\ufeff" + '{"alg":"HS256"}') + "." + b64(claims) + ".sig",
        "deep-header": b64('{"alg":"HS256","x":' + "[" * 20 + "]" * 20 + "}") + ".e30.x",
        "dup-alg": b64('{"alg":"none","alg":"HS256"}') + "." + b64(claims) + ".",
        "json-serialization": json.dumps({"payload": b64(claims), "protected": b64('{"alg":"HS256"}'),
                                          "signature": "x"}, separators=(",", ":")),
    }
    for name, value in seeds.items():
        write("unsigned_tokens", name, value)


def signed_tokens():
    # Raw mode: R<route>\n<header>\n<payload>; $NOW / $EXP placeholders.
    valid = '{"sub":"alice","type":"access","exp":$EXP,"iss":"iss-A","aud":"aud-A"}'
    seeds = {
        "zeros": b"\x00" * 64,
        "ones": b"\xff" * 64,
        "rfc7515-a1-parts": ("R0\n" + RFC_HEADER + "\n" + RFC_CLAIMS).encode(),
        "valid": ('R0\n{"alg":"HS256"}\n' + valid).encode(),
        "valid-refresh": ('R1\n{"alg":"HS256"}\n' + valid.replace('"access"', '"refresh"')).encode(),
        "not-fresh": ('R2\n{"alg":"HS256"}\n' + valid).encode(),
        "fresh-until": ('R2\n{"alg":"HS256"}\n' + valid[:-1] + ',"fresh":$EXP}').encode(),
        "crit-empty": ('R0\n{"alg":"HS256","crit":[]}\n' + valid).encode(),
        "kid-quote-crlf": ('R0\n{"alg":"HS256","kid":"a\\"\\r\\n\\u00e9"}\n' + valid).encode(),
        "dup-type": b'R0\n{"alg":"HS256"}\n{"sub":"alice","type":"refresh","\\u0074ype":"access","exp":$EXP,"iss":"iss-A","aud":"aud-A"}',
        "dup-name-reflected": b'R0\n{"alg":"HS256","a\\"\\r\\n":1,"a\\"\\r\\n":2}\n{}',
        "exp-now": b'R0\n{"alg":"HS256"}\n{"sub":"alice","type":"access","exp":$NOW,"iss":"iss-A","aud":"aud-A"}',
        "exp-huge": b'R0\n{"alg":"HS256"}\n{"sub":"alice","type":"access","exp":1e300,"iss":"iss-A","aud":"aud-A"}',
        "exp-out-of-range": b'R0\n{"alg":"HS256"}\n{"sub":"alice","type":"access","exp":1e999}',
        "nbf-u64-max": b'R0\n{"alg":"HS256"}\n{"sub":"alice","type":"access","exp":$EXP,"nbf":18446744073709551615,"iss":"iss-A","aud":"aud-A"}',
        "iss-array": b'R0\n{"alg":"HS256"}\n{"sub":"alice","type":"access","exp":$EXP,"iss":["evil","iss-A"],"aud":"aud-A"}',
        "aud-number": b'R0\n{"alg":"HS256"}\n{"sub":"alice","type":"access","exp":$EXP,"iss":"iss-A","aud":123}',
        "sub-number": b'R0\n{"alg":"HS256"}\n{"sub":42,"type":"access","exp":$EXP,"iss":"iss-A","aud":"aud-A"}',
        "revoked": b'R0\n{"alg":"HS256"}\n{"sub":"alice","type":"access","exp":$EXP,"iss":"iss-A","aud":"aud-A","jti":"revoked"}',
        "jti-long": ('R0\n{"alg":"HS256"}\n{"sub":"alice","type":"access","exp":$EXP,"iss":"iss-A","aud":"aud-A","jti":"'
                     + "j" * 257 + '"}').encode(),
        "deep-payload": ('R0\n{"alg":"HS256"}\n{"sub":' + "[" * 17 + "]" * 17 + "}").encode(),
        "array-payload": b'R0\n{"alg":"HS256"}\n[1,2,3]',
        "bom-payload": 'R0\n{"alg":"HS256"}\n\ufeff{}'.encode(),
        "bad-utf8-payload": b'R0\n{"alg":"HS256"}\n{"sub":"\xff"}',
        "alg-none-signed": ('R0\n{"alg":"none"}\n' + valid).encode(),
    }
    for name, value in seeds.items():
        write("signed_tokens", name, value)


def claims_eval():
    base = '"sub":"alice","type":"access","exp":$EXP'
    seeds = {
        "zeros": b"\x00" * 32,
        "c1-granted": "R0\n{" + base + ',"role":"admin","level":3,"org":{"id":7},"roles":["ops","admin"]}',
        "c1-level-float": "R0\n{" + base + ',"role":"admin","level":3.0,"org":{"id":7},"roles":["admin","ops"]}',
        "c1-dotted-flat": "R0\n{" + base + ',"role":"admin","level":3,"org.id":7,"roles":["admin","ops"]}',
        "c1-nested-dup": "R0\n{" + base + ',"role":"admin","level":3,"org":{"id":8,"id":7},"roles":["admin","ops"]}',
        "c2-granted": "R1\n{" + base + ',"scope":{"admin":true,"perm":{"read":true},"groups":["a"]}}',
        "c2-string-true": "R1\n{" + base + ',"scope":{"admin":"true","perm":{"read":true},"groups":["a"]}}',
        "c3-string": "R2\n{" + base + ',"scope":"read write"}',
        "c3-comma": "R2\n{" + base + ',"scope":"read,write"}',
        "c3-array": "R2\n{" + base + ',"scope":["write","read"]}',
        "c4-banned": "R3\n{" + base + ',"team":"red","banned":true}',
        "c4-banned-string": "R3\n{" + base + ',"team":"red","banned":"true"}',
        "c5-uid-string": "R4\n{" + base + ',"uid":"7"}',
        "c6-team": "R5\n{" + base + ',"team":"red"}',
        "c7-role-list": "R6\n{" + base + ',"role":["x"]}',
        "c8-keywords": "R7\n{" + base + ',"delta":-2,"active":false}',
        "c8-negative-zero": "R7\n{" + base + ',"delta":-2.0,"active":false}',
    }
    for name, value in seeds.items():
        write("claims_eval", name, value)


def cookies_csrf():
    seeds = {
        "cookie-get": "c:access_token_cookie=$A",
        "cookie-post-no-csrf": "m:POST\nc:access_token_cookie=$A",
        "cookie-post-csrf": "m:POST\nc:access_token_cookie=$A\nx:$a",
        "cookie-post-empty-csrf": "m:PUT\nc:access_token_cookie=$A\nx:",
        "cookie-post-wrong-csrf": "m:DELETE\nc:access_token_cookie=$A\nx:$r",
        "cookie-two-csrf": "m:PATCH\nc:access_token_cookie=$A\nx:guess\nx:$a",
        "cookie-planted": "c:access_token_cookie=$H",
        "cookie-forged": "m:POST\nc:access_token_cookie=$X\nx:c",
        "cookie-expired": "m:POST\nc:access_token_cookie=$E\nx:$a",
        "cookie-refresh-route": "m:POST\np:refresh\nc:refresh_token_cookie=$R\nx:$r",
        "cookie-refresh-in-access": "c:access_token_cookie=$R",
        "cookie-quoted": 'c:access_token_cookie="$A"',
        "cookie-empty-then-good": "c:access_token_cookie=; access_token_cookie=$A",
        "cookie-two-headers": "c:access_token_cookie=garbage\nc:access_token_cookie=$A",
        "cookie-case": "c:ACCESS_TOKEN_COOKIE=$A",
        "cookie-and-header": "c:access_token_cookie=$E\na:Bearer $A",
        "header-only": "m:POST\na:Bearer $H",
        "header-empty-bearer-and-query": "a:Bearer\nq:jwt=$A",
        "query-only": "q:jwt=$A",
        "query-twice": "q:jwt=$A&jwt=$A",
        "query-empty": "q:jwt=",
        "query-percent": "q:jwt=%FF%FE",
        "optional-nothing": "p:optional",
        "optional-bad-cookie": "p:optional\nc:access_token_cookie=x",
    }
    for name, value in seeds.items():
        write("cookies_csrf", name, value)
    write("cookies_csrf", "cookie-bad-utf8", b"c:access_token_cookie=\xc3\x28.a.b")


def requests():
    seeds = {
        "get-bearer": "GET\n/access\nAuthorization: Bearer $A\n\n",
        "get-nothing": "GET\n/access\n\n",
        "post-cookie-csrf": "POST\n/access\nCookie: access_token_cookie=$A\nX-CSRF-TOKEN: $a\n\n{}",
        "post-cookie-no-csrf": "POST\n/access\nCookie: access_token_cookie=$A\n\n{}",
        "refresh-route": "POST\n/refresh\nAuthorization: Bearer $R\n\n",
        "fresh-route": "GET\n/fresh\nAuthorization: Bearer $F\n\n",
        "fresh-route-stale": "GET\n/fresh\nAuthorization: Bearer $A\n\n",
        "any-route": "DELETE\n/any\nAuthorization: Bearer $R\n\n",
        "optional": "GET\n/optional\nAuthorization: Basic dXNlcjpwYXNz\n\n",
        "claims": "GET\n/c1\nAuthorization: Bearer $A\n\n",
        "path-var": "GET\n/c5/7\nAuthorization: Bearer $A\n\n",
        "path-var-not-a-number": "GET\n/c5/x\nAuthorization: Bearer $A\n\n",
        "query": "GET\n/access?jwt=$A&x=1\n\n",
        "forged": "GET\n/access\nAuthorization: Bearer $X\n\n",
        "expired-cookie": "GET\n/access\nCookie: access_token_cookie=$E\nAuthorization: Bearer $A\n\n",
        "unknown-route": "GET\n/nowhere\nAuthorization: Bearer $A\n\n",
        "custom-method": "PURGE\n/access\nCookie: access_token_cookie=$A\n\n",
        "form-body": "POST\n/access\nContent-Type: application/x-www-form-urlencoded\nCookie: access_token_cookie=$A\n\ncsrf_token=$a",
    }
    for name, value in seeds.items():
        write("requests", name, value)


def regressions():
    """The gaps issue 6 found in jsonwebtoken, each as an input the replay
    test runs on every `cargo test` (fuzz/regressions/<target>/)."""
    base = '"sub":"alice","type":"access","exp":$EXP,"iss":"iss-A","aud":"aud-A"'
    cases = {
        "issue6-crit-x": ('{"alg":"HS256","crit":["x"],"x":1}', "{" + base + "}"),
        "issue6-crit-empty": ('{"alg":"HS256","crit":[]}', "{" + base + "}"),
        "issue6-crit-b64": ('{"alg":"HS256","crit":["b64"],"b64":true}', "{" + base + "}"),
        "issue6-no-aud": ('{"alg":"HS256"}', '{"sub":"alice","type":"access","exp":$EXP,"iss":"iss-A"}'),
        "issue6-no-iss": ('{"alg":"HS256"}', '{"sub":"alice","type":"access","exp":$EXP,"aud":"aud-A"}'),
        "issue6-aud-123": ('{"alg":"HS256"}', '{"sub":"alice","type":"access","exp":$EXP,"iss":"iss-A","aud":123}'),
        "issue6-aud-null": ('{"alg":"HS256"}', '{"sub":"alice","type":"access","exp":$EXP,"iss":"iss-A","aud":null}'),
        "issue6-iss-7": ('{"alg":"HS256"}', '{"sub":"alice","type":"access","exp":$EXP,"iss":7,"aud":"aud-A"}'),
        "issue6-iss-array": ('{"alg":"HS256"}',
                             '{"sub":"alice","type":"access","exp":$EXP,"iss":["evil","iss-A"],"aud":"aud-A"}'),
        "issue6-sub-42": ('{"alg":"HS256"}', '{"sub":42,"type":"access","exp":$EXP,"iss":"iss-A","aud":"aud-A"}'),
        "issue6-nbf-future": ('{"alg":"HS256"}', "{" + base + ',"nbf":9999999999}'),
        "issue6-exp-now": ('{"alg":"HS256"}', '{"sub":"alice","type":"access","exp":$NOW,"iss":"iss-A","aud":"aud-A"}'),
        "issue6-dup-type": ('{"alg":"HS256"}', "{" + base + ',"type":"refresh"}'),
        "issue6-dup-jti": ('{"alg":"HS256"}', "{" + base + ',"jti":"a","jti":"revoked"}'),
        "issue6-dup-fresh": ('{"alg":"HS256"}', "{" + base + ',"fresh":false,"fresh":true}'),
        "issue6-dup-csrf": ('{"alg":"HS256"}', "{" + base + ',"csrf":"a","csrf":"b"}'),
        "issue6-dup-scope": ('{"alg":"HS256"}', "{" + base + ',"scope":{"admin":false,"admin":true}}'),
        "issue6-deep": ('{"alg":"HS256"}', "{" + base + ',"n":' + "[" * 16 + "]" * 16 + "}"),
        "issue6-jti-257": ('{"alg":"HS256"}', "{" + base + ',"jti":"' + "j" * 257 + '"}'),
    }
    directory = os.path.join(HERE, "regressions", "signed_tokens")
    os.makedirs(directory, exist_ok=True)
    for name, (header, payload) in cases.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(("R0\n" + header + "\n" + payload).encode())
    directory = os.path.join(HERE, "regressions", "header_parser")
    os.makedirs(directory, exist_ok=True)
    # The 11 MB token of the issue, cut to 64 KiB: refused before any decoding.
    with open(os.path.join(directory, "issue6-oversized-token"), "wb") as f:
        f.write(b"Bearer " + b"eyJhbGciOiJIUzI1NiJ9." * 3200)


def string_end(src, j):
    """The index of the `"` closing the string literal that opens at `j`."""
    j += 1
    while src[j] != '"':
        j += 2 if src[j] == "\\" else 1
    return j


def scan(src, j, stop):
    """The index where `stop(c, depth)` first holds, scanning from `j` with
    string literals skipped and bracket depth counted (after a closing one)."""
    depth = 0
    while True:
        c = src[j]
        if c == '"':
            j = string_end(src, j)
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if stop(c, depth):
            return j
        j += 1


def ui_attributes(path):
    """Every `#[require_token..]` of a trybuild ui case: its arguments on one
    line, and the item under it (to the end of its body or its `;`)."""
    with open(path, encoding="utf-8") as f:
        src = f.read()
    out = []
    # Attributes start a line; the header comments mention them too.
    for m in re.finditer(r"^[ \t]*#\[require_token", src, re.MULTILINE):
        i = m.end()
        args = ""
        if src[i] == "(":
            j = scan(src, i, lambda c, depth: c in ")]}" and depth == 0)
            args = " ".join(part.strip() for part in src[i + 1 : j].splitlines()).strip()
            i = j + 1
        assert src[i] == "]", path
        # The item: up to the `}` that closes its body, or a `;` at depth 0.
        start = i + 1
        j = scan(src, start, lambda c, depth: depth == 0 and c in "};")
        out.append((args, src[start : j + 1].strip()))
    return out


def guard_spec():
    """The attribute's arguments on the first line, the item (if not the
    default handler of checks/guard_spec.rs) on the rest: every row of
    docs/guard-reference.md §1.1, and every `#[require_token]` of tests/ui/{fail,pass}/."""
    seeds = {
        # Valid forms, on the default handler (which binds `username`).
        "row-empty": "",
        "row-refresh": "refresh",
        "row-fresh": "fresh",
        "row-optional": "optional",
        "row-any-type": "any_type",
        "row-flags": "refresh, fresh, optional,",
        "row-var": 'sub = "username"',
        "row-var-keyword-claim": 'type = "username", any_type',
        "row-var-dotted": 'user.name = "username"',
        "row-claims": 'claims(role = "admin", level = 3, org.id = 7, roles = ["admin"])',
        "row-claims-negative-bool": "claims(delta = -9223372036854775808, active = false, r#ref = true)",
        "row-scope-map": 'scope(admin = true, perm.read = true, roles = ["admin"])',
        "row-scope-list": 'scope("read:users", "write")',
        "row-any": 'any(scope(admin = true), sub = "username")',
        "row-all-not": 'all(claims(team = "red"), not(claims(banned = true)))',
        "row-nested": 'not(any(claims(level = -1), all(claims(role = ["x"]), sub = "username")))',
        "row-locations": "locations(headers, cookies, query)",
        "row-locations-one": "fresh, locations(cookies)",
        "row-everything": 'refresh, fresh, optional, locations(query), sub = "username", '
        'claims(x = "y"), scope("a"), any(claims(z = 1), not(scope("b")))',
        # Valid forms that need their own handler.
        "row-tuple": 'org = "org", sub = "user"\n'
        "async fn handler(Path((org, user)): Path<(String, u64)>) -> String { format!(\"{org}/{user}\") }",
        "row-struct-pattern": 'sub = "username"\n'
        "async fn handler(State(s): State<App>, Path(Params { username, .. }): Path<Params>) {}",
        "row-generics-state": 'scope("read")\n'
        "/// Docs.\n#[allow(unused)]\npub async fn handler<S: Clone>(State(s): State<S>) -> impl IntoResponse where S: Send { s }",
        "row-raw-names": 'r#type = "ref"\nasync fn r#match(Path(r#ref): Path<String>) {}',
        "row-no-args-fn": "fresh\nasync fn handler() -> &'static str { \"ok\" }",
        # Mistakes the ui cases do not spell out.
        "bad-const-fn": "fresh\nconst fn handler() {}",
        "bad-trait-method": "\ntrait T { async fn handler(); }",
        "bad-lone-comma": ",",
        "bad-unbalanced-value": "claims(a = [1, 2",
        "bad-raw-flag": "r#fresh",
        "bad-doc-comment": "/// fresh",
        "bad-lifetime": "'a",
        "bad-big-int": "claims(n = 99999999999999999999999999999)",
        "bad-suffix": 'sub = "username"suffix',
        "bad-empty-var": 'sub = ""',
        "bad-var-spaces": 'sub = "user name"',
        # Just inside the check's nesting limit (MAX_DEPTH, 32).
        "deep-not": "not(" * 30 + "claims(a = 1)" + ")" * 30,
        "deep-any-empty": "any(" * 32 + ")" * 32,
    }
    for name, value in seeds.items():
        write("guard_spec", name, value)
    for kind, prefix in (("fail", "ui-"), ("pass", "ui-pass-")):
        ui = os.path.join(HERE, "..", "tests", "ui", kind)
        for file in sorted(os.listdir(ui)):
            if not file.endswith(".rs"):
                continue
            for n, (args, item) in enumerate(ui_attributes(os.path.join(ui, file))):
                write("guard_spec", prefix + file[:-3] + "-" + str(n + 1), args + "\n" + item)


if __name__ == "__main__":
    header_parser()
    unsigned_tokens()
    signed_tokens()
    claims_eval()
    cookies_csrf()
    requests()
    regressions()
    guard_spec()
