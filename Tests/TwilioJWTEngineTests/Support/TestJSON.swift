@_spi(Engine) @testable import TwilioJWTEngine

/// A JSON value as plain Swift data, so that what the views of a parsed document read can be compared with what a
/// test expects: member order and the kind of each number (integer or double) included.
///
/// It is built from the views alone (``init(_:)``), and written with the engine's ``JSONWriter``, so that the tests
/// of the parser need nothing of the library above the engine.
enum TestJSON: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([TestJSON])
    case object([Member])

    /// One member of an object, in the order of the text.
    struct Member: Hashable, Sendable {
        let name: String
        let value: TestJSON
    }

    /// What the views read of `view`: every accessor that matches its kind, recursively.
    init(_ view: JSONValueView) {
        switch view.kind {
        case .null: self = .null
        case .bool: self = .bool(view.bool!)
        case .int: self = .int(view.int!)
        case .double: self = .double(view.double!)
        case .string: self = .string(view.string!)
        case .array: self = .array(view.array!.map(TestJSON.init))
        case .object: self.init(view.object!)
        }
    }

    /// What the views read of `object`, members in the text's order.
    init(_ object: JSONObjectView) {
        self = .object(object.map { Member(name: $0.name, value: TestJSON($0.value)) })
    }

    /// The member names, if this is an object.
    var names: [String]? {
        guard case .object(let members) = self else { return nil }
        return members.map(\.name)
    }

    /// Writes the value with `writer`, as Python's `json.dumps` would (doubles must be finite).
    func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .int(let value): writer.int(value)
        case .double(let value): writer.double(value)
        case .string(let value): writer.string(escaping: value)
        case .array(let elements):
            writer.beginArray()
            for element in elements { element.write(to: &writer) }
            writer.endArray()
        case .object(let members):
            writer.beginObject()
            for member in members {
                writer.key(escaping: member.name)
                member.value.write(to: &writer)
            }
            writer.endObject()
        }
    }

    /// The value written with ``JSONWriter``.
    var json: String {
        var writer = JSONWriter()
        self.write(to: &writer)
        return writer.string
    }
}

extension TestJSON: CustomStringConvertible {
    var description: String { self.json }
}

extension TestJSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    init(nilLiteral: ()) { self = .null }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(floatLiteral value: Double) { self = .double(value) }
    init(stringLiteral value: String) { self = .string(value) }
    init(arrayLiteral elements: TestJSON...) { self = .array(elements) }
    /// An object whose members are in the order written (duplicates are kept: the literal is what a test expects).
    init(dictionaryLiteral elements: (String, TestJSON)...) {
        self = .object(elements.map { Member(name: $0.0, value: $0.1) })
    }
}
