/// An absolute `http` or `https` URL that Twilio requested, and the forms of it a signature is checked against.
///
/// Twilio signs the URL exactly as it requested it, query string included, but not always with the same port:
/// some requests are signed with the port in the URL, some without it, and some with the scheme's default port added
/// (https://github.com/twilio/twilio-python/pull/477, https://github.com/twilio/twilio-node/issues/411). Every helper
/// library therefore checks two forms, and so does this one, built exactly as twilio-python 9.13's `remove_port` and
/// `add_port` build them:
///
/// - ``withoutPort``: the URL with any port removed (`https://example.com:8443/voice` → `https://example.com/voice`);
/// - ``withPort``: the URL with the scheme's default port added when it has none (`https://example.com/voice` →
///   `https://example.com:443/voice`; `http` gets `:80`), or unchanged when it has one.
///
/// Both forms are the URL as Python's `urlparse(…).geturl()` writes it back: the scheme in lower case, an empty query
/// (`?` with nothing after it), an empty fragment and an empty path parameter (a `;` ending the last path segment)
/// left out. Everything else, percent-escapes included, is kept byte for byte: the URL is never decoded or
/// re-encoded, because Twilio signs the bytes it sent.
///
/// The URL must have an `http` or `https` scheme, a host of ASCII characters with no user name or password (Twilio
/// removes credentials before it signs, https://www.twilio.com/docs/usage/security#validating-requests) and no IP
/// literal in brackets, and a port, if any, from 1 to 65535; it must not contain spaces or control characters
/// (Twilio percent-encodes them). twilio-python either raises or builds a URL Twilio never signs for these.
public struct WebhookURL: Sendable, Hashable, CustomStringConvertible {
    /// The URL as given.
    public let string: String
    /// The URL with any port removed.
    public let withoutPort: String
    /// The URL with the scheme's default port added when it has no port.
    public let withPort: String
    /// The raw query string (between `?` and `#`), if there is one.
    let query: Substring?

    /// Reads an absolute URL.
    ///
    /// - Throws: ``WebhookError/Code/invalidURL``, with the rule the URL breaks.
    public init(_ string: String) throws(WebhookError) {
        self.string = string
        if let bad = string.unicodeScalars.firstIndex(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            let offset = string.unicodeScalars.distance(from: string.unicodeScalars.startIndex, to: bad)
            throw Self.invalid("it contains a space or a control character at character \(offset); percent-encode it")
        }
        // The URL is split on Unicode scalars, as Python splits it on code points, never on Characters: a Character
        // joins a delimiter to a combining mark after it ("/" + U+0301), and Character equality is canonical
        // equivalence, under which U+037E GREEK QUESTION MARK is ';'.
        let scalars = string.unicodeScalars
        guard let colon = scalars.firstIndex(of: ":"), scalars[colon...].starts(with: "://".unicodeScalars) else {
            throw Self.invalid("it is not an absolute URL (scheme://host/path)")
        }
        let scheme = string[..<colon].lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw Self.invalid("its scheme is not http or https")
        }
        let afterScheme = string[scalars.index(colon, offsetBy: 3)...]
        let isAuthorityEnd: (Unicode.Scalar) -> Bool = { $0 == "/" || $0 == "?" || $0 == "#" }
        let authorityEnd = afterScheme.unicodeScalars.firstIndex(where: isAuthorityEnd) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        var rest = afterScheme[authorityEnd...]

        guard !authority.unicodeScalars.contains("@") else {
            throw Self.invalid(
                "it contains a user name or password; Twilio removes credentials before signing, so pass the URL "
                    + "without them")
        }
        guard !authority.unicodeScalars.contains("["), !authority.unicodeScalars.contains("]") else {
            throw Self.invalid("its host is an IP literal in brackets, which this library does not check")
        }
        guard authority.unicodeScalars.allSatisfy({ $0.isASCII }) else {
            throw Self.invalid("its host is not ASCII; give the host in its IDNA (xn--) form, as Twilio requests it")
        }
        let host: Substring
        var port: Substring?
        if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            let digits = authority[authority.index(after: colon)...]
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw Self.invalid("its port is not a number")
            }
            let significant = digits.drop(while: { $0 == "0" })
            guard significant.count <= 5, let value = Int(significant.isEmpty ? "0" : significant), value <= 65535
            else {
                throw Self.invalid("its port is greater than 65535")
            }
            guard value != 0 else {
                throw Self.invalid("its port is 0")
            }
            port = digits
        } else {
            host = authority
        }
        guard !host.isEmpty else {
            throw Self.invalid("it has no host")
        }

        // Split as Python's urlsplit does: the fragment at the first '#', then the query at the first '?'.
        var fragment: Substring = ""
        if let hash = rest.unicodeScalars.firstIndex(of: "#") {
            fragment = rest[rest.unicodeScalars.index(after: hash)...]
            rest = rest[..<hash]
        }
        var query: Substring?
        if let question = rest.unicodeScalars.firstIndex(of: "?") {
            query = rest[rest.unicodeScalars.index(after: question)...]
            rest = rest[..<question]
        }
        self.query = query
        var path = rest
        // urlparse splits ';params' off the last path segment and urlunparse writes them back only when non-empty,
        // so a ';' that ends the path and is the segment's first one disappears.
        let pathScalars = path.unicodeScalars
        if pathScalars.last == ";" {
            let last = pathScalars.index(before: pathScalars.endIndex)
            let segmentStart = pathScalars.lastIndex(of: "/") ?? pathScalars.startIndex
            if pathScalars[segmentStart...].firstIndex(of: ";") == last {
                path = path[..<last]
            }
        }
        var tail = String(path)
        if let query, !query.isEmpty { tail += "?" + query }
        if !fragment.isEmpty { tail += "#" + fragment }

        let prefix = scheme + "://"
        if let port {
            self.withoutPort = prefix + host + tail
            self.withPort = prefix + host + ":" + port + tail
        } else {
            self.withoutPort = prefix + host + tail
            self.withPort = prefix + host + (scheme == "https" ? ":443" : ":80") + tail
        }
    }

    /// The forms a signature is checked against, in the order twilio-python checks them: without, then with the port.
    public var candidates: [String] { [self.withoutPort, self.withPort] }

    /// The `bodySHA256` query parameter, decoded, as twilio-python reads it with `parse_qs`: the first
    /// `bodySHA256` field with a non-empty value (`+` read as a space, valid percent-escapes decoded, others kept).
    public var bodySHA256: String? {
        self.bodySHA256Bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    var bodySHA256Bytes: [UInt8]? {
        guard let query else { return nil }
        let name = Array("bodySHA256".utf8)
        for field in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            guard let equals = field.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let value = field[field.index(after: equals)...]
            guard !value.isEmpty else { continue }
            if FormCoding.lenientlyDecoded(field[..<equals]) == name {
                return FormCoding.lenientlyDecoded(value)
            }
        }
        return nil
    }

    public var description: String { self.string }

    /// Equal when the URLs are the same bytes: two URLs that differ only in Unicode normalization sign differently.
    public static func == (left: Self, right: Self) -> Bool {
        left.string.utf8.elementsEqual(right.string.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        for byte in self.string.utf8 { hasher.combine(byte) }
    }

    private static func invalid(_ reason: String) -> WebhookError {
        WebhookError(.invalidURL, "the webhook URL cannot be checked: \(reason)")
    }
}
