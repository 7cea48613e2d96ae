/// A JSON object whose members keep the order they were added in.
///
/// Member order is part of a token's bytes, so it is kept exactly. Names are unique, with the rules of a
/// Python `dict` (which is what twilio-python serialises): setting a name that is already present
/// replaces its value and keeps its position; a dictionary literal that repeats a name keeps the first
/// position and the last value.
///
/// ```swift
/// var params: JSONObject = ["foo": "bar", "n": 1]
/// params["n"] = 2          // still second
/// params["extra"] = true   // appended
/// params["foo"] = nil      // removed
/// ```
public struct JSONObject: Sendable, Hashable {
    private struct Member: Sendable, Hashable {
        var name: String
        var value: JSONValue
    }

    // One array of members rather than one of names and one of values: one allocation per object.
    private var members: [Member]

    /// An empty object.
    public init() {
        self.members = []
    }

    /// An empty object with room for `capacity` members (parsers reserve once instead of growing).
    package init(capacity: Int) {
        self.members = []
        self.members.reserveCapacity(capacity)
    }

    /// An object with `members` in order; a repeated name keeps its first position and takes the last value.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        self.init()
        for (name, value) in members {
            self[name] = value
        }
    }

    /// The value of the member called `name`; setting `nil` removes the member.
    public subscript(name: String) -> JSONValue? {
        get {
            guard let index = self.members.firstIndex(where: { $0.name == name }) else { return nil }
            return self.members[index].value
        }
        set {
            if let index = self.members.firstIndex(where: { $0.name == name }) {
                if let newValue {
                    self.members[index].value = newValue
                } else {
                    self.members.remove(at: index)
                }
            } else if let newValue {
                self.members.append(Member(name: name, value: newValue))
            }
        }
    }

    /// The member names, in order.
    public var keys: [String] { self.members.map(\.name) }

    /// Whether a member is called `name`.
    package func contains(name: String) -> Bool {
        self.members.contains { $0.name == name }
    }

    /// Appends a member without checking for an existing one of the same name. Only for parsers that
    /// have already rejected duplicates.
    package mutating func appendUnchecked(_ name: String, _ value: JSONValue) {
        self.members.append(Member(name: name, value: value))
    }
}

extension JSONObject: RandomAccessCollection {
    public typealias Element = (key: String, value: JSONValue)
    public typealias Index = Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { self.members.count }
    public subscript(position: Int) -> (key: String, value: JSONValue) {
        let member = self.members[position]
        return (member.name, member.value)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONObject: CustomStringConvertible {
    /// The object as compact JSON, written as twilio-python writes it.
    public var description: String { JSONValue.object(self).description }
}
