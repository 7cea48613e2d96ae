@_spi(Engine) import TwilioJWTEngine

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
public struct JSONObject: Sendable {
    private struct Member: Sendable, Hashable {
        var name: String
        var value: JSONValue
    }

    private enum Storage: Sendable {
        /// Members built in memory. One array of members rather than one of names and one of values: one
        /// allocation per object.
        case members([Member])
        /// An object of a parsed token, read in place until it is changed.
        case parsed(JSONObjectView)
    }

    private var storage: Storage

    /// An empty object.
    public init() {
        self.storage = .members([])
    }

    /// The object `view` reads, read in place until it is changed.
    init(_ view: JSONObjectView) {
        self.storage = .parsed(view)
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
            switch self.storage {
            case .members(let members):
                guard let index = members.firstIndex(where: { $0.name == name }) else { return nil }
                return members[index].value
            case .parsed(let view):
                return view[MemberName(name)].map(JSONValue.init)
            }
        }
        set {
            var members = self.takeMembers()
            if let index = members.firstIndex(where: { $0.name == name }) {
                if let newValue {
                    members[index].value = newValue
                } else {
                    members.remove(at: index)
                }
            } else if let newValue {
                members.append(Member(name: name, value: newValue))
            }
            self.storage = .members(members)
        }
    }

    /// The member names, in order.
    public var keys: [String] { self.map(\.key) }

    /// Whether a member is called `name`.
    func contains(name: String) -> Bool {
        switch self.storage {
        case .members(let members): return members.contains { $0.name == name }
        case .parsed(let view): return view.contains(MemberName(name))
        }
    }

    /// Calls `body` with each member's name and value, in order. Members of an object built in memory are lent to
    /// `body` in place, not copied out one by one as iterating the collection does (minting writes every object of
    /// every token this way).
    func forEachMember<Failure: Error>(
        _ body: (String, JSONValue) throws(Failure) -> Void
    ) throws(Failure) {
        switch self.storage {
        case .members(let members):
            for index in members.indices {
                try body(members[index].name, members[index].value)
            }
        case .parsed:
            for (name, value) in self {
                try body(name, value)
            }
        }
    }

    /// Whether every member satisfies `predicate` (see ``forEachMember(_:)``).
    func allMembers(_ predicate: (String, JSONValue) -> Bool) -> Bool {
        switch self.storage {
        case .members(let members):
            for index in members.indices where !predicate(members[index].name, members[index].value) {
                return false
            }
            return true
        case .parsed:
            return self.allSatisfy { predicate($0.key, $0.value) }
        }
    }

    /// The members as an array, leaving the storage empty so that the array is uniquely referenced (a document's
    /// members are copied out).
    private mutating func takeMembers() -> [Member] {
        switch self.storage {
        case .members(let members):
            self.storage = .members([])
            return members
        case .parsed:
            return self.map { Member(name: $0.key, value: $0.value) }
        }
    }
}

extension JSONObject: RandomAccessCollection {
    public typealias Element = (key: String, value: JSONValue)
    public typealias Index = Int

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch self.storage {
        case .members(let members): return members.count
        case .parsed(let view): return view.count
        }
    }
    public subscript(position: Int) -> (key: String, value: JSONValue) {
        switch self.storage {
        case .members(let members):
            let member = members[position]
            return (member.name, member.value)
        case .parsed(let view):
            let member = view[position]
            return (member.name, JSONValue(member.value))
        }
    }
}

extension JSONObject: Hashable {
    /// Objects are equal when they have the same members in the same order, however they were made.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        if case .parsed(let left) = lhs.storage, case .parsed(let right) = rhs.storage, left.isSameObject(as: right) {
            return true
        }
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.count)
        for (name, value) in self {
            hasher.combine(name)
            hasher.combine(value)
        }
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
