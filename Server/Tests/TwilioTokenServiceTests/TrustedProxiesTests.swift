import Testing

@testable import TwilioTokenService

/// The client address behind trusted proxies: what `X-Forwarded-For` can be believed, after the convention of
/// https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Forwarded-For#selecting_an_ip_address
/// (the right-most address that is not a trusted proxy).
@Suite("Trusted proxies")
struct TrustedProxiesTests {
    static let proxies = try! TrustedProxies(["10.0.0.1", "10.0.0.2", "::1"])

    /// Peer, `X-Forwarded-For`, and the client address expected.
    static let cases: [(String?, String?, String?)] = [
        ("203.0.113.9", nil, "203.0.113.9"),
        // A peer that is not a trusted proxy is the client, whatever it claims.
        ("203.0.113.9", "198.51.100.7", "203.0.113.9"),
        // Behind one trusted proxy: the address it appended.
        ("10.0.0.1", "198.51.100.7", "198.51.100.7"),
        // A client's own forged entries are left of the proxy's: ignored.
        ("10.0.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        // Two trusted proxies in a row.
        ("10.0.0.1", "198.51.100.7, 10.0.0.2", "198.51.100.7"),
        // Every hop trusted: the left-most.
        ("10.0.0.1", "10.0.0.2", "10.0.0.2"),
        // IPv6, written in another form, is compared canonically.
        ("0:0:0:0:0:0:0:1", "2001:db8::7", "2001:db8::7"),
        // Not an address: stop there and keep the last believable one.
        ("10.0.0.1", "198.51.100.7, unknown", "10.0.0.1"),
        ("10.0.0.1", "", "10.0.0.1"),
        (nil, "198.51.100.7", nil),
    ]

    @Test(
        "the client address is the peer, or the right-most untrusted hop behind trusted proxies", arguments: Self.cases)
    func clientAddress(_ peer: String?, _ forwardedFor: String?, _ expected: String?) {
        #expect(Self.proxies.clientAddress(peer: peer, forwardedFor: forwardedFor) == expected)
    }

    @Test("without trusted proxies the header is never believed")
    func none() {
        #expect(TrustedProxies.none.clientAddress(peer: "10.0.0.1", forwardedFor: "198.51.100.7") == "10.0.0.1")
    }

    @Test("an entry that is not an IP address is a configuration error", arguments: ["10.0.0.0/8", "proxy.local", ""])
    func refuses(_ entry: String) {
        let error = #expect(throws: ConfigurationError.self) { try TrustedProxies([entry]) }
        #expect(error?.key == "server.trusted_proxies")
    }
}
