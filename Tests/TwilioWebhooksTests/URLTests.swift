import Testing
import TwilioWebhooks

/// `WebhookURL`'s two forms of a URL, the URLs it refuses, its `bodySHA256`, and `WebhookBaseURL`.
///
/// Every comparison of URLs is of their UTF-8 bytes: `String`'s `==` equates canonically equivalent text, and
/// U+037E GREEK QUESTION MARK is canonically equivalent to `;`.
struct URLTests {
    struct Forms: Sendable, CustomTestStringConvertible {
        let url: String
        let withoutPort: String
        let withPort: String
        var testDescription: String { self.url.debugDescription }
    }

    /// Python 3.11.7's `urlparse` output as twilio-python 9.13's `remove_port` and `add_port` write it back:
    /// `remove_port(urlparse(url))` and `add_port(urlparse(url))`, computed once and pasted here.
    static let forms: [Forms] = [
        Forms(
            url: "https://mycompany.com/myapp.php?foo=1&bar=2",
            withoutPort: "https://mycompany.com/myapp.php?foo=1&bar=2",
            withPort: "https://mycompany.com:443/myapp.php?foo=1&bar=2"),
        Forms(
            url: "https://mycompany.com:443/myapp.php?foo=1&bar=2",
            withoutPort: "https://mycompany.com/myapp.php?foo=1&bar=2",
            withPort: "https://mycompany.com:443/myapp.php?foo=1&bar=2"),
        Forms(
            url: "http://mycompany.com:80/myapp.php", withoutPort: "http://mycompany.com/myapp.php",
            withPort: "http://mycompany.com:80/myapp.php"),
        Forms(
            url: "http://mycompany.com:1234/myapp.php", withoutPort: "http://mycompany.com/myapp.php",
            withPort: "http://mycompany.com:1234/myapp.php"),
        Forms(url: "https://h:0443/p", withoutPort: "https://h/p", withPort: "https://h:0443/p"),
        Forms(url: "http://h:00080/p", withoutPort: "http://h/p", withPort: "http://h:00080/p"),
        Forms(
            url: "HTTPS://Example.COM/A?B=C", withoutPort: "https://Example.COM/A?B=C",
            withPort: "https://Example.COM:443/A?B=C"),
        Forms(url: "Http://h/p", withoutPort: "http://h/p", withPort: "http://h:80/p"),
        Forms(url: "https://h/p?", withoutPort: "https://h/p", withPort: "https://h:443/p"),
        Forms(url: "https://h/p#", withoutPort: "https://h/p", withPort: "https://h:443/p"),
        Forms(url: "https://h/p?#f", withoutPort: "https://h/p#f", withPort: "https://h:443/p#f"),
        Forms(url: "https://h/p#f?x", withoutPort: "https://h/p#f?x", withPort: "https://h:443/p#f?x"),
        Forms(url: "https://h/a;", withoutPort: "https://h/a", withPort: "https://h:443/a"),
        Forms(url: "https://h/a;b;", withoutPort: "https://h/a;b;", withPort: "https://h:443/a;b;"),
        Forms(url: "https://h/a;/b;", withoutPort: "https://h/a;/b", withPort: "https://h:443/a;/b"),
        Forms(url: "https://h/a;;", withoutPort: "https://h/a;;", withPort: "https://h:443/a;;"),
        Forms(url: "https://h/;", withoutPort: "https://h/", withPort: "https://h:443/"),
        Forms(url: "https://h", withoutPort: "https://h", withPort: "https://h:443"),
        Forms(url: "https://h?x=1", withoutPort: "https://h?x=1", withPort: "https://h:443?x=1"),
        Forms(url: "https://h#f", withoutPort: "https://h#f", withPort: "https://h:443#f"),
        Forms(
            url: "https://h//double//slash", withoutPort: "https://h//double//slash",
            withPort: "https://h:443//double//slash"),
        Forms(
            url: "https://h/%7Euser/%E2%82%AC?a=%20&b=%2B", withoutPort: "https://h/%7Euser/%E2%82%AC?a=%20&b=%2B",
            withPort: "https://h:443/%7Euser/%E2%82%AC?a=%20&b=%2B"),
        Forms(
            url: "https://h/\u{E9}/\u{4E2D}?q=\u{1F600}", withoutPort: "https://h/\u{E9}/\u{4E2D}?q=\u{1F600}",
            withPort: "https://h:443/\u{E9}/\u{4E2D}?q=\u{1F600}"),
        // U+037E is not ';' to Python, though Swift's Character equality says it is.
        Forms(url: "https://h/a\u{37E}", withoutPort: "https://h/a\u{37E}", withPort: "https://h:443/a\u{37E}"),
        Forms(url: "https://h/a\u{37E}b;", withoutPort: "https://h/a\u{37E}b", withPort: "https://h:443/a\u{37E}b"),
        // A combining mark after a delimiter does not hide it, though Swift makes one Character of the two.
        Forms(url: "https://h/\u{301}x", withoutPort: "https://h/\u{301}x", withPort: "https://h:443/\u{301}x"),
        Forms(
            url: "https://h/p?\u{301}x=1", withoutPort: "https://h/p?\u{301}x=1", withPort: "https://h:443/p?\u{301}x=1"
        ),
        Forms(url: "https://h/a;?\u{301}", withoutPort: "https://h/a?\u{301}", withPort: "https://h:443/a?\u{301}"),
        Forms(url: "https://h:65535/", withoutPort: "https://h/", withPort: "https://h:65535/"),
        Forms(url: "https://h:1/", withoutPort: "https://h/", withPort: "https://h:1/"),
        Forms(url: "http://h:443/x", withoutPort: "http://h/x", withPort: "http://h:443/x"),
        Forms(url: "https://h:8443/p;?q#f", withoutPort: "https://h/p?q#f", withPort: "https://h:8443/p?q#f"),
        Forms(
            url: "https://h/p?a=1?b=2#c#d", withoutPort: "https://h/p?a=1?b=2#c#d",
            withPort: "https://h:443/p?a=1?b=2#c#d"),
    ]

    @Test(arguments: forms)
    func buildsTheFormsTwilioPythonBuilds(_ row: Forms) throws {
        let url = try WebhookURL(row.url)
        #expect(Array(url.withoutPort.utf8) == Array(row.withoutPort.utf8), "\(url.withoutPort.debugDescription)")
        #expect(Array(url.withPort.utf8) == Array(row.withPort.utf8), "\(url.withPort.debugDescription)")
        #expect(url.candidates.map { Array($0.utf8) } == [Array(row.withoutPort.utf8), Array(row.withPort.utf8)])
        #expect(Array(url.string.utf8) == Array(row.url.utf8))
        #expect(Array(url.description.utf8) == Array(row.url.utf8))
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let url: String
        let reason: String
        var testDescription: String { self.url.debugDescription }
    }

    static let refusals: [Refusal] = [
        Refusal(
            url: "https://user:pass@h/p",
            reason: "it contains a user name or password; Twilio removes credentials before signing, so pass the URL "
                + "without them"),
        Refusal(
            url: "https://user@h/p",
            reason: "it contains a user name or password; Twilio removes credentials before signing, so pass the URL "
                + "without them"),
        Refusal(
            url: "https://[::1]/p", reason: "its host is an IP literal in brackets, which this library does not check"),
        Refusal(
            url: "https://[::1/p", reason: "its host is an IP literal in brackets, which this library does not check"),
        Refusal(
            url: "https://h/p q",
            reason: "it contains a space or a control character at character 11; percent-encode it"),
        Refusal(
            url: "https://h/\u{E9}\tq",
            reason: "it contains a space or a control character at character 11; percent-encode it"),
        Refusal(
            url: " https://h/p", reason: "it contains a space or a control character at character 0; percent-encode it"),
        Refusal(
            url: "https://h/p\u{7F}",
            reason: "it contains a space or a control character at character 11; percent-encode it"),
        Refusal(
            url: "https://h/p\n",
            reason: "it contains a space or a control character at character 11; percent-encode it"),
        Refusal(url: "https://h:0/p", reason: "its port is 0"),
        Refusal(url: "https://h:00000/p", reason: "its port is 0"),
        Refusal(url: "https://h:65536/p", reason: "its port is greater than 65535"),
        Refusal(url: "https://h:0065536/p", reason: "its port is greater than 65535"),
        Refusal(url: "https://h:99999999999999999999/p", reason: "its port is greater than 65535"),
        Refusal(url: "https://h:/p", reason: "its port is not a number"),
        Refusal(url: "https://h:44a/p", reason: "its port is not a number"),
        Refusal(url: "https://h:+443/p", reason: "its port is not a number"),
        Refusal(url: "https://h:443:1/p", reason: "its port is not a number"),
        Refusal(url: "ftp://h/p", reason: "its scheme is not http or https"),
        Refusal(url: "wss://h/p", reason: "its scheme is not http or https"),
        Refusal(url: "h/p", reason: "it is not an absolute URL (scheme://host/path)"),
        Refusal(url: "https:/h/p", reason: "it is not an absolute URL (scheme://host/path)"),
        Refusal(url: "", reason: "it is not an absolute URL (scheme://host/path)"),
        Refusal(url: "https:///p", reason: "it has no host"),
        Refusal(url: "https://:443/p", reason: "it has no host"),
        Refusal(
            url: "https://b\u{FC}cher.example/p",
            reason: "its host is not ASCII; give the host in its IDNA (xn--) form, as Twilio requests it"),
    ]

    @Test(arguments: refusals)
    func refuses(_ row: Refusal) {
        let error = #expect(throws: WebhookError.self) { try WebhookURL(row.url) }
        #expect(error?.code == .invalidURL)
        #expect(error?.category == .rejectedRequest)
        #expect(error?.message == "the webhook URL cannot be checked: " + row.reason)
        #expect(error?.description == "invalidURL: the webhook URL cannot be checked: " + row.reason)
    }

    /// Python's `parse_qs(urlparse(url).query)["bodySHA256"][0]`, computed once with Python 3.11.7 and pasted here.
    static let bodyHashes: [(url: String, bodySHA256: String?)] = [
        ("https://h/p?bodySHA256=abc", "abc"),
        ("https://h/p?bodySHA256=&bodySHA256=abc", "abc"),
        ("https://h/p?body%53HA256=abc", "abc"),
        ("https://h/p?bodySHA256=a+b%20c", "a b c"),
        ("https://h/p?bodySHA256=%zz%4", "%zz%4"),
        ("https://h/p?x=1#bodySHA256=abc", nil),
        ("https://h/p?bodySHA256", nil),
        ("https://h/p?\u{301}x=1&bodySHA256=abc", "abc"),
        ("https://h/p", nil),
        ("https://h/p?bodySHA256=1&bodySHA256=2", "1"),
        ("https://h/p?bodysha256=1", nil),
        ("https://h/p?a=1;bodySHA256=2", nil),
    ]

    @Test(arguments: bodyHashes)
    func readsBodySHA256AsParseQSDoes(_ url: String, _ expected: String?) throws {
        let parsed = try WebhookURL(url)
        #expect(parsed.bodySHA256.map { Array($0.utf8) } == expected.map { Array($0.utf8) })
    }

    static let emptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Where `urlWithBodySHA256` puts the hash: at the end of the query, before any fragment.
    static let urlsWithBodyHash: [(url: String, expected: String)] = [
        ("https://h/p", "https://h/p?bodySHA256=\(emptyBodyHash)"),
        ("https://h/p?", "https://h/p?bodySHA256=\(emptyBodyHash)"),
        ("https://h/p?a=1", "https://h/p?a=1&bodySHA256=\(emptyBodyHash)"),
        ("https://h/p?a=1#f?g", "https://h/p?a=1&bodySHA256=\(emptyBodyHash)#f?g"),
        ("https://h/p#f", "https://h/p?bodySHA256=\(emptyBodyHash)#f"),
        // A combining mark after '?' or '#' does not hide the delimiter.
        ("https://h/p?\u{301}x=1", "https://h/p?\u{301}x=1&bodySHA256=\(emptyBodyHash)"),
        ("https://h/p#\u{301}", "https://h/p?bodySHA256=\(emptyBodyHash)#\u{301}"),
    ]

    @Test(arguments: urlsWithBodyHash)
    func appendsBodySHA256ToTheQuery(_ url: String, _ expected: String) throws {
        let withHash = WebhookSignature.urlWithBodySHA256(url, body: [])
        #expect(Array(withHash.utf8) == Array(expected.utf8), "\(withHash.debugDescription)")
        #expect(try WebhookURL(withHash).bodySHA256 == Self.emptyBodyHash)
    }

    // MARK: - WebhookBaseURL

    @Test(arguments: [
        ("https://voice.example.com", "https://voice.example.com"),
        ("https://voice.example.com/", "https://voice.example.com"),
        ("https://voice.example.com///", "https://voice.example.com"),
        ("https://example.com/twilio", "https://example.com/twilio"),
        ("https://example.com/twilio//", "https://example.com/twilio"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
    ])
    func trimsTrailingSlashesAndKeepsThePathPrefix(_ configured: String, _ expected: String) throws {
        let base = try WebhookBaseURL(configured)
        #expect(base.string == expected)
        #expect(base.description == expected)
        #expect(try base.url(requestTarget: "/v1/voice?tenant=a%20b&x=+") == expected + "/v1/voice?tenant=a%20b&x=+")
        #expect(try base.url(requestTarget: "/") == expected + "/")
    }

    @Test(arguments: [
        ("https://example.com/?x=1", "a webhook base URL cannot have a query or a fragment"),
        ("https://example.com/twilio?", "a webhook base URL cannot have a query or a fragment"),
        ("https://example.com/#top", "a webhook base URL cannot have a query or a fragment"),
        // A combining mark after '?' or '#' does not hide it.
        ("https://example.com/?\u{301}x=1", "a webhook base URL cannot have a query or a fragment"),
        ("https://example.com/#\u{301}", "a webhook base URL cannot have a query or a fragment"),
        (
            "https://user@example.com",
            "the webhook URL cannot be checked: it contains a user name or password; Twilio removes credentials before "
                + "signing, so pass the URL without them"
        ),
        ("ftp://example.com", "the webhook URL cannot be checked: its scheme is not http or https"),
        ("https://example.com:0", "the webhook URL cannot be checked: its port is 0"),
    ])
    func refusesABaseURL(_ configured: String, _ message: String) {
        let error = #expect(throws: WebhookError.self) { try WebhookBaseURL(configured) }
        #expect(error?.code == .invalidURL)
        #expect(error?.message == message)
    }

    @Test(arguments: ["", "v1/voice", "https://example.com/v1", "*"])
    func refusesATargetNotInOriginForm(_ target: String) throws {
        let base = try WebhookBaseURL("https://voice.example.com")
        let error = #expect(throws: WebhookError.self) { try base.url(requestTarget: target) }
        #expect(error?.code == .invalidURL)
        #expect(error?.message == "the request target does not start with '/'")
    }

    @Test(arguments: [
        ("https", "voice.example.com", "https://voice.example.com"),
        ("HTTPS", "voice.example.com:8443", "https://voice.example.com:8443"),
        ("http, https", "10.0.0.2:8080, voice.example.com", "https://voice.example.com"),
        ("https,http", "voice.example.com,internal", "http://internal"),
        (" https \t", "\tvoice.example.com ", "https://voice.example.com"),
    ])
    func takesTheRightMostForwardedValues(_ proto: String, _ host: String, _ expected: String) throws {
        #expect(try WebhookBaseURL(forwardedProto: proto, forwardedHost: host).string == expected)
    }

    @Test(arguments: [
        ("ftp", "voice.example.com", "X-Forwarded-Proto is not http or https"),
        ("https, ftp", "voice.example.com", "X-Forwarded-Proto is not http or https"),
        ("", "voice.example.com", "X-Forwarded-Proto is not http or https"),
        ("https,", "voice.example.com", "X-Forwarded-Proto is not http or https"),
        ("wss", "voice.example.com", "X-Forwarded-Proto is not http or https"),
        ("https", "", "X-Forwarded-Host is not a host and optional port"),
        ("https", "voice.example.com,", "X-Forwarded-Host is not a host and optional port"),
        ("https", "voice.example.com/path", "X-Forwarded-Host is not a host and optional port"),
        ("https", "voice.example.com?x", "X-Forwarded-Host is not a host and optional port"),
        ("https", "voice.example.com#x", "X-Forwarded-Host is not a host and optional port"),
        ("https", "voice.example.com/\u{301}", "X-Forwarded-Host is not a host and optional port"),
        ("https", "voice.example.com?\u{301}", "X-Forwarded-Host is not a host and optional port"),
        ("https", "voice.example.com:0", "the webhook URL cannot be checked: its port is 0"),
        (
            "https", "user@voice.example.com",
            "the webhook URL cannot be checked: it contains a user name or password; Twilio removes credentials "
                + "before signing, so pass the URL without them"
        ),
    ])
    func refusesForwardedHeaders(_ proto: String, _ host: String, _ message: String) {
        let error = #expect(throws: WebhookError.self) {
            try WebhookBaseURL(forwardedProto: proto, forwardedHost: host)
        }
        #expect(error?.code == .invalidURL)
        #expect(error?.message == message)
    }
}
