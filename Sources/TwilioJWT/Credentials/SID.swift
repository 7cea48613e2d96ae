@_spi(Engine) import TwilioJWTEngine

/// The kinds of Twilio resource identifiers (SIDs) that appear in tokens, and the check of a SID's shape.
///
/// A SID is a two-letter upper-case prefix naming the resource type followed by 32 lower-case hex digits,
/// for example `AC` + 32 hex digits for an account.
///
/// ```swift
/// try SIDKind.apiKey.validate(configuredKeySID, field: "TWILIO_API_KEY")
/// ```
public struct SIDKind: Sendable, Hashable, CustomStringConvertible {
    /// The two-letter prefix, such as `AC`.
    public let prefix: String
    /// What a person would call a resource of this kind, for messages: "an account SID".
    let noun: String
    /// The two bytes of ``prefix``.
    let prefixBytes: (UInt8, UInt8)

    private init(_ prefix: String, _ noun: String) {
        var bytes = prefix.utf8.makeIterator()
        self.prefix = prefix
        self.noun = noun
        self.prefixBytes = (bytes.next() ?? 0, bytes.next() ?? 0)
    }

    /// An account (`AC`).
    public static let account = SIDKind("AC", "an account SID")
    /// An API key (`SK`).
    public static let apiKey = SIDKind("SK", "an API key SID")
    /// A TwiML application (`AP`).
    public static let application = SIDKind("AP", "a TwiML application SID")
    /// A credential: a push credential or a Client Validation public key (`CR`).
    public static let credential = SIDKind("CR", "a credential SID")
    /// A Conversations, Chat or Sync service (`IS`).
    public static let service = SIDKind("IS", "a service SID")
    /// A Chat role (`RL`).
    public static let deploymentRole = SIDKind("RL", "a role SID")
    /// A TaskRouter workspace (`WS`).
    public static let workspace = SIDKind("WS", "a TaskRouter workspace SID")
    /// A TaskRouter worker (`WK`).
    public static let worker = SIDKind("WK", "a TaskRouter worker SID")
    /// A TaskRouter task queue (`WQ`).
    public static let taskQueue = SIDKind("WQ", "a TaskRouter task queue SID")
    /// A Video configuration profile of the legacy `rtc` grant (`VS`).
    public static let configurationProfile = SIDKind("VS", "a configuration profile SID")

    /// Every kind, for telling what a misplaced SID is.
    static let allCases: [SIDKind] = [
        .account, .apiKey, .application, .credential, .service, .deploymentRole, .workspace, .worker, .taskQueue,
        .configurationProfile,
    ]

    /// The number of characters of a SID: the prefix and 32 digits.
    static var sidLength: Int { SIDDigits.sidLength }

    /// "an account SID".
    public var description: String { self.noun }

    public static func == (lhs: SIDKind, rhs: SIDKind) -> Bool { lhs.prefix == rhs.prefix }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.prefix) }
}

extension SIDKind {
    /// The digits of `value`, if it is a SID of this kind.
    func digits(of value: String) -> SIDDigits? {
        SIDDigits(value, prefix: self.prefixBytes)
    }

    /// The digits of the string `value`, if it is a SID of this kind.
    func digits(of value: JSONValueView) -> SIDDigits? {
        SIDDigits(value, prefix: self.prefixBytes)
    }

    /// Whether `value` is a SID of this kind: the prefix and 32 lower-case hex digits.
    public func matches(_ value: String) -> Bool {
        self.digits(of: value) != nil
    }

    /// Checks that `value` is a SID of this kind.
    ///
    /// The error message names `field`, states the expected shape and describes what was seen without
    /// echoing it: a value passed here may be a misplaced secret, so only its length and, when they are a
    /// known Twilio prefix, its first two characters are shown ("this looks like an API key SID").
    ///
    /// - Parameters:
    ///   - value: The SID to check.
    ///   - field: What the value is, for the message: a parameter, flag or variable name.
    /// - Throws: ``TokenError/Code-swift.struct/invalidSID``.
    public func validate(_ value: String, field: @autoclosure () -> String) throws(TokenError) {
        if !self.matches(value), let problem = self.problem(with: value) {
            throw TokenError(
                .invalidSID, "\(field()) must be '\(self.prefix)' followed by 32 lower-case hex digits; \(problem)")
        }
    }

    /// Checks an optional SID member of a grant: `nil` and the empty string mean "absent" (twilio-python
    /// leaves out every falsy member), anything else must be a SID of this kind.
    func validateIfPresent(_ value: String?, field: @autoclosure () -> String) throws(TokenError) {
        guard let value, !value.isEmpty else { return }
        try self.validate(value, field: field())
    }

    /// What is wrong with `value` as a SID of this kind, or `nil` if nothing is.
    private func problem(with value: String) -> String? {
        let utf8 = value.utf8
        if utf8.isEmpty {
            return "got an empty string"
        }
        var firstBadHexOffset: Int? = nil
        var hasUpperHex = false
        let (first, second) = self.prefixBytes
        var prefixOK = utf8.count >= 2
        for (index, byte) in utf8.enumerated() {
            if index < 2 {
                if byte != (index == 0 ? first : second) { prefixOK = false }
            } else if !Hex.isLowercaseDigit(byte) {
                if firstBadHexOffset == nil { firstBadHexOffset = index }
                if (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte) { hasUpperHex = true }
            }
        }
        if utf8.count == Self.sidLength && prefixOK && firstBadHexOffset == nil { return nil }

        let seenPrefix = utf8.count >= 2 ? String(decoding: utf8.prefix(2), as: UTF8.self) : nil
        let knownKind = seenPrefix.flatMap { prefix in SIDKind.allCases.first { $0.prefix == prefix } }
        var description = "got \(utf8.count) characters"
        if let knownKind, let seenPrefix {
            description += " starting '\(seenPrefix)'"
            if knownKind != self {
                return description + " (this looks like \(knownKind.noun), not \(self.noun))"
            }
        } else {
            description += " that do not start with a Twilio SID prefix"
            if utf8.count == 32 {
                description +=
                    " (32 characters without a prefix is the shape of a secret or auth token: "
                    + "check the order of the arguments)"
            }
            return description
        }
        if utf8.count != Self.sidLength {
            return description
        }
        if hasUpperHex {
            return description + " with upper-case hex digits (Twilio SIDs use lower-case hex)"
        }
        if let firstBadHexOffset {
            return description + " with a character that is not a hex digit at offset \(firstBadHexOffset)"
        }
        return description
    }
}
