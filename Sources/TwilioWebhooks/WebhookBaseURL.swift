/// The public scheme, host and path prefix under which Twilio reaches a server, for rebuilding the URL it signed.
///
/// Twilio signs the URL it requested: the public one configured in the Console, such as
/// `https://voice.example.com/v1/voice/outgoing`. Behind a TLS-terminating proxy, a load balancer or ngrok, the
/// server sees another scheme, host and port (`http://127.0.0.1:8080`), so a URL built from what the server sees
/// never matches (https://github.com/twilio/twilio-python/issues/715, https://github.com/twilio/twilio-node/issues/924).
/// And a URL a framework rebuilds from its parsed parts may re-encode or reorder the query
/// (https://github.com/twilio/twilio-node/issues/1059), so the path and query must be the request target's raw bytes.
///
/// `WebhookBaseURL` holds the public part and appends the raw request target to it:
///
/// ```swift
/// let base = try WebhookBaseURL("https://voice.example.com")
/// let url = try base.url(requestTarget: "/v1/voice/outgoing?tenant=a%20b")
/// // https://voice.example.com/v1/voice/outgoing?tenant=a%20b
/// ```
///
/// Take the base from configuration. `X-Forwarded-Proto` and `X-Forwarded-Host` describe the public URL too, but
/// anyone can send them: use ``init(forwardedProto:forwardedHost:)`` only for a request whose peer is a proxy you run.
public struct WebhookBaseURL: Sendable, Hashable, CustomStringConvertible {
    /// The base, without a trailing slash: `https://voice.example.com` or `https://example.com/twilio`.
    public let string: String

    /// A base URL from configuration: `http` or `https`, a host and an optional port, and optionally a path prefix
    /// that a proxy strips before forwarding (`https://example.com/twilio` for a server mounted there).
    ///
    /// - Throws: ``WebhookError/Code/invalidURL`` if it has a query, a fragment, credentials, or a host or port that
    ///   ``WebhookURL`` refuses.
    public init(_ string: String) throws(WebhookError) {
        do {
            _ = try WebhookURL(string)
        } catch {
            throw error.asInvalidInput
        }
        // Looked for among Unicode scalars, as WebhookURL splits: a Character joins '?' to a combining mark after it.
        guard !string.unicodeScalars.contains("?"), !string.unicodeScalars.contains("#") else {
            throw WebhookError(
                .invalidURL, "a webhook base URL cannot have a query or a fragment", category: .invalidInput)
        }
        var trimmed = Substring(string)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        self.string = String(trimmed)
    }

    /// A base URL from the `X-Forwarded-Proto` and `X-Forwarded-Host` headers a trusted proxy set.
    ///
    /// Where a header lists several values (a chain of proxies), the right-most is the one the nearest proxy wrote.
    ///
    /// - Throws: ``WebhookError/Code/invalidURL`` if the scheme is not `http` or `https` or the host is not one
    ///   ``WebhookURL`` accepts.
    public init(forwardedProto: String, forwardedHost: String) throws(WebhookError) {
        let proto = Self.lastListValue(forwardedProto).lowercased()
        let host = Self.lastListValue(forwardedHost)
        guard proto == "http" || proto == "https" else {
            throw WebhookError(.invalidURL, "X-Forwarded-Proto is not http or https")
        }
        guard !host.isEmpty, !host.unicodeScalars.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) else {
            throw WebhookError(.invalidURL, "X-Forwarded-Host is not a host and optional port")
        }
        do {
            try self.init(proto + "://" + host)
        } catch {
            throw WebhookError(error.code, error.message)
        }
    }

    /// The URL Twilio requested: this base followed by the request target exactly as received.
    ///
    /// - Parameter requestTarget: The HTTP request target in origin form, starting with `/` (path and query, never
    ///   decoded or re-encoded).
    /// - Throws: ``WebhookError/Code/invalidURL`` if the target does not start with `/`.
    public func url(requestTarget: String) throws(WebhookError) -> String {
        guard requestTarget.hasPrefix("/") else {
            throw WebhookError(.invalidURL, "the request target does not start with '/'")
        }
        return self.string + requestTarget
    }

    public var description: String { self.string }

    /// Equal when the bases are the same bytes, as ``WebhookURL`` compares.
    public static func == (left: Self, right: Self) -> Bool {
        left.string.utf8.elementsEqual(right.string.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        for byte in self.string.utf8 { hasher.combine(byte) }
    }

    private static func lastListValue(_ header: String) -> String {
        let last = header.split(separator: ",", omittingEmptySubsequences: false).last ?? ""
        return String(last.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
