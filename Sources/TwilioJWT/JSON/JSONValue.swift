@_spi(Engine) import TwilioJWTEngine

/// A JSON value, for the parts of a token whose shape Twilio leaves open: Voice outgoing parameters, the
/// opaque Playback grant, custom grants, and the header and claims of a decoded token.
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

    /// The integer, if this is an integer (a number written without fraction or exponent that fits an `Int`).
    public var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The number, if this is a number other than an ``int(_:)``.
    public var doubleValue: Double? {
        if case .double(let value) = self { return value }
        return nil
    }

    /// The Boolean, if this is a Boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The object, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

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

// MARK: - Reading

extension JSONValue {
    /// Parses JSON text strictly, keeping member order: UTF-8 only, no duplicate member names, RFC 8259
    /// numbers, nothing after the value, at most `maximumDepth` levels deep. Use it to pass JSON from elsewhere (say,
    /// the grant Twilio's PlaybackGrant API returns) into a token unchanged.
    ///
    /// - Parameters:
    ///   - text: The JSON text.
    ///   - maximumDepth: How deeply arrays and objects may nest; 64 by default.
    /// - Throws: ``TokenError/Code-swift.struct/malformed`` or ``TokenError/Code-swift.struct/duplicateMember``, with
    ///   the reason and byte offset, as an ``TokenError/Category-swift.enum/invalidInput``.
    public init(parsing text: String, maximumDepth: Int = 64) throws(TokenError) {
        do {
            self.init(try JSONDocument.parse(text.utf8, maximumDepth: maximumDepth))
        } catch {
            throw TokenError(
                error.kind == .duplicateMember ? .duplicateMember : .malformed, "\(error)", category: .invalidInput)
        }
    }

    /// The value `view` reads: objects stay views of the parsed document, everything else is copied out.
    init(_ view: JSONValueView) {
        switch view.kind {
        case .null: self = .null
        case .bool: self = .bool(view.bool ?? false)
        case .int: self = .int(view.int ?? 0)
        case .double: self = .double(view.double ?? 0)
        case .string: self = .string(view.string ?? "")
        case .array: self = .array(view.array.map { $0.map(JSONValue.init) } ?? [])
        case .object: self = view.object.map { .object(JSONObject($0)) } ?? .null
        }
    }
}

// MARK: - Writing

extension JSONValue: CustomStringConvertible {
    /// The value as compact JSON, written as twilio-python writes it.
    public var description: String {
        var writer = JSONWriter(capacity: 64)
        writer.displayValue(self)
        return writer.string
    }
}

extension JSONWriter {
    /// Thrown by ``value(_:)`` when a double is infinite or NaN.
    struct NonFiniteNumber: Error {}

    /// Writes `value`, throwing if it holds a number JSON cannot represent.
    mutating func value(_ value: JSONValue) throws(NonFiniteNumber) {
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

    mutating func object(_ object: JSONObject) throws(NonFiniteNumber) {
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
    var isFinite: Bool {
        switch self {
        case .double(let double): return double.isFinite
        case .array(let array): return array.allSatisfy(\.isFinite)
        case .object(let object): return object.isFinite
        default: return true
        }
    }

    /// The dotted path of the first infinite or NaN number inside this value, if any.
    func pathOfNonFiniteNumber(under path: String) -> String? {
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
    var isFinite: Bool {
        self.allMembers { $1.isFinite }
    }

    func pathOfNonFiniteNumber(under path: String) -> String? {
        guard !self.isFinite else { return nil }
        for (key, element) in self {
            if let found = element.pathOfNonFiniteNumber(under: "\(path).\(key)") { return found }
        }
        return nil
    }
}

// MARK: - Encoding

extension JSONValue: Encodable {
    /// Encodes the value as the JSON it is: `null`, a Boolean, a number, a string, an array or an object. Members are
    /// given to the encoder in order; `JSONEncoder` does not keep it (`.sortedKeys` sorts them).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .int(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .double(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements {
                try container.encode(element)
            }
        case .object(let object):
            try object.encode(to: encoder)
        }
    }
}

extension JSONObject: Encodable {
    /// Encodes the members in order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        for (name, value) in self {
            try container.encode(value, forKey: MemberKey(name))
        }
    }
}

/// A coding key that is any member name.
struct MemberKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) {
        self.stringValue = name
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}
