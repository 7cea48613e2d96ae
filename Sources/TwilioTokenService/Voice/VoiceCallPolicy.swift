#if TokenService
import TwilioWebhooks

/// The TwiML answer to a Voice webhook, and what it decided.
public struct VoiceCallAnswer: Sendable, Hashable {
    /// What the call does.
    public enum Outcome: Sendable, Hashable {
        /// It rings this client identity.
        case client(String)
        /// It dials this E.164 number.
        case number(String)
        /// It is refused: the TwiML says so and hangs up.
        case refused(VoiceCallRefusal)
    }

    /// The TwiML document, for a `text/xml` response.
    public let twiml: String
    /// What the TwiML does.
    public let outcome: Outcome
}

/// Why a call was refused; the `reason` label of `twilio_voice_calls_refused_total`.
public enum VoiceCallRefusal: String, Sendable, Hashable, CaseIterable {
    /// The request names no destination (`To`).
    case missingDestination = "missing_destination"
    /// The destination is neither an E.164 number nor a client identity Twilio accepts.
    case invalidDestination = "invalid_destination"
    /// The number matches no allowed prefix (or no prefix is allowed: client-to-client only).
    case numberNotAllowed = "number_not_allowed"
    /// The number matches a blocked prefix.
    case numberBlocked = "number_blocked"
    /// A call to the account's number, and `voice.incoming_client` is not set.
    case incomingNotConfigured = "incoming_not_configured"
}

/// Decides whom a Voice call reaches and writes the TwiML: framework-neutral, so that every HTTP adapter answers the
/// same way.
public struct VoiceCallPolicy: Sendable {
    /// The settings it applies.
    public let settings: VoiceSettings

    /// A policy.
    public init(settings: VoiceSettings) {
        self.settings = settings
    }

    /// The longest client identity dialled: the `<Client>` noun's limit (https://www.twilio.com/docs/voice/twiml/client).
    public static let maximumIdentityLength = 256

    /// The answer to `POST /v1/voice/outgoing`, for a call a client placed. `To` (or the quickstarts' `to`) is
    /// `client:<identity>`, an E.164 number (spaces, dashes, dots and parentheses allowed, as people type numbers),
    /// or a bare identity. The caller's `From` (`client:<identity>`) becomes the caller ID of a call to a client.
    public func outgoing(_ parameters: WebhookParameters) -> VoiceCallAnswer {
        guard let to = parameters["To"] ?? parameters["to"], !to.isEmpty else {
            return Self.refusal(.missingDestination)
        }
        if to.hasPrefix("client:") {
            return self.dialClient(
                String(to.dropFirst("client:".count)), caller: parameters["From"] ?? parameters["Caller"])
        }
        if Self.looksLikeNumber(to) {
            let number = String(to.unicodeScalars.filter { $0 == "+" || ("0"..."9").contains($0) }.map(Character.init))
            guard Self.isE164(number) else { return Self.refusal(.invalidDestination) }
            return self.dialNumber(number)
        }
        return self.dialClient(to, caller: parameters["From"] ?? parameters["Caller"])
    }

    /// The answer to `POST /v1/voice/incoming`, for a call to one of the account's numbers: ring
    /// `voice.incoming_client`, or refuse.
    public func incoming(_ parameters: WebhookParameters) -> VoiceCallAnswer {
        guard let client = self.settings.incomingClient else {
            return Self.refusal(.incomingNotConfigured)
        }
        let twiml = TwiML([
            .element(
                name: "Dial", attributes: [TwiML.Attribute("answerOnBridge", "true")],
                children: [.element(name: "Client", attributes: [], children: [.text(client)])])
        ])
        return VoiceCallAnswer(twiml: twiml.document, outcome: .client(client))
    }

    private func dialClient(_ identity: String, caller: String?) -> VoiceCallAnswer {
        guard Self.identityProblem(identity) == nil else { return Self.refusal(.invalidDestination) }
        var attributes = [TwiML.Attribute("answerOnBridge", "true")]
        if let caller, caller.hasPrefix("client:"), Self.identityProblem(String(caller.dropFirst(7))) == nil {
            attributes.insert(TwiML.Attribute("callerId", caller), at: 0)
        }
        let twiml = TwiML([
            .element(
                name: "Dial", attributes: attributes,
                children: [.element(name: "Client", attributes: [], children: [.text(identity)])])
        ])
        return VoiceCallAnswer(twiml: twiml.document, outcome: .client(identity))
    }

    private func dialNumber(_ number: String) -> VoiceCallAnswer {
        let allowed = Self.longestMatch(number, self.settings.allowedNumberPrefixes)
        let blocked = Self.longestMatch(number, self.settings.blockedNumberPrefixes)
        guard let allowed, let callerID = self.settings.callerID else {
            return Self.refusal(blocked != nil ? .numberBlocked : .numberNotAllowed)
        }
        if let blocked, blocked > allowed {
            return Self.refusal(.numberBlocked)
        }
        let twiml = TwiML([
            .element(
                name: "Dial",
                attributes: [TwiML.Attribute("callerId", callerID), TwiML.Attribute("answerOnBridge", "true")],
                children: [.element(name: "Number", attributes: [], children: [.text(number)])])
        ])
        return VoiceCallAnswer(twiml: twiml.document, outcome: .number(number))
    }

    /// The TwiML of a refused call: a fixed sentence (never the caller's input) and `<Hangup/>`.
    static func refusal(_ reason: VoiceCallRefusal) -> VoiceCallAnswer {
        let sentence =
            switch reason {
            case .incomingNotConfigured: "This number does not take calls."
            case .missingDestination: "No one to call was given."
            default: "This call is not allowed."
            }
        let twiml = TwiML([
            .element(name: "Say", attributes: [], children: [.text(sentence)]),
            .element(name: "Hangup", attributes: [], children: []),
        ])
        return VoiceCallAnswer(twiml: twiml.document, outcome: .refused(reason))
    }

    /// The length of the longest prefix in `prefixes` that `number` starts with.
    private static func longestMatch(_ number: String, _ prefixes: [String]) -> Int? {
        prefixes.filter { number.hasPrefix($0) }.map(\.utf8.count).max()
    }

    /// Digits with the separators people type: a `+`, digits, spaces, dashes, dots and parentheses, one digit at least.
    static func looksLikeNumber(_ text: String) -> Bool {
        text.unicodeScalars.contains { ("0"..."9").contains($0) }
            && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || "+ -().".unicodeScalars.contains($0) }
    }

    /// `+`, a non-zero digit, then up to 14 more digits (ITU-T E.164: at most 15 digits).
    static func isE164(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count >= 3 && bytes.count <= 16 && bytes[0] == UInt8(ascii: "+") && bytes[1] != UInt8(ascii: "0")
            && bytes.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Why `identity` cannot be dialled as a `<Client>`, or `nil`: it must be 1 to 256 characters with no control
    /// characters, and not start or end with whitespace.
    static func identityProblem(_ identity: String) -> String? {
        if identity.isEmpty { return "a client identity cannot be empty" }
        if identity.count > Self.maximumIdentityLength {
            return "a client identity is at most \(Self.maximumIdentityLength) characters"
        }
        if identity.unicodeScalars.contains(where: {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0xFFFE || $0.value == 0xFFFF
        }) {
            return "a client identity cannot contain control characters"
        }
        if let first = identity.first, let last = identity.last, first.isWhitespace || last.isWhitespace {
            return "a client identity cannot start or end with whitespace"
        }
        return nil
    }
}
#endif
