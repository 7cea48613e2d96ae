import TwilioJWTTestSupport
import TwilioWebhooks

/// A webhook request of the differential tests: the URL Twilio requested, what the signature covers besides it, the
/// secret and the algorithm.
struct GeneratedRequest: Sendable {
    enum Content: Sendable {
        /// Form parameters, decoded, in the order they came, repeats kept.
        case form([Pair])
        /// A raw (JSON) body; the URL carries its `bodySHA256`.
        case raw([UInt8])
    }

    struct Pair: Sendable, Hashable {
        var name: String
        var value: String
    }

    var url: String
    var content: Content
    var secret: String
    var algorithm: WebhookSignatureAlgorithm
    /// Whether twilio-python gets the parameters as a plain dict (only when no name repeats) rather than a MultiDict.
    var asDict: Bool

    var parameters: WebhookParameters {
        guard case .form(let pairs) = self.content else { return WebhookParameters() }
        return WebhookParameters(pairs.map { (name: $0.name, value: $0.value) })
    }

    var body: WebhookRequest.Body {
        switch self.content {
        case .form: .form(self.parameters)
        case .raw(let bytes): .raw(bytes)
        }
    }
}

/// Seeded random webhook requests full of what URL and form handling gets wrong: explicit, default, leading-zero and
/// odd ports, paths with Unicode, percent-escapes and reserved characters (and a `;` at the end, which Python's
/// `urlparse` drops), empty and repeated query fields, parameter names and values in Unicode (canonically equivalent
/// pairs such as `é` and `e` + U+0301 kept distinct), repeated names with repeated and distinct values, and raw JSON
/// bodies with `bodySHA256`. Every URL is one that ``WebhookURL`` accepts by its documented rules: no credentials, no
/// brackets, no spaces or control characters, a port from 1 to 65535.
struct RandomWebhookRequests {
    var random: RandomSpecs

    init(seed: UInt64) {
        self.random = RandomSpecs(seed: seed)
    }

    static let hosts = [
        "example.com", "voice.example.com", "MyCompany.COM", "127.0.0.1", "a-b.example.org", "xn--bcher-kva.example",
        "localhost", "h",
    ]

    /// Pieces of path segments: words, percent-escapes (valid, lower-case, and not escapes at all), Unicode
    /// (precomposed and decomposed, a Greek question mark, which is canonically equivalent to `;`, a combining mark
    /// that starts a segment, characters beyond the BMP), and the reserved characters.
    static let pathPieces = [
        "voice", "sms", "Incoming", "myapp.php", "x_y-z", "v1", "%20", "%2F", "%E2%82%AC", "%7e", "%25", "%zz", "%",
        "\u{E9}", "e\u{301}", "\u{301}", "中文", "😀", "ñ", "\u{37E}", ";", ":", "@", "!", "$", "'", "(", ")", "*",
        "+", ",", "=", "~",
    ]

    static let queryFields = [
        "a=1", "a=2", "a=1", "b=x+y", "c=%20%2B", "d=", "e", "f=\u{E9}", "g=e%CC%81", "h=%FF", "i=%zz", "j=;:@!$'()*,~",
        "k=中文", "", "l==", "m=%2", "To=%2B14158675309",
    ]

    static let names = [
        "CallSid", "AccountSid", "From", "To", "Body", "Digits", "CallStatus", "\u{E9}", "e\u{301}", "名前", "a b",
        "a+b", "x=y", "&", "%41", "", "😀", "~*'()!", "$,;:@", "\u{37E}",
    ]

    static let values = [
        "", "+14158675309", "CA1234567890ABCDE", "hello world", "\u{E9}", "e\u{301}", "中文 😀", "a&b=c", "100%",
        "%2B", "+", " ", ";:@!$'()*+,=~", "line\nbreak", "tab\there", "\u{37E}", "1234",
    ]

    /// URLs that the first requests use, each an edge of Python's `urlparse` and `geturl`: an empty query or fragment
    /// (dropped), a `;` ending the last segment (dropped when it is the segment's first), U+037E (never a `;`), a
    /// combining mark after `/` or `?`, a missing path, a leading-zero port.
    static let edgeURLs = [
        "https://h/p?#", "https://h/p?#f", "HTTPS://H:0443/a;?", "https://h/a\u{37E}", "https://h/a\u{37E}b;",
        "https://h/\u{301}x", "https://h/p?\u{301}x=1", "https://h/a;?\u{301}", "https://h/a;b;", "https://h?x=1",
        "https://h", "https://h#f", "https://h/p;/q;", "http://h:80", "https://h:065535/", "http://h:443/x",
        "https://h:1/;", "https://h/p?a=1?b=2#c#d", "https://h//double//slash;",
    ]

    static let secretCharacters = Array("abcdefABCDEF0123456789-_+/=é中😀 ")

    /// A random request, to `url` if given.
    mutating func request(url: String? = nil) -> GeneratedRequest {
        let url = url ?? self.url()
        let algorithm: WebhookSignatureAlgorithm = self.random.bool() ? .hmacSHA1 : .hmacSHA256
        let secret = self.secret()
        if self.random.bool(0.25) {
            let body = Array(self.jsonBody().utf8)
            return GeneratedRequest(
                url: self.urlWithBodyHash(url, body: body), content: .raw(body), secret: secret, algorithm: algorithm,
                asDict: false)
        }
        let pairs = self.pairs()
        let distinctNames = Set(pairs.map { Array($0.name.utf8) }).count == pairs.count
        return GeneratedRequest(
            url: url, content: .form(pairs), secret: secret, algorithm: algorithm,
            asDict: distinctNames && self.random.bool())
    }

    mutating func url() -> String {
        let https = self.random.bool()
        var scheme = https ? "https" : "http"
        if self.random.bool(0.1) {
            scheme = self.random.pick(https ? ["HTTPS", "Https"] : ["HTTP", "hTTp"])
        }
        var url = scheme + "://" + self.random.pick(Self.hosts)
        if let port = self.port(https: https) {
            url += ":" + port
        }
        url += self.path()
        switch self.random.int(0...9) {
        case 0...2: break
        case 3: url += "?"
        default:
            url +=
                "?"
                + (0..<self.random.int(1...5)).map { _ in self.random.pick(Self.queryFields) }.joined(separator: "&")
        }
        if self.random.bool(0.05) {
            url += self.random.pick(["#", "#frag", "#a=1&b"])
        }
        return url
    }

    mutating func port(https: Bool) -> String? {
        switch self.random.int(0...9) {
        case 0...3: nil
        case 4, 5: https ? "443" : "80"
        case 6: self.random.pick(["0443", "080", "00080", "08443", "443", "80", "065535", "1"])
        default: String(self.random.int(1...65_535))
        }
    }

    mutating func path() -> String {
        if self.random.bool(0.05) { return "" }
        var path = ""
        for _ in 0..<self.random.int(1...4) {
            path += "/"
            for _ in 0..<self.random.int(0...3) {
                path += self.random.pick(Self.pathPieces)
            }
        }
        if self.random.bool(0.15) {
            path += self.random.pick([";", ";;", "a;", ";b;", "\u{37E};"])
        }
        return path
    }

    mutating func pairs() -> [GeneratedRequest.Pair] {
        var pairs: [GeneratedRequest.Pair] = []
        for _ in 0..<self.random.int(0...6) {
            let name =
                !pairs.isEmpty && self.random.bool(0.3) ? self.random.pick(pairs).name : self.random.pick(Self.names)
            let value: String
            switch self.random.int(0...9) {
            case 0...1 where !pairs.isEmpty: value = self.random.pick(pairs).value
            case 2: value = self.random.string(maxLength: 8)
            default: value = self.random.pick(Self.values)
            }
            pairs.append(GeneratedRequest.Pair(name: name, value: value))
        }
        // Canonically equivalent names, or values under one name, which the signature must keep apart.
        if self.random.bool(0.1) {
            pairs += self.random.pick([
                [.init(name: "\u{E9}", value: "1"), .init(name: "e\u{301}", value: "1")],
                [.init(name: "Body", value: "caf\u{E9}"), .init(name: "Body", value: "cafe\u{301}")],
            ])
        }
        return pairs
    }

    mutating func secret() -> String {
        if self.random.bool(0.5) {
            return self.random.hex(32)
        }
        return String((0..<self.random.int(1...40)).map { _ in self.random.pick(Self.secretCharacters) })
    }

    mutating func jsonBody() -> String {
        var members: [String] = []
        for _ in 0..<self.random.int(1...4) {
            let name = self.random.pick(["event", "text", "n", "ok", "é", "data"])
            let value = self.random.pick([
                "\"value\"", "true", "123", "null", "\"caf\u{E9} 😀\"", "[1, 2]", "{\"nested\": \"e\u{301}\"}",
                "\"a&b=c?d\"",
            ])
            members.append("\"\(name)\": \(value)")
        }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// The URL with the body's hash, mostly as Twilio adds it; sometimes after an empty `bodySHA256=`, which
    /// twilio-python's `parse_qs` skips, or with the name percent-encoded, which it decodes.
    mutating func urlWithBodyHash(_ url: String, body: [UInt8]) -> String {
        let hash = WebhookSignature.bodySHA256(of: body)
        let (beforeFragment, fragment) = Self.splitFragment(url)
        let separator = beforeFragment.contains("?") ? (beforeFragment.hasSuffix("?") ? "" : "&") : "?"
        switch self.random.int(0...9) {
        case 0: return beforeFragment + separator + "body%53HA256=" + hash + fragment
        case 1: return beforeFragment + separator + "bodySHA256=&bodySHA256=" + hash + fragment
        default: return WebhookSignature.urlWithBodySHA256(url, body: body)
        }
    }

    static func splitFragment(_ url: String) -> (String, String) {
        guard let hash = url.unicodeScalars.firstIndex(of: "#") else { return (url, "") }
        return (String(url.unicodeScalars[..<hash]), String(url.unicodeScalars[hash...]))
    }
}

/// The parts of an absolute URL as Python's `urlsplit` finds them, on Unicode scalars: the scheme, the authority
/// (up to the first `/`, `?` or `#`) split at its first `:`, and the rest.
struct URLPieces {
    var scheme: String
    var host: String
    var port: String?
    var rest: String

    init?(_ url: String) {
        let scalars = Array(url.unicodeScalars)
        guard let colon = scalars.firstIndex(of: ":"), scalars[colon...].starts(with: "://".unicodeScalars) else {
            return nil
        }
        let start = colon + 3
        let end = scalars[start...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? scalars.endIndex
        let authority = scalars[start..<end]
        self.scheme = Self.string(scalars[..<colon])
        if let portColon = authority.firstIndex(of: ":") {
            self.host = Self.string(authority[..<portColon])
            self.port = Self.string(authority[(portColon + 1)...])
        } else {
            self.host = Self.string(authority)
            self.port = nil
        }
        self.rest = Self.string(scalars[end...])
    }

    var url: String {
        self.scheme + "://" + self.host + (self.port.map { ":" + $0 } ?? "") + self.rest
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
