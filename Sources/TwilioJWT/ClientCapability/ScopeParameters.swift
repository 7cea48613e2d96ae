/// Ordered name/value parameters of a capability scope: the parameters passed to a TwiML application's
/// Voice URL with each outgoing call, or the filters of an event-stream scope.
///
/// Order is kept (it is part of the token's bytes) and a name may repeat, which is how several values of one
/// parameter are sent (twilio-python writes `multi=['a', 'b']` as `multi=a&multi=b`).
///
/// ```swift
/// let params: ScopeParameters = ["customer": "42", "plan": "pro"]
/// ```
public struct ScopeParameters: Sendable, Hashable {
    private var names: [String]
    private var values: [String]

    /// No parameters.
    public init() {
        self.names = []
        self.values = []
    }

    /// The parameters in order; names may repeat.
    public init(_ parameters: some Sequence<(String, String)>) {
        self.init()
        for (name, value) in parameters {
            self.append(name: name, value: value)
        }
    }

    /// Appends a parameter (a repeated name adds another value).
    public mutating func append(name: String, value: String) {
        self.names.append(name)
        self.values.append(value)
    }

    /// All values of the parameter called `name`, in order.
    public func values(for name: String) -> [String] {
        zip(self.names, self.values).filter { $0.0 == name }.map(\.1)
    }
}

extension ScopeParameters: RandomAccessCollection {
    public typealias Element = (name: String, value: String)
    public var startIndex: Int { 0 }
    public var endIndex: Int { self.names.count }
    public subscript(position: Int) -> (name: String, value: String) {
        (self.names[position], self.values[position])
    }
}

extension ScopeParameters: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }
}

extension ScopeParameters: CustomStringConvertible {
    /// The parameters form-encoded (`name=value&…`), as they are written inside the scope.
    public var description: String {
        FormEncoding.urlencode(self.map { ($0.name, $0.value) })
    }
}

extension ScopeParameters: Encodable {
    /// Encodes the parameters in order, as `[{"name": …, "value": …}, …]` (a name may repeat).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for (name, value) in self {
            try container.encode(["name": name, "value": value])
        }
    }
}
