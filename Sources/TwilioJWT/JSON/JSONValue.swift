/// A JSON value, for the parts of a token whose shape Twilio leaves open: Voice outgoing parameters, the
/// opaque Playback grant, and custom grants.
///
/// Write values with literals:
///
/// ```swift
/// let params: JSONObject = ["to": "+15558675310", "attempt": 2, "vip": true, "tags": ["a", "b"], "note": nil]
/// ```
///
/// Numbers keep their kind: ``int(_:)`` is written as a decimal integer, ``double(_:)`` the way Python's
/// `json.dumps` writes a float (`2.0`, `1e-07`, `1e+16`), so tokens match twilio-python byte for byte.
/// JSON has no infinities or NaN; minting a token that holds one throws
/// ``TokenError/Code-swift.struct/invalidGrant``.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}

extension JSONValue {
    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The object, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The Boolean, if this is a Boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// Whether Python would consider this value "truthy"; twilio-python leaves out falsy members.
    var isPythonTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .double(let value): return value != 0
        case .string(let value): return !value.isEmpty
        case .array(let value): return !value.isEmpty
        case .object(let value): return !value.isEmpty
        }
    }
}

extension JSONValue: CustomStringConvertible {
    /// The value as compact JSON, written as twilio-python writes it.
    public var description: String {
        var writer = JSONWriter(capacity: 64)
        writer.displayValue(self)
        return writer.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }
}

// MARK: - Writing

extension JSONWriter {
    /// Thrown by ``value(_:)`` when a double is infinite or NaN.
    package struct NonFiniteNumber: Error {}

    /// Writes `value`, throwing if it holds a number JSON cannot represent.
    package mutating func value(_ value: JSONValue) throws(NonFiniteNumber) {
        switch value {
        case .null: self.null()
        case .bool(let bool): self.bool(bool)
        case .int(let int): self.int(int)
        case .double(let double):
            guard double.isFinite else { throw NonFiniteNumber() }
            self.double(double)
        case .string(let string): self.string(escaping: string)
        case .array(let array):
            self.beginArray()
            for element in array {
                try self.value(element)
            }
            self.endArray()
        case .object(let object):
            try self.object(object)
        }
    }

    package mutating func object(_ object: JSONObject) throws(NonFiniteNumber) {
        self.beginObject()
        try object.forEachMember { (key, element) throws(NonFiniteNumber) in
            self.key(escaping: key)
            try self.value(element)
        }
        self.endObject()
    }

    /// Writes `value` for display, spelling non-finite numbers as Python does (`NaN`, `Infinity`).
    fileprivate mutating func displayValue(_ value: JSONValue) {
        switch value {
        case .double(let double) where double.isNaN:
            self.rawValue("NaN")
        case .double(let double) where !double.isFinite:
            self.rawValue(double < 0 ? "-Infinity" : "Infinity")
        case .array(let array):
            self.beginArray()
            for element in array {
                self.displayValue(element)
            }
            self.endArray()
        case .object(let object):
            self.beginObject()
            for (key, element) in object {
                self.key(escaping: key)
                self.displayValue(element)
            }
            self.endObject()
        default:
            try! self.value(value)
        }
    }
}

extension JSONValue {
    /// Whether every number inside this value is finite (allocation-free; minting checks this on every token).
    package var isFinite: Bool {
        switch self {
        case .double(let double): return double.isFinite
        case .array(let array): return array.allSatisfy(\.isFinite)
        case .object(let object): return object.isFinite
        default: return true
        }
    }

    /// The dotted path of the first infinite or NaN number inside this value, if any.
    package func pathOfNonFiniteNumber(under path: String) -> String? {
        guard !self.isFinite else { return nil }
        switch self {
        case .double(let double):
            return double.isFinite ? nil : path
        case .array(let array):
            for (index, element) in array.enumerated() {
                if let found = element.pathOfNonFiniteNumber(under: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let object):
            return object.pathOfNonFiniteNumber(under: path)
        default:
            return nil
        }
    }
}

extension JSONObject {
    /// Whether every number inside this object is finite.
    package var isFinite: Bool {
        self.allMembers { $1.isFinite }
    }

    package func pathOfNonFiniteNumber(under path: String) -> String? {
        guard !self.isFinite else { return nil }
        for (key, element) in self {
            if let found = element.pathOfNonFiniteNumber(under: "\(path).\(key)") { return found }
        }
        return nil
    }
}

extension JSONValue {
    /// Parses JSON text strictly, keeping member order: UTF-8 only, no duplicate member names, RFC 8259
    /// numbers, nothing after the value, at most 64 levels deep. Use it to pass JSON from elsewhere (say, the
    /// grant Twilio's PlaybackGrant API returns) into a token unchanged.
    ///
    /// - Throws: ``TokenError/Code-swift.struct/malformed`` or ``TokenError/Code-swift.struct/duplicateMember``,
    ///   with the reason and byte offset.
    public init(parsing text: String) throws(TokenError) {
        do {
            self = try JSONReader.parse(text, maximumDepth: 64)
        } catch {
            throw TokenError(error.kind == .duplicateMember ? .duplicateMember : .malformed, "\(error)")
        }
    }
}
