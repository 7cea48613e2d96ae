import Crypto
@_spi(Engine) import TwilioJWTEngine

/// The parts of an HTTP request to Twilio that a Public Key Client Validation token signs.
///
/// Twilio recomputes a hash of the request it receives (method, path, query, the signed headers and the body)
/// and compares it with the token's `rqh` claim. Describe the request exactly as your HTTP client sends it:
///
/// ```swift
/// let request = try ClientValidationRequest(
///     method: "POST",
///     url: "https://api.twilio.com/2010-04-01/Accounts/\(accountSID)/Messages.json",
///     headers: [("Authorization", basicAuthorization), ("Content-Type", "application/x-www-form-urlencoded")],
///     body: Array(form.utf8)
/// )
/// ```
///
/// The rules are twilio-python's (`ClientValidationJwt`), byte for byte:
///
/// - the method as given (Twilio's API uses upper-case methods);
/// - the path as sent, *not* decoded or re-encoded;
/// - the query string split on `&`, the pieces sorted and joined again;
/// - for each signed header name present in ``headers`` (sorted, lower-cased), a line `name:value`; a header
///   that occurs several times (names compare case-insensitively) is one line whose values are sorted and
///   joined with `,`;
/// - an empty line, the signed header names joined with `;`, and the lower-case hex SHA-256 of the body (empty
///   when there is no body).
///
/// If Twilio answers with error 70155 (a signed header is missing) or 70156 (the request hash does not match),
/// compare ``canonicalRequest`` with what your HTTP client actually sent.
public struct ClientValidationRequest: Sendable, Hashable {
    /// The headers twilio-python signs: `Authorization` and `Host`.
    public static let defaultSignedHeaders = ["authorization", "host"]

    /// The HTTP method, as sent (for example `POST`).
    public let method: String
    /// The path, as sent: percent-escapes are kept, nothing is decoded or re-encoded.
    public let path: String
    /// The query string without the leading `?`; empty when there is none.
    public let queryString: String
    /// The request's headers in order. Names compare case-insensitively; a name that occurs more than once is a
    /// multi-valued header.
    public let headers: [(name: String, value: String)]
    /// The body bytes; empty when the request has no body.
    public let body: [UInt8]
    /// The names of the headers the token signs, lower-cased and sorted: the token's `hrh` claim lists them.
    public let signedHeaders: [String]

    /// Describes a request from its parts.
    ///
    /// - Parameters:
    ///   - method: The HTTP method as sent, a token such as `GET` or `POST`.
    ///   - path: The path as sent, starting with `/`, without the query string.
    ///   - queryString: The query string without the leading `?`; empty by default.
    ///   - headers: The headers as sent, in order. Include every header you sign (by default `Authorization` and
    ///     `Host`); Twilio answers error 70155 when a signed header is missing.
    ///   - body: The body bytes; empty (no body) by default.
    ///   - signedHeaders: The names of the headers to sign, in any order and case; `authorization` and `host` by
    ///     default, as twilio-python signs.
    /// - Throws: ``TokenError/Code-swift.struct/invalidArgument`` when the method is not an HTTP token, the path
    ///   does not start with `/` or holds `?`, `#`, a space or a control character, the query string starts with
    ///   `?` or holds `#`, a space or a control character, a header name is not an HTTP token, a header value holds
    ///   a control character or starts or ends with whitespace, or a signed header name is not a token or is
    ///   listed twice. Messages name the part and the rule, never a header value.
    public init(
        method: String,
        path: String,
        queryString: String = "",
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        signedHeaders: [String] = ClientValidationRequest.defaultSignedHeaders
    ) throws(TokenError) {
        try RequestRules.validateMethod(method)
        try RequestRules.validatePath(path)
        try RequestRules.validateQuery(queryString)
        for (index, header) in headers.enumerated() {
            try RequestRules.validateHeader(header, at: index)
        }
        self.method = method
        self.path = path
        self.queryString = queryString
        self.headers = headers
        self.body = body
        self.signedHeaders = try RequestRules.normalizedSignedHeaders(signedHeaders)
    }

    /// Describes a request to an absolute `http` or `https` URL, adding a `Host` header when there is none.
    ///
    /// The URL is split as Python's `urllib.parse.urlsplit` splits it: the path runs from the first `/` after
    /// the authority to the first `?` or `#`, the query from the `?` to the `#`, and the fragment (which is never
    /// sent) is dropped. An empty path becomes `/`, as an HTTP client sends it. For ordinary URLs this is also
    /// `urlparse(url).path` and `.query`, which twilio-python's `ValidationClient` signs; `urlparse` would in
    /// addition cut `;parameters` off the last path segment although they are sent, so they are kept here.
    ///
    /// When no header is named `Host` (in any case), one is appended with the URL's authority (host and port as
    /// written), as `ValidationClient` does. If your HTTP client sends a different `Host` value, pass it in
    /// `headers`.
    ///
    /// Pass the URL exactly as your HTTP client sends it: nothing is percent-encoded or decoded here. A `URL`
    /// value gives it as `url.absoluteString`.
    ///
    /// - Parameters:
    ///   - method: The HTTP method as sent, a token such as `GET` or `POST`.
    ///   - url: The absolute URL, such as `https://api.twilio.com/2010-04-01/Accounts.json?PageSize=20`.
    ///   - headers: The headers as sent, in order; a `Host` header is appended when none is given.
    ///   - body: The body bytes; empty (no body) by default.
    ///   - signedHeaders: The names of the headers to sign; `authorization` and `host` by default.
    /// - Throws: ``TokenError/Code-swift.struct/invalidArgument`` when the URL is not an absolute `http` or `https`
    ///   URL with a host, holds user information (`user:password@`), spaces or control characters, or for any
    ///   reason ``init(method:path:queryString:headers:body:signedHeaders:)`` throws.
    public init(
        method: String,
        url: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        signedHeaders: [String] = ClientValidationRequest.defaultSignedHeaders
    ) throws(TokenError) {
        let parts = try URLParts(url)
        var headers = headers
        if !headers.contains(where: { RequestRules.lowercasedASCII($0.name) == "host" }) {
            headers.append((name: "Host", value: parts.authority))
        }
        try self.init(
            method: method, path: parts.path, queryString: parts.query, headers: headers, body: body,
            signedHeaders: signedHeaders)
    }

    /// Whether two requests have the same parts, headers compared in order and byte for byte.
    public static func == (lhs: ClientValidationRequest, rhs: ClientValidationRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.queryString == rhs.queryString
            && lhs.body == rhs.body && lhs.signedHeaders == rhs.signedHeaders
            && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Hashes every part, consistently with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.method)
        hasher.combine(self.path)
        hasher.combine(self.queryString)
        hasher.combine(self.headers.count)
        for header in self.headers {
            hasher.combine(header.name)
            hasher.combine(header.value)
        }
        hasher.combine(self.body)
        hasher.combine(self.signedHeaders)
    }
}

// MARK: - Canonical request

extension ClientValidationRequest {
    /// The text whose SHA-256 is the token's `rqh` claim, lines separated by `\n`.
    ///
    /// Compare it with what your HTTP client sent when Twilio answers error 70156 (request hash mismatch).
    /// It holds the signed header values, so the `Authorization` line contains your API key secret in base64:
    /// do not log it in production.
    public var canonicalRequest: String {
        String(decoding: self.canonicalRequestBytes, as: UTF8.self)
    }

    /// The lower-case hex SHA-256 of ``canonicalRequest``: the token's `rqh` claim.
    public var requestHash: String {
        RequestRules.hex(SHA256.hash(data: self.canonicalRequestBytes))
    }

    /// The token's `hrh` claim: the signed header names joined with `;`.
    var signedHeaderList: String {
        self.signedHeaders.joined(separator: ";")
    }

    var canonicalRequestBytes: [UInt8] {
        var lines: [String] = [self.method, self.path, RequestRules.sortedJoined(self.queryString, separator: "&")]
        var headerLines: [String] = []
        for name in self.signedHeaders {
            let values = self.headers.filter { RequestRules.lowercasedASCII($0.name) == name }.map(\.value)
            guard !values.isEmpty else { continue }
            headerLines.append(name + ":" + RequestRules.sortedByCodePoint(values).joined(separator: ","))
        }
        if !headerLines.isEmpty {
            lines.append(headerLines.joined(separator: "\n"))
        }
        lines.append("")
        lines.append(self.signedHeaderList)
        lines.append(self.body.isEmpty ? "" : RequestRules.hex(SHA256.hash(data: self.body)))
        return Array(lines.joined(separator: "\n").utf8)
    }
}

// MARK: - Rules

/// The checks and orderings of the canonical request.
enum RequestRules {
    /// Sorts as Python sorts `str`: by Unicode code point, which is the order of the UTF-8 bytes. (Swift's
    /// `String <` compares canonically equivalent strings as equal, which Python does not.)
    static func sortedByCodePoint(_ values: [String]) -> [String] {
        values.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// `joiner.join(sorted(text.split(separator)))`, as twilio-python orders query parameters.
    static func sortedJoined(_ text: String, separator: Character) -> String {
        let pieces = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        return Self.sortedByCodePoint(pieces).joined(separator: String(separator))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        Hex.lowercase(digest)
    }

    static func lowercasedASCII(_ text: String) -> String {
        String(
            decoding: text.utf8.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 0x20 : $0 },
            as: UTF8.self)
    }

    /// RFC 9110 §5.6.2 `tchar`.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(Self.isTokenCharacter)
    }

    private static func isControlOrSpace(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0x7F
    }

    static func validateMethod(_ method: String) throws(TokenError) {
        if method.isEmpty {
            throw TokenError(.invalidArgument, "the HTTP method must not be empty")
        }
        if let offset = method.utf8.firstIndex(where: { !Self.isTokenCharacter($0) }) {
            throw TokenError(
                .invalidArgument,
                "the HTTP method must be a token of letters, digits and !#$%&'*+-.^_`|~ (such as POST); found "
                    + "another character at offset \(method.utf8.distance(from: method.utf8.startIndex, to: offset))"
            )
        }
    }

    static func validatePath(_ path: String) throws(TokenError) {
        guard path.utf8.first == UInt8(ascii: "/") else {
            throw TokenError(
                .invalidArgument,
                path.isEmpty
                    ? "the path must start with '/'; got an empty string"
                    : "the path must start with '/' (the path as sent, such as /2010-04-01/Accounts.json); got "
                        + "\(path.utf8.count) bytes starting with another character"
            )
        }
        try Self.validateURLPart(path, name: "the path")
        if let offset = Self.offset(of: UInt8(ascii: "?"), in: path) {
            throw TokenError(
                .invalidArgument,
                "the path must not contain '?' (found at offset \(offset)): pass the query string as queryString, "
                    + "or the whole URL to init(method:url:headers:body:signedHeaders:)"
            )
        }
    }

    static func validateQuery(_ query: String) throws(TokenError) {
        if query.utf8.first == UInt8(ascii: "?") {
            throw TokenError(.invalidArgument, "the query string must not start with '?'; pass what follows it")
        }
        try Self.validateURLPart(query, name: "the query string")
    }

    private static func validateURLPart(_ text: String, name: String) throws(TokenError) {
        if let offset = text.utf8.firstIndex(where: Self.isControlOrSpace) {
            throw TokenError(
                .invalidArgument,
                "\(name) must not contain spaces or control characters (found one at offset "
                    + "\(text.utf8.distance(from: text.utf8.startIndex, to: offset))); give it percent-encoded, as "
                    + "your HTTP client sends it"
            )
        }
        if let offset = Self.offset(of: UInt8(ascii: "#"), in: text) {
            throw TokenError(
                .invalidArgument,
                "\(name) must not contain '#' (found at offset \(offset)): a fragment is never sent to the server"
            )
        }
    }

    static func validateHeader(_ header: (name: String, value: String), at index: Int) throws(TokenError) {
        guard Self.isToken(header.name) else {
            throw TokenError(
                .invalidArgument,
                "the name of header \(index) must be a non-empty HTTP token (letters, digits and "
                    + "!#$%&'*+-.^_`|~); got \(header.name.utf8.count) bytes"
            )
        }
        let value = header.value.utf8
        if value.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) {
            throw TokenError(
                .invalidArgument,
                "the value of header '\(header.name)' must not contain CR, LF or other control characters"
            )
        }
        let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        if let first = value.first, let last = value.last, isBlank(first) || isBlank(last) {
            throw TokenError(
                .invalidArgument,
                "the value of header '\(header.name)' must not start or end with a space or tab: servers strip "
                    + "them (RFC 9110 §5.5), so Twilio would hash a different value"
            )
        }
    }

    static func normalizedSignedHeaders(_ names: [String]) throws(TokenError) -> [String] {
        var normalized: [String] = []
        for name in names {
            guard Self.isToken(name) else {
                throw TokenError(
                    .invalidArgument,
                    "a signed header name must be a non-empty HTTP token (letters, digits and !#$%&'*+-.^_`|~); "
                        + "got \(name.utf8.count) bytes"
                )
            }
            let lowered = Self.lowercasedASCII(name)
            if normalized.contains(lowered) {
                throw TokenError(.invalidArgument, "the signed header '\(lowered)' is listed twice")
            }
            normalized.append(lowered)
        }
        return Self.sortedByCodePoint(normalized)
    }

    private static func offset(of byte: UInt8, in text: String) -> Int? {
        text.utf8.firstIndex(of: byte).map { text.utf8.distance(from: text.utf8.startIndex, to: $0) }
    }
}

/// An absolute URL split as Python's `urllib.parse.urlsplit` splits it.
struct URLParts {
    var authority: String
    var path: String
    var query: String

    init(_ url: String) throws(TokenError) {
        let bytes = Array(url.utf8)
        if let offset = bytes.firstIndex(where: { $0 <= 0x20 || $0 == 0x7F }) {
            throw TokenError(
                .invalidArgument,
                "the URL must not contain spaces or control characters (found one at offset \(offset)); give it "
                    + "percent-encoded, as your HTTP client sends it"
            )
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
            ["http", "https"].contains(RequestRules.lowercasedASCII(String(decoding: bytes[..<colon], as: UTF8.self))),
            bytes[(colon + 1)...].starts(with: Array("//".utf8))
        else {
            throw TokenError(
                .invalidArgument, "the URL must be an absolute http or https URL such as https://api.twilio.com/…")
        }
        let authorityStart = colon + 3
        let delimiters: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")]
        let authorityEnd = bytes[authorityStart...].firstIndex(where: delimiters.contains) ?? bytes.count
        let authority = bytes[authorityStart..<authorityEnd]
        if authority.isEmpty {
            throw TokenError(.invalidArgument, "the URL has no host (expected https://host/path)")
        }
        if authority.contains(UInt8(ascii: "@")) {
            throw TokenError(
                .invalidArgument,
                "the URL must not contain user information ('user:password@'): send credentials in the "
                    + "Authorization header, which the token signs"
            )
        }
        let pathEnd =
            bytes[authorityEnd...].firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
            ?? bytes.count
        var query: ArraySlice<UInt8> = []
        if pathEnd < bytes.count, bytes[pathEnd] == UInt8(ascii: "?") {
            let queryEnd = bytes[(pathEnd + 1)...].firstIndex(of: UInt8(ascii: "#")) ?? bytes.count
            query = bytes[(pathEnd + 1)..<queryEnd]
        }
        let path = bytes[authorityEnd..<pathEnd]
        self.authority = String(decoding: authority, as: UTF8.self)
        self.path = path.isEmpty ? "/" : String(decoding: path, as: UTF8.self)
        self.query = String(decoding: query, as: UTF8.self)
    }
}
