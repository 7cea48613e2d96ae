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

extension VoiceGrant {
    func validate() throws(TokenError) {
        // Through methods of the optional (rather than `if let`, which copies the outgoing grant, retaining its
        // strings and objects).
        try self.outgoing?.validate()
        try SIDKind.credential.validateIfPresent(self.pushCredentialSID, field: "voice.push_credential_sid")
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if self.incomingAllowed {
            writer.key("incoming")
            writer.beginObject()
            writer.key("allow")
            writer.bool(true)
            writer.endObject()
        }
        self.outgoing?.write(to: &writer)
        writer.optionalMember("push_credential_sid", self.pushCredentialSID)
        writer.optionalMember("endpoint_id", self.endpointID)
        writer.endObject()
    }
}

extension VoiceGrant.Outgoing {
    fileprivate func validate() throws(TokenError) {
        try SIDKind.application.validate(self.applicationSID, field: "voice.outgoing.application_sid")
        if let path = self.params.pathOfNonFiniteNumber(under: "voice.outgoing.params") {
            throw TokenError.nonFiniteNumber(at: path)
        }
    }

    /// Writes the `outgoing` member.
    fileprivate func write(to writer: inout JSONWriter) {
        writer.key("outgoing")
        writer.beginObject()
        writer.key("application_sid")
        writer.unescapedString(self.applicationSID)  // validated SID
        if !self.params.isEmpty {
            writer.key("params")
            try! writer.object(self.params)  // validate() rejected non-finite numbers
        }
        writer.endObject()
    }
}
