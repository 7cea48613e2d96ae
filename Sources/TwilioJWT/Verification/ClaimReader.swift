/// Reads registered and Twilio claims out of a decoded JSON object with the verifier's type rules: strings
/// are strings, times are integers within 1970…9999 (no strings, fractions, exponents or huge values), and a
/// claim of the wrong type is ``TokenError/Code-swift.struct/malformed`` with a message naming it.
struct ClaimReader {
    let object: JSONObject
    /// `claims` or `header`, for messages.
    let part: String

    func value(_ name: String) -> JSONValue? {
        self.object[name]
    }

    /// A string member; `nil` when absent. With `nullIsAbsent`, JSON `null` counts as absent too (twilio-ruby
    /// writes `"twr":null`; ExTwilio `"endpoint_id":null`).
    func string(_ name: String, nullIsAbsent: Bool = false) throws(TokenError) -> String? {
        switch self.object[name] {
        case nil: return nil
        case .null? where nullIsAbsent: return nil
        case .string(let value)?: return value
        case let other?: throw self.wrongType(name, expected: "a string", got: other)
        }
    }

    func requiredString(_ name: String) throws(TokenError) -> String {
        guard let value = try self.string(name) else {
            throw TokenError(.missingClaim, "the \(self.part) have no '\(name)'")
        }
        return value
    }

    /// An integer Unix time; `nil` when absent.
    func time(_ name: String) throws(TokenError) -> Int? {
        switch self.object[name] {
        case nil:
            return nil
        case .int(let value)? where (0...UnixTime.maximum).contains(value):
            return value
        case .int(let value)?:
            throw TokenError(
                .malformed,
                "'\(name)' is \(value), outside the Unix times this verifier accepts (0 to \(UnixTime.maximum))"
            )
        case let other?:
            throw self.wrongType(name, expected: "an integer Unix time in seconds", got: other)
        }
    }

    func requiredTime(_ name: String) throws(TokenError) -> Int {
        guard let value = try self.time(name) else {
            throw TokenError(.missingClaim, "the \(self.part) have no '\(name)' (expiry)")
        }
        return value
    }

    func object(_ name: String) throws(TokenError) -> JSONObject? {
        switch self.object[name] {
        case nil: return nil
        case .object(let value)?: return value
        case let other?: throw self.wrongType(name, expected: "an object", got: other)
        }
    }

    func wrongType(_ name: String, expected: String, got value: JSONValue) -> TokenError {
        TokenError(.malformed, "'\(name)' in the \(self.part) must be \(expected); it is \(Self.describeType(value))")
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
