@_spi(Engine) import TwilioJWTEngine

/// Reads registered and Twilio claims out of an object of a decoded token with the verifier's type rules: strings are
/// strings, times are integers within 1970…9999 (no strings, fractions, exponents or huge values), and a claim of the
/// wrong type is ``TokenError/Code-swift.struct/malformed`` with a message naming it.
///
/// Only the values asked for are copied out (as `String`, `Int` or, for open-ended JSON, a ``JSONObject`` view).
struct ClaimReader {
    let object: JSONObjectView
    /// `claims`, `header`, `grants`…, for messages.
    let part: Part

    /// The objects a reader reads, as messages name them.
    enum Part: CustomStringConvertible {
        case header, claims, grants
        /// `policies[index]` of a TaskRouter token.
        case policy(Int)

        var description: String {
            switch self {
            case .header: return "header"
            case .claims: return "claims"
            case .grants: return "grants"
            case .policy(let index): return "policies[\(index)]"
            }
        }
    }

    /// The member called `name`, if there is one.
    @inline(__always)
    subscript(name: MemberName) -> JSONValueView? {
        self.object[name]
    }

    /// Whether the object has a member called `name`, whatever its value.
    @inline(__always)
    func contains(_ name: MemberName) -> Bool {
        self.object.contains(name)
    }

    /// A string member, unread; `nil` when absent. With `nullIsAbsent`, JSON `null` counts as absent too
    /// (twilio-ruby writes `"twr":null`; ExTwilio `"endpoint_id":null`).
    @inline(__always)
    func stringValue(_ name: MemberName, nullIsAbsent: Bool = false) throws(TokenError) -> JSONValueView? {
        guard let value = self[name] else { return nil }
        switch value.kind {
        case .string: return value
        case .null where nullIsAbsent: return nil
        default: throw self.wrongType(name, expected: "a string", got: value)
        }
    }

    /// A string member; `nil` when absent (see ``stringValue(_:nullIsAbsent:)``).
    @inline(__always)
    func string(_ name: MemberName, nullIsAbsent: Bool = false) throws(TokenError) -> String? {
        try self.stringValue(name, nullIsAbsent: nullIsAbsent)?.string
    }

    @inline(__always)
    func requiredString(_ name: MemberName) throws(TokenError) -> String {
        guard let value = try self.string(name) else {
            throw self.missing(name)
        }
        return value
    }

    /// A required string member that is usually `known` (a key's SID the token must name): `known` itself when the
    /// member equals it, so that the common case copies nothing.
    @inline(__always)
    func requiredString(_ name: MemberName, usually known: String) throws(TokenError) -> String {
        guard let value = try self.stringValue(name) else {
            throw self.missing(name)
        }
        return value.isString(equalTo: known) ? known : value.string ?? ""
    }

    /// An integer Unix time; `nil` when absent.
    @inline(__always)
    func time(_ name: MemberName) throws(TokenError) -> Int? {
        guard let value = self[name] else { return nil }
        guard let time = value.int else {
            throw self.wrongType(name, expected: "an integer Unix time in seconds", got: value)
        }
        guard (0...UnixTime.maximum).contains(time) else {
            throw TokenError(
                .malformed,
                "'\(name)' is \(time), outside the Unix times this verifier accepts (0 to \(UnixTime.maximum))"
            )
        }
        return time
    }

    @inline(__always)
    func requiredTime(_ name: MemberName) throws(TokenError) -> Int {
        guard let value = try self.time(name) else {
            throw TokenError(.missingClaim, "the \(self.part) have no '\(name)' (expiry)")
        }
        return value
    }

    /// An object member; `nil` when absent.
    @inline(__always)
    func object(_ name: MemberName) throws(TokenError) -> JSONObjectView? {
        guard let value = self[name] else { return nil }
        guard let object = value.object else {
            throw self.wrongType(name, expected: "an object", got: value)
        }
        return object
    }

    func missing(_ name: MemberName) -> TokenError {
        TokenError(.missingClaim, "the \(self.part) have no '\(name)'")
    }

    func wrongType(_ name: MemberName, expected: String, got value: JSONValueView) -> TokenError {
        TokenError(
            .malformed,
            "'\(name)' in the \(self.part) must be \(expected); it is \(Self.describeType(JSONValue(value)))"
        )
    }

    /// The JSON type of a value, and the value itself for numbers (never strings: they may be anything).
    static func describeType(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a Boolean"
        case .int(let number): return "the integer \(number)"
        case .double(let number): return "the number \(PythonFloatRepr.string(number))"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
