@_spi(Engine) import TwilioJWTEngine

/// The Programmable Voice grant (`voice`): lets a Voice SDK client receive and place calls.
///
/// ```swift
/// let voice = VoiceGrant(
///     incomingAllowed: true,
///     outgoing: .init(applicationSID: "APxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", params: ["customer": "42"])
/// )
/// ```
///
/// Serialised as twilio-python does: `incoming` only when incoming calls are allowed, `outgoing` only with
/// an application, `params` only when not empty, members in the order `incoming`, `outgoing`,
/// `push_credential_sid`, `endpoint_id`; `nil` and empty strings are left out.
public struct VoiceGrant: Sendable, Hashable {
    /// Outgoing calls through a TwiML application.
    public struct Outgoing: Sendable, Hashable {
        /// The TwiML application SID (`AP…`) whose Voice URL handles the calls this client places.
        public var applicationSID: String
        /// Parameters passed to the application's Voice URL with every outgoing call, in this order and
        /// with their JSON types. Left out of the token when empty.
        public var params: JSONObject

        /// - Parameters:
        ///   - applicationSID: The TwiML application SID (`AP…`).
        ///   - params: Parameters for the application's Voice URL.
        public init(applicationSID: String, params: JSONObject = [:]) {
            self.applicationSID = applicationSID
            self.params = params
        }
    }

    /// Whether the client may receive incoming calls (`incoming.allow`). Needs an identity on the token.
    public var incomingAllowed: Bool
    /// Outgoing calls, if the client may place them.
    public var outgoing: Outgoing?
    /// The push credential SID (`CR…`) for mobile push notifications of incoming calls.
    public var pushCredentialSID: String?
    /// An identifier of this device or endpoint.
    public var endpointID: String?

    public init(
        incomingAllowed: Bool = false,
        outgoing: Outgoing? = nil,
        pushCredentialSID: String? = nil,
        endpointID: String? = nil
    ) {
        self.incomingAllowed = incomingAllowed
        self.outgoing = outgoing
        self.pushCredentialSID = pushCredentialSID
        self.endpointID = endpointID
    }
}

extension VoiceGrant: GrantContent {
    func validate(key: String) throws(TokenError) {
        // Through methods of the optional (rather than `if let`, which copies the outgoing grant, retaining its
        // strings and objects).
        try self.outgoing?.validate(key: key)
        try SIDKind.credential.validateIfPresent(self.pushCredentialSID, field: "\(key).push_credential_sid")
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if self.incomingAllowed {
            writer.key(.incoming)
            writer.beginObject()
            writer.key(.allow)
            writer.bool(true)
            writer.endObject()
        }
        self.outgoing?.write(to: &writer)
        writer.optionalMember(.pushCredentialSID, self.pushCredentialSID)
        writer.optionalMember(.endpointID, self.endpointID)
        writer.endObject()
    }

    init?(decoding value: JSONValueView) {
        guard let object = value.object else { return nil }
        var incomingAllowed = false
        var outgoing: Outgoing? = nil
        var pushCredentialSID: String? = nil
        var endpointID: String? = nil
        for member in object {
            let value = member.value
            if value.isNull { continue }
            if member.hasName(.incoming) {
                guard let allowed = Self.incomingAllowed(value) else { return nil }
                incomingAllowed = allowed
            } else if member.hasName(.outgoing) {
                guard let decoded = Outgoing(decoding: value) else { return nil }
                outgoing = decoded
            } else if member.hasName(.pushCredentialSID) {
                guard let string = value.string else { return nil }
                pushCredentialSID = string
            } else if member.hasName(.endpointID) {
                guard let string = value.string else { return nil }
                endpointID = string
            } else {
                return nil
            }
        }
        self.init(
            incomingAllowed: incomingAllowed,
            outgoing: outgoing,
            pushCredentialSID: pushCredentialSID,
            endpointID: endpointID
        )
    }

    /// `{"allow": Bool}`, where `allow` may be absent or `null` (not allowed); `nil` for any other shape.
    private static func incomingAllowed(_ value: JSONValueView) -> Bool? {
        guard let object = value.object else { return nil }
        var allowed = false
        for member in object {
            guard member.hasName(.allow) else { return nil }
            if member.value.isNull {
                allowed = false
            } else if let bool = member.value.bool {
                allowed = bool
            } else {
                return nil
            }
        }
        return allowed
    }
}

extension VoiceGrant.Outgoing {
    fileprivate func validate(key: String) throws(TokenError) {
        try SIDKind.application.validate(self.applicationSID, field: "\(key).outgoing.application_sid")
        if !self.params.isFinite, let path = self.params.pathOfNonFiniteNumber(under: "\(key).outgoing.params") {
            throw TokenError.nonFiniteNumber(at: path)
        }
    }

    /// Writes the `outgoing` member.
    fileprivate func write(to writer: inout JSONWriter) {
        writer.key(.outgoing)
        writer.beginObject()
        writer.key(.applicationSID)
        writer.unescapedString(self.applicationSID)  // a validated SID
        if !self.params.isEmpty {
            writer.key(.params)
            try! writer.object(self.params)  // validate() rejected non-finite numbers
        }
        writer.endObject()
    }

    /// `{"application_sid": String, "params": Object}` (`params` may be absent or `null`); `nil` for any other shape.
    fileprivate init?(decoding value: JSONValueView) {
        guard let object = value.object else { return nil }
        var applicationSID: String? = nil
        var params = JSONObject()
        for member in object {
            let value = member.value
            if member.hasName(.applicationSID) {
                guard let string = value.string else { return nil }
                applicationSID = string
            } else if member.hasName(.params) {
                if value.isNull {
                    params = JSONObject()
                } else if let object = value.object {
                    params = JSONObject(object)
                } else {
                    return nil
                }
            } else {
                return nil
            }
        }
        guard let applicationSID else { return nil }
        self.init(applicationSID: applicationSID, params: params)
    }
}

// The member names of the voice grant's JSON.
extension MemberName {
    fileprivate static let incoming: MemberName = "incoming"
    fileprivate static let outgoing: MemberName = "outgoing"
    fileprivate static let applicationSID: MemberName = "application_sid"
    fileprivate static let params: MemberName = "params"
}
