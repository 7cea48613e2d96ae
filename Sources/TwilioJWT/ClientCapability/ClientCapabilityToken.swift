@_spi(Engine) import TwilioJWTEngine

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A capability token for the legacy Twilio Client (Voice JavaScript SDK 1.x and the mobile Client SDKs):
/// which calls a device may receive and place, signed with the account's auth token.
///
/// ```swift
/// let credentials = try AccountCredentials(environment: ProcessInfo.processInfo.environment)
/// var capability = ClientCapabilityToken()
/// capability.allowIncoming(clientName: "tommy")
/// capability.allowOutgoing(applicationSID: "APabe7650f654fc34655fc81ae71caa3ff", params: ["user_id": "42"])
/// let jwt = try capability.jwt(signedWith: credentials)
/// ```
///
/// Twilio has deprecated capability tokens in favour of ``AccessToken`` with a ``VoiceGrant``; use them only
/// for applications still on Twilio Client 1.x.
///
/// The bytes match twilio-python 9.13's `ClientCapabilityToken` (with PyJWT ≥ 2.5): header
/// `{"alg":"HS256","typ":"JWT"}`, payload `scope, iss, exp, [nbf]`. The `scope` claim is built by the same rules:
///
/// - scopes appear in the order each kind was first allowed; allowing a kind again replaces it in place;
/// - parameters inside a scope are sorted by name (`appParams`, `appSid`, `clientName`; `params`, `path`);
/// - values are form-encoded as Python's `quote_plus` does (space as `+`, upper-case `%XX`, `~` kept);
/// - outgoing parameters and event filters are form-encoded into one string, which is then encoded again as
///   the value of `appParams` / `params` (so `&` becomes `%26`, `=` `%3D`, `%` `%25`), keeping every value
///   intact when Twilio decodes them;
/// - when the token allows incoming calls, the outgoing scope also carries the incoming `clientName`, so
///   outgoing calls come from that identity.
///
/// twilio-ruby ≥ 5 and ExTwilio encode the parameters only once, which makes a value holding `&`, `=` or `+`
/// indistinguishable from a separator after decoding; this type deliberately does not copy them.
///
/// One deliberate difference from twilio-python: an absolute expiry (``Expiration/at(_:)-enum.case``) is honoured, while
/// twilio-python's `ClientCapabilityToken` ignores its `valid_until` argument and always expires `ttl` seconds after
/// issue. With a relative expiry (``Expiration/ttl(_:)-enum.case``, the default) the bytes are the same.
public struct ClientCapabilityToken: Sendable, Hashable {
    /// One capability of the device.
    public enum Scope: Sendable, Hashable, Encodable {
        /// Receive calls addressed to `client:<clientName>`.
        case incoming(clientName: String)
        /// Place calls through the TwiML application `applicationSID` (`AP…`); `params` reach the application's
        /// Voice URL with each call. `clientName` names the caller when the token has no incoming scope (as
        /// twilio-ruby's `OutgoingClientScope(app, client_name)` does); with an incoming scope it must be `nil`
        /// or equal the incoming name, which is then used.
        case outgoing(applicationSID: String, clientName: String? = nil, params: ScopeParameters = [:])
        /// Subscribe to the account's event stream, optionally filtered.
        case eventStream(filters: ScopeParameters = [:])

        var kind: Int {
            switch self {
            case .incoming: return 0
            case .outgoing: return 1
            case .eventStream: return 2
            }
        }
    }

    /// The scopes, in the order each kind was first allowed; at most one of each kind.
    public private(set) var scopes: [Scope]
    /// When the token expires; one hour after issue by default (Twilio accepts up to 24 hours).
    public var expiration: Expiration
    /// When the token becomes valid; the issue time by default.
    public var notBefore: NotBefore

    /// Describes a capability token.
    ///
    /// - Parameters:
    ///   - scopes: The capabilities; a later scope of a kind already present replaces it in place.
    ///   - expiration: When the token expires; `.ttl(3600)` by default.
    ///   - notBefore: When the token becomes valid; the issue time by default.
    public init(scopes: [Scope] = [], expiration: Expiration = .ttl(3600), notBefore: NotBefore = .issueTime) {
        self.scopes = []
        self.expiration = expiration
        self.notBefore = notBefore
        for scope in scopes {
            self.add(scope)
        }
    }

    /// Adds `scope`, or replaces the scope of the same kind in its position.
    public mutating func add(_ scope: Scope) {
        if let index = self.scopes.firstIndex(where: { $0.kind == scope.kind }) {
            self.scopes[index] = scope
        } else {
            self.scopes.append(scope)
        }
    }

    /// Lets the device receive calls to `client:<clientName>`.
    ///
    /// A token has one client name, as in twilio-python: the name identifies the device, and the outgoing scope
    /// carries the same name as the caller's identity, which must be unique. Calling this again replaces the
    /// name (ExTwilio and twilio-ruby collect several names instead; Twilio then registers the device under
    /// each, which no current SDK needs).
    ///
    /// Twilio allows only `A–Z a–z 0–9 _` in client names; ``diagnostics()`` reports others.
    public mutating func allowIncoming(clientName: String) {
        self.add(.incoming(clientName: clientName))
    }

    /// Lets the device place calls through the TwiML application `applicationSID`, passing `params` to its
    /// Voice URL (replacing an earlier outgoing scope).
    public mutating func allowOutgoing(
        applicationSID: String,
        clientName: String? = nil,
        params: ScopeParameters = [:]
    ) {
        self.add(.outgoing(applicationSID: applicationSID, clientName: clientName, params: params))
    }

    /// Lets the device subscribe to the account's event stream, optionally filtered (replacing an earlier
    /// event-stream scope).
    public mutating func allowEventStream(filters: ScopeParameters = [:]) {
        self.add(.eventStream(filters: filters))
    }

    /// The client name of the incoming scope, if any.
    public var clientName: String? {
        for scope in self.scopes {
            if case .incoming(let name) = scope { return name }
        }
        return nil
    }
}

// MARK: - Scope claim

extension ClientCapabilityToken {
    /// The `scope` claim: the scope URIs separated by single spaces (empty when there are none).
    ///
    /// - Throws: ``TokenError`` when a scope is invalid (see ``jwt(signedWith:issuedAt:)-(_,Int)``).
    public func scopeClaim() throws(TokenError) -> String {
        var bytes = ByteWriter(capacity: 256)
        try self.writeScopeClaim(to: &bytes)
        return bytes.string
    }

    /// Appends the `scope` claim to `output`. Everything written is ASCII that JSON needs no escape for (form
    /// encoding leaves only `A–Z a–z 0–9 _ . - ~ + % = & : ?` and spaces), so minting writes the claim straight
    /// into the payload without building intermediate strings.
    func writeScopeClaim(to output: inout ByteWriter) throws(TokenError) {
        let incomingName = self.clientName
        for (position, scope) in self.scopes.enumerated() {
            if position > 0 { output.append(UInt8(ascii: " ")) }
            switch scope {
            case .incoming(let name):
                try Self.validateClientName(name, field: "incoming client name")
                Self.append("scope:client:incoming?clientName=", to: &output)
                FormEncoding.appendQuotePlus(name, to: &output)
            case .outgoing(let applicationSID, let explicitName, let params):
                try SIDKind.application.validate(applicationSID, field: "outgoing application SID")
                var name = incomingName
                if let explicitName {
                    try Self.validateClientName(explicitName, field: "outgoing client name")
                    if let incomingName, incomingName != explicitName {
                        throw TokenError(
                            .invalidArgument,
                            "the outgoing scope's client name differs from the incoming client name; a token has "
                                + "one client name (leave the outgoing one out to use the incoming name)"
                        )
                    }
                    name = explicitName
                }
                // Sorted by parameter name: appParams < appSid < clientName.
                Self.append("scope:client:outgoing?", to: &output)
                if !params.isEmpty {
                    Self.append("appParams=", to: &output)
                    FormEncoding.appendDoublyEncoded(params, to: &output)
                    output.append(UInt8(ascii: "&"))
                }
                Self.append("appSid=", to: &output)
                FormEncoding.appendQuotePlus(applicationSID, to: &output)
                if let name {
                    Self.append("&clientName=", to: &output)
                    FormEncoding.appendQuotePlus(name, to: &output)
                }
            case .eventStream(let filters):
                Self.append("scope:stream:subscribe?", to: &output)
                if !filters.isEmpty {
                    Self.append("params=", to: &output)
                    FormEncoding.appendDoublyEncoded(filters, to: &output)
                    output.append(UInt8(ascii: "&"))
                }
                Self.append("path=%2F2010-04-01%2FEvents", to: &output)
            }
        }
    }

    private static func append(_ literal: StaticString, to output: inout ByteWriter) {
        output.append(literal)
    }

    private static func validateClientName(_ name: String, field: String) throws(TokenError) {
        if name.isEmpty {
            throw TokenError(.invalidArgument, "the \(field) must not be empty")
        }
    }
}

// MARK: - Signing

extension ClientCapabilityToken {
    /// Signs the token with the account's auth token, issued now.
    ///
    /// - Throws: ``TokenError``; see ``jwt(signedWith:issuedAt:)-(_,Int)``.
    public func jwt(signedWith credentials: AccountCredentials) throws(TokenError) -> String {
        try self.jwt(signedWith: credentials, issuedAt: UnixTime.now())
    }

    /// Signs the token with the account's auth token, issued at `issuedAt` (Unix seconds).
    ///
    /// To start the validity at a later time, as ExTwilio's `starting_at` does, pass that time: `nbf` and `exp`
    /// both count from the issue time.
    ///
    /// - Throws: ``TokenError`` with code ``TokenError/Code-swift.struct/invalidSID`` (the application SID),
    ///   ``TokenError/Code-swift.struct/invalidArgument`` (an empty client name, or two different client names),
    ///   or a lifetime error (``TokenError/Code-swift.struct/invalidTTL``,
    ///   ``TokenError/Code-swift.struct/lifetimeTooLong``, ``TokenError/Code-swift.struct/invalidTimeRange``).
    public func jwt(signedWith credentials: AccountCredentials, issuedAt: Int) throws(TokenError) -> String {
        let lifetime = try Lifetime.resolve(issuedAt: issuedAt, expiration: self.expiration, notBefore: self.notBefore)
        var payload = JSONWriter(capacity: 512)
        payload.beginObject()
        payload.key(.scope)
        try payload.rawString { (bytes) throws(TokenError) in try self.writeScopeClaim(to: &bytes) }
        payload.key(.iss)
        payload.unescapedString(credentials.accountSID)
        payload.expirationAndNotBefore(lifetime)
        payload.endObject()
        return CompactJWS.hs256(header: .capability, payload: payload, key: credentials.signingKey)
    }

    /// Signs the token with the account's auth token, issued at `issuedAt` (rounded down to whole seconds).
    public func jwt(signedWith credentials: AccountCredentials, issuedAt: Date) throws(TokenError) -> String {
        try self.jwt(signedWith: credentials, issuedAt: try UnixTime.seconds(issuedAt, field: "the issue time"))
    }
}

// MARK: - Diagnostics

extension ClientCapabilityToken {
    /// Checks the token against rules Twilio enforces when a device connects.
    ///
    /// - Client names may hold only `A–Z a–z 0–9 _` (Twilio Client documentation); other characters, spaces
    ///   included, lead to undefined behaviour (twilio-php refuses them outright).
    /// - A token without scopes lets the device do nothing.
    public func diagnostics() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for scope in self.scopes {
            let name: String?
            let field: String
            switch scope {
            case .incoming(let clientName):
                name = clientName
                field = "scope.incoming.clientName"
            case .outgoing(_, let clientName, _):
                name = clientName
                field = "scope.outgoing.clientName"
            case .eventStream:
                name = nil
                field = ""
            }
            if let name, !name.isEmpty, !name.utf8.allSatisfy(IdentityRules.isClientNameByte) {
                findings.append(
                    Diagnostic(
                        .warning,
                        field: field,
                        "Twilio Client names may only contain A-Z, a-z, 0-9 and _; this one has "
                            + IdentityRules.describe(name, maximumLength: nil)
                    )
                )
            }
        }
        if self.scopes.isEmpty {
            findings.append(Diagnostic(.note, field: "scope", "the token has no scopes, so the device can do nothing"))
        }
        return findings
    }
}
