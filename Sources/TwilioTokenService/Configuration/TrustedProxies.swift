#if TokenService
import NIOCore

/// The proxies whose `X-Forwarded-For` the server believes (`server.trusted_proxies`), for finding a request's client
/// address behind them.
///
/// A client can write any `X-Forwarded-For` it likes, so the header says something only about the hops that trusted
/// proxies appended. The client address is therefore the peer's, unless the peer is a trusted proxy; then it is the
/// right-most address of `X-Forwarded-For` that is not itself a trusted proxy (each proxy appends the address it
/// received the request from), or the left-most one if all of them are.
public struct TrustedProxies: Sendable, Hashable {
    /// The proxies' addresses, in canonical text form.
    public let addresses: Set<String>

    /// No trusted proxy: the client address is always the peer's.
    public static let none = TrustedProxies(canonical: [])

    private init(canonical: Set<String>) {
        self.addresses = canonical
    }

    /// Proxies at these exact IPv4 or IPv6 addresses.
    ///
    /// - Throws: ``ConfigurationError`` for `server.trusted_proxies` when an entry is not an IP address.
    public init(_ addresses: [String]) throws(ConfigurationError) {
        var canonical: Set<String> = []
        for address in addresses {
            guard let text = Self.canonical(address) else {
                throw ConfigurationError(
                    key: "server.trusted_proxies",
                    "`\(address.prefix(64))` is not an IPv4 or IPv6 address (ranges are not supported; list each proxy)"
                )
            }
            canonical.insert(text)
        }
        self.init(canonical: canonical)
    }

    /// The client address of a request from `peer` carrying `forwardedFor` (all its `X-Forwarded-For` values, joined
    /// with commas), or `peer` when that is all that can be believed.
    public func clientAddress(peer: String?, forwardedFor: String?) -> String? {
        guard let peer, let forwardedFor, !self.addresses.isEmpty,
            let canonicalPeer = Self.canonical(peer), self.addresses.contains(canonicalPeer)
        else { return peer }
        var client = peer
        for entry in forwardedFor.split(separator: ",").reversed() {
            let text = entry.trimmingASCIISpaces()
            guard let address = Self.canonical(text) else { return client }
            client = address
            if !self.addresses.contains(address) { return address }
        }
        return client
    }

    /// `text` as SwiftNIO writes the address it parses, or `nil` if it is not an IP address.
    static func canonical(_ text: some StringProtocol) -> String? {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        return (try? SocketAddress(ipAddress: String(text), port: 0))?.ipAddress
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate func trimmingASCIISpaces() -> Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
#endif
