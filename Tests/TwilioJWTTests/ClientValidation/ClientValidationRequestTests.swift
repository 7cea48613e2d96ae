import Crypto
import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// The canonical request rules, worked out by hand from twilio-python's `_generate_payload`, and the refusals of
/// inputs that could never be signed correctly.
@Suite("Client validation requests")
struct ClientValidationRequestTests {
    struct Canonical: Sendable, CustomTestStringConvertible {
        let name: String
        let request: @Sendable () throws -> ClientValidationRequest
        let expected: String

        var testDescription: String { self.name }
    }

    static let emptyBodyHash = ""
    static let helloHash = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"  // sha256("hello")

    static let canonicalCases: [Canonical] = [
        Canonical(
            name: "query parameters are sorted, empty ones kept",
            request: { try ClientValidationRequest(method: "GET", path: "/a", queryString: "b=2&a=1&&c&a=0") },
            expected: "GET\n/a\n&a=0&a=1&b=2&c\n\nauthorization;host\n"),
        Canonical(
            name: "a repeated header is one line, values sorted and joined with commas",
            request: {
                try ClientValidationRequest(
                    method: "POST", path: "/", headers: [("X-A", "b"), ("Host", "h"), ("x-a", "a,c"), ("X-a", "")],
                    body: Array("hello".utf8), signedHeaders: ["X-A", "host"])
            },
            expected: "POST\n/\n\nhost:h\nx-a:,a,c,b\n\nhost;x-a\n\(Self.helloHash)"),
        Canonical(
            name: "a signed header that is missing is left out of the lines but kept in hrh",
            request: { try ClientValidationRequest(method: "GET", path: "/", headers: [("HOST", "h")]) },
            expected: "GET\n/\n\nhost:h\n\nauthorization;host\n"),
        Canonical(
            name: "no signed header present: no header line at all",
            request: { try ClientValidationRequest(method: "GET", path: "/", headers: [("Accept", "x")]) },
            expected: "GET\n/\n\n\nauthorization;host\n"),
        Canonical(
            name: "nothing signed",
            request: { try ClientValidationRequest(method: "DELETE", path: "/x", signedHeaders: []) },
            expected: "DELETE\n/x\n\n\n\n"),
        Canonical(
            name: "path and query kept as sent, not decoded or re-encoded",
            request: {
                try ClientValidationRequest(method: "GET", path: "/%7Ea/%2F/é", queryString: "q=%20+x&p=é")
            },
            expected: "GET\n/%7Ea/%2F/é\np=é&q=%20+x\n\nauthorization;host\n"),
        Canonical(
            name: "values sort by code point, as Python sorts str (not by Swift's canonical equivalence)",
            request: {
                try ClientValidationRequest(
                    method: "GET", path: "/", queryString: "\u{E9}&e\u{301}",
                    headers: [("V", "\u{E9}"), ("V", "e\u{301}"), ("V", "Z")], signedHeaders: ["v"])
            },
            expected: "GET\n/\ne\u{301}&\u{E9}\nv:Z,e\u{301},\u{E9}\n\nv\n"),
        Canonical(
            name: "the body hash covers raw bytes",
            request: { try ClientValidationRequest(method: "PUT", path: "/", body: [0xFF, 0x00], signedHeaders: []) },
            expected: "PUT\n/\n\n\n\n" + Self.sha256Hex([0xFF, 0x00])),
    ]

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    @Test("canonical request", arguments: canonicalCases)
    func canonical(_ testCase: Canonical) throws {
        let request = try testCase.request()
        // Compare bytes: String's == treats canonically equivalent text (é and e + U+0301) as equal.
        #expect(Array(request.canonicalRequest.utf8) == Array(testCase.expected.utf8))
        #expect(request.requestHash == Self.sha256Hex(Array(testCase.expected.utf8)))
    }

    @Test("hello hashes as expected (guards the helper)")
    func helper() {
        #expect(Self.sha256Hex(Array("hello".utf8)) == Self.helloHash)
    }

    // MARK: - URLs

    struct URLCase: Sendable, CustomTestStringConvertible {
        let url: String
        let path: String
        let query: String
        let host: String
        var testDescription: String { self.url }
    }

    static let urlCases: [URLCase] = [
        URLCase(url: "https://api.twilio.com", path: "/", query: "", host: "api.twilio.com"),
        URLCase(url: "https://api.twilio.com?x=1", path: "/", query: "x=1", host: "api.twilio.com"),
        URLCase(url: "https://h/p?q=1#frag", path: "/p", query: "q=1", host: "h"),
        URLCase(url: "https://h/p#frag?not=query", path: "/p", query: "", host: "h"),
        URLCase(url: "https://h/p?", path: "/p", query: "", host: "h"),
        URLCase(url: "HTTP://H:8080/a;b?c=d", path: "/a;b", query: "c=d", host: "H:8080"),
        URLCase(url: "https://[::1]:8443/x", path: "/x", query: "", host: "[::1]:8443"),
        URLCase(url: "https://h/%7Euser/%E2%82%AC/é?a=%20", path: "/%7Euser/%E2%82%AC/é", query: "a=%20", host: "h"),
    ]

    @Test("an absolute URL is split into path and query, and gives the Host header", arguments: urlCases)
    func urlSplit(_ testCase: URLCase) throws {
        let request = try ClientValidationRequest(method: "GET", url: testCase.url, headers: [("Authorization", "x")])
        #expect(request.path == testCase.path)
        #expect(request.queryString == testCase.query)
        #expect(request.headers.map(\.name) == ["Authorization", "Host"])
        #expect(request.headers.last?.value == testCase.host)
    }

    @Test("a Host header that is given is kept, whatever its case")
    func hostGiven() throws {
        for name in ["Host", "host", "HOST"] {
            let request = try ClientValidationRequest(
                method: "GET", url: "https://api.twilio.com/x", headers: [(name, "proxy.example")])
            #expect(request.headers.count == 1)
            #expect(request.canonicalRequest.contains("\nhost:proxy.example\n"))
        }
    }

    @Test("requests compare by all their parts, headers in order")
    func equality() throws {
        let a = try ClientValidationRequest(method: "GET", path: "/", headers: [("A", "1"), ("B", "2")])
        let b = try ClientValidationRequest(method: "GET", path: "/", headers: [("A", "1"), ("B", "2")])
        let c = try ClientValidationRequest(method: "GET", path: "/", headers: [("B", "2"), ("A", "1")])
        let d = try ClientValidationRequest(method: "GET", path: "/", headers: [("A", "1"), ("B", "2")], body: [1])
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != c)
        #expect(a != d)
        #expect(Set([a, b, c, d]).count == 3)
        #expect(a.signedHeaders == ["authorization", "host"])
        let signed = try ClientValidationRequest(method: "GET", path: "/", signedHeaders: ["X-B", "Host", "x-a"])
        #expect(signed.signedHeaders == ["host", "x-a", "x-b"])
    }

    // MARK: - Refusals

    struct Refusal: Sendable, CustomTestStringConvertible {
        let name: String
        let phrase: String
        let make: @Sendable () throws(TokenError) -> ClientValidationRequest
        var testDescription: String { self.name }
    }

    static func parts(
        method: String = "GET", path: String = "/", query: String = "",
        headers: [(name: String, value: String)] = [], signed: [String] = ClientValidationRequest.defaultSignedHeaders
    ) -> @Sendable () throws(TokenError) -> ClientValidationRequest {
        { () throws(TokenError) in
            try ClientValidationRequest(
                method: method, path: path, queryString: query, headers: headers, signedHeaders: signed)
        }
    }

    static func url(_ url: String) -> @Sendable () throws(TokenError) -> ClientValidationRequest {
        { () throws(TokenError) in try ClientValidationRequest(method: "GET", url: url) }
    }

    static let secretValue = "Basic " + Canary.apiSecret

    static let refusals: [Refusal] = [
        Refusal(name: "empty method", phrase: "the HTTP method must not be empty", make: parts(method: "")),
        Refusal(
            name: "method with a space", phrase: "found another character at offset 3", make: parts(method: "GET ")),
        Refusal(name: "non-ASCII method", phrase: "found another character at offset 1", make: parts(method: "GÉT")),
        Refusal(name: "empty path", phrase: "the path must start with '/'; got an empty string", make: parts(path: "")),
        Refusal(name: "relative path", phrase: "the path must start with '/'", make: parts(path: "2010-04-01/x")),
        Refusal(
            name: "path with a query", phrase: "the path must not contain '?' (found at offset 2)",
            make: parts(path: "/a?b=1")),
        Refusal(name: "path with a fragment", phrase: "must not contain '#'", make: parts(path: "/a#b")),
        Refusal(
            name: "path with a space", phrase: "the path must not contain spaces or control characters",
            make: parts(path: "/a b")),
        Refusal(name: "path with a newline", phrase: "offset 2", make: parts(path: "/a\nb")),
        Refusal(
            name: "query with its '?'", phrase: "the query string must not start with '?'", make: parts(query: "?a=1")),
        Refusal(
            name: "query with a space", phrase: "must not contain spaces", make: parts(query: "a=1 2")),
        Refusal(
            name: "query with a fragment", phrase: "query string must not contain '#'", make: parts(query: "a=1#x")),
        Refusal(
            name: "empty header name", phrase: "the name of header 1 must be a non-empty HTTP token",
            make: parts(headers: [("Host", "h"), ("", "x")])),
        Refusal(
            name: "header name with a colon", phrase: "the name of header 0", make: parts(headers: [("Host:", "h")])),
        Refusal(
            name: "header value with CR LF", phrase: "the value of header 'Authorization' must not contain CR, LF",
            make: parts(headers: [("Authorization", secretValue + "\r\nX-Injected: 1")])),
        Refusal(
            name: "header value with NUL", phrase: "control characters",
            make: parts(headers: [("Authorization", secretValue + "\u{0}")])),
        Refusal(
            name: "header value with a leading space", phrase: "must not start or end with a space or tab",
            make: parts(headers: [("Authorization", " " + secretValue)])),
        Refusal(
            name: "header value with a trailing tab", phrase: "must not start or end with a space or tab",
            make: parts(headers: [("Authorization", secretValue + "\t")])),
        Refusal(
            name: "empty signed header name", phrase: "a signed header name must be a non-empty HTTP token",
            make: parts(signed: ["host", ""])),
        Refusal(
            name: "signed header listed twice", phrase: "the signed header 'host' is listed twice",
            make: parts(signed: ["Host", "host"])),
        Refusal(name: "URL that is not http(s)", phrase: "absolute http or https URL", make: url("ftp://h/x")),
        Refusal(name: "relative URL", phrase: "absolute http or https URL", make: url("/2010-04-01/Accounts.json")),
        Refusal(name: "URL without //", phrase: "absolute http or https URL", make: url("https:api.twilio.com/x")),
        Refusal(name: "URL without a host", phrase: "the URL has no host", make: url("https:///x")),
        Refusal(
            name: "URL with credentials", phrase: "must not contain user information",
            make: url("https://SK\(String(repeating: "b", count: 32)):\(Canary.apiSecret)@api.twilio.com/x")),
        Refusal(name: "URL with a space", phrase: "the URL must not contain spaces", make: url("https://h/a b")),
    ]

    @Test("inputs that cannot be signed are refused, naming the part and never a header value", arguments: refusals)
    func refused(_ refusal: Refusal) {
        do {
            let request = try refusal.make()
            Issue.record("expected a refusal, got \(request.canonicalRequest.debugDescription)")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains(refusal.phrase), "message was: \(error.message)")
            for rendering in Canary.renderings(of: error) + [error.message] {
                #expect(Canary.leaks(in: rendering).isEmpty, "secret material in: \(rendering)")
            }
        }
    }
}
