/// Reads registered and Twilio claims out of an object of a decoded token with the verifier's type rules:
/// strings are strings, times are integers within 1970…9999 (no strings, fractions, exponents or huge values),
/// and a claim of the wrong type is ``TokenError/Code-swift.struct/malformed`` with a message naming it.
///
/// It reads the parsed document in place, by node: looking up a claim compares names against the document's
/// bytes, and only the values asked for are copied out (as `String`, `Int` or, for open-ended JSON, a
/// ``JSONValue``), so the verifier's hot path builds no intermediate JSON values.
struct ClaimReader {
    let document: JSONDocument
    /// The object's node in `document`.
    let node: Int
    /// `claims`, `header`, `grants`…, for messages.
    let part: Part

    /// The objects a reader reads, as messages name them. Not a `String`, so that copying a reader retains only
    /// its document.
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

    /// A reader of the object at `node` of `document`.
    init(document: JSONDocument, node: Int, part: Part) {
        self.document = document
        self.node = node
        self.part = part
    }

    /// The node of the value of the member called `name`, if there is one.
    @inline(__always)
    func valueIndex(_ name: MemberName) -> Int? {
        self.document.memberValueIndex(named: name, inObjectAt: self.node)
    }

    /// Whether the object has a member called `name`, whatever its value.
    func contains(_ name: MemberName) -> Bool {
        self.valueIndex(name) != nil
    }

    /// Whether the object has any of the well-known members (``MemberName/wellKnown``) whose slots `mask` has.
    func hasAnyMember(ofMask mask: UInt32) -> Bool {
        self.document.hasAnyMember(ofMask: mask, inObjectAt: self.node)
    }

    /// The member called `name` as a JSON value.
    func value(_ name: MemberName) -> JSONValue? {
        self.valueIndex(name).map(self.document.value(at:))
    }

    /// The node of a string member; `nil` when absent. With `nullIsAbsent`, JSON `null` counts as absent too
    /// (twilio-ruby writes `"twr":null`; ExTwilio `"endpoint_id":null`).
    func stringIndex(_ name: MemberName, nullIsAbsent: Bool = false) throws(TokenError) -> Int? {
        guard let index = self.valueIndex(name) else { return nil }
        switch self.document.kind(at: index) {
        case .string: return index
        case .null where nullIsAbsent: return nil
        default: throw self.wrongType(name, expected: "a string", at: index)
        }
    }

    /// A string member; `nil` when absent (see ``stringIndex(_:nullIsAbsent:)``).
    func string(_ name: MemberName, nullIsAbsent: Bool = false) throws(TokenError) -> String? {
        guard let index = try self.stringIndex(name, nullIsAbsent: nullIsAbsent) else { return nil }
        return self.document.string(at: index)
    }

    func requiredString(_ name: MemberName) throws(TokenError) -> String {
        guard let value = try self.string(name) else {
            throw self.missing(name)
        }
        return value
    }

    /// A required string member that is usually `known` (a key's SID the token must name): `known` itself when
    /// the member equals it, so that the common case copies nothing.
    func requiredString(_ name: MemberName, usually known: consuming String) throws(TokenError) -> String {
        guard let index = try self.stringIndex(name) else {
            throw self.missing(name)
        }
        return self.document.string(at: index, equalsASCII: known) ? known : self.document.string(at: index)
    }

    /// An integer Unix time; `nil` when absent.
    func time(_ name: MemberName) throws(TokenError) -> Int? {
        guard let index = self.valueIndex(name) else { return nil }
        guard self.document.kind(at: index) == .int else {
            throw self.wrongType(name, expected: "an integer Unix time in seconds", at: index)
        }
        let value = self.document.int(at: index)
        guard (0...UnixTime.maximum).contains(value) else {
            throw TokenError(
                .malformed,
                "'\(name)' is \(value), outside the Unix times this verifier accepts (0 to \(UnixTime.maximum))"
            )
        }
        return value
    }

    func requiredTime(_ name: MemberName) throws(TokenError) -> Int {
        guard let value = try self.time(name) else {
            throw TokenError(.missingClaim, "the \(self.part) have no '\(name)' (expiry)")
        }
        return value
    }

    /// The node of an object member; `nil` when absent.
    func objectIndex(_ name: MemberName) throws(TokenError) -> Int? {
        guard let index = self.valueIndex(name) else { return nil }
        guard self.document.kind(at: index) == .object else {
            throw self.wrongType(name, expected: "an object", at: index)
        }
        return index
    }

    /// An object member as a ``JSONObject`` (a view of the document); `nil` when absent.
    func jsonObject(_ name: MemberName) throws(TokenError) -> JSONObject? {
        try self.objectIndex(name).map { JSONObject(document: self.document, node: $0) }
    }

    func missing(_ name: MemberName) -> TokenError {
        TokenError(.missingClaim, "the \(self.part) have no '\(name)'")
    }

    func wrongType(_ name: MemberName, expected: String, at index: Int) -> TokenError {
        self.wrongType(name, expected: expected, got: self.document.value(at: index))
    }

    func wrongType(_ name: MemberName, expected: String, got value: JSONValue) -> TokenError {
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
