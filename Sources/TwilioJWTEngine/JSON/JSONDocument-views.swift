/// The safe face of a ``JSONDocument``: a value, an object, an array, a member. The layer above the engine reads
/// parsed tokens through these alone, with no node index, pointer or packed word in sight:
///
/// ```swift
/// let allowed = grant[.incoming]?.object?[.allow]?.bool
/// ```
///
/// A view keeps its document alive; copying one copies a reference.

/// The JSON type of a value.
@_spi(Engine) public enum JSONKind: Sendable, Hashable {
    case null, bool, int, double, string, array, object
}

/// One value of a parsed document.
@_spi(Engine) public struct JSONValueView: Sendable {
    @usableFromInline let document: JSONDocument
    @usableFromInline let node: Int

    @inlinable @inline(__always)
    init(document: JSONDocument, node: Int) {
        self.document = document
        self.node = node
    }

    /// The value's JSON type. Integers that fit an `Int` are ``JSONKind/int``; other numbers ``JSONKind/double``.
    @inlinable @inline(__always)
    public var kind: JSONKind {
        switch self.document.node(self.node).kind {
        case .null: return .null
        case .false, .true: return .bool
        case .int: return .int
        case .double: return .double
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }

    /// Whether the value is `null`.
    @inlinable @inline(__always)
    public var isNull: Bool { self.document.node(self.node).kind == .null }

    /// The Boolean, if the value is one.
    @inlinable @inline(__always)
    public var bool: Bool? {
        switch self.document.node(self.node).kind {
        case .true: return true
        case .false: return false
        default: return nil
        }
    }

    /// The integer, if the value is an integer that fits an `Int`.
    @inlinable @inline(__always)
    public var int: Int? {
        let node = self.document.node(self.node)
        return node.kind == .int ? Int(truncatingIfNeeded: node.bits) : nil
    }

    /// The number, if the value is a number that is not an `Int` (a fraction, an exponent, or beyond `Int`'s range).
    @inlinable @inline(__always)
    public var double: Double? {
        let node = self.document.node(self.node)
        return node.kind == .double ? Double(bitPattern: node.bits) : nil
    }

    /// The string, escapes decoded, if the value is a string.
    @inlinable @inline(__always)
    public var string: String? {
        self.document.node(self.node).kind == .string ? self.document.string(at: self.node) : nil
    }

    /// The object, if the value is one.
    @inlinable @inline(__always)
    public var object: JSONObjectView? {
        self.document.node(self.node).kind == .object ? JSONObjectView(document: self.document, node: self.node) : nil
    }

    /// The array, if the value is one.
    @inlinable @inline(__always)
    public var array: JSONArrayView? {
        self.document.node(self.node).kind == .array ? JSONArrayView(document: self.document, node: self.node) : nil
    }

    /// Whether the value is a string equal to `text` (compared as Swift compares strings), without copying it out.
    @inlinable @inline(__always)
    public func isString(_ text: MemberName) -> Bool {
        self.document.node(self.node).kind == .string && self.document.string(at: self.node, equals: text)
    }

    /// Whether the value is a string equal to `text` (compared as Swift compares strings), without copying it out or
    /// preparing a ``MemberName``: for a string compared once, such as a key's SID.
    @inlinable @inline(__always)
    public func isString(equalTo text: String) -> Bool {
        let node = self.document.node(self.node)
        guard node.kind == .string else { return false }
        guard node.isPlainASCII else { return self.document.string(at: self.node) == text }
        // A plain ASCII string equals `text` exactly when their bytes are, unless `text` is not ASCII (then it could
        // still be canonically equivalent, as U+212A KELVIN SIGN is "K").
        // Safe: both buffers are valid for the call and compared only up to their common length.
        return unsafe self.document.withRawBytes(ofStringAt: self.node) { stored in
            unsafe text.withBorrowedUTF8 { query in
                if query.count == stored.count {
                    guard let storedBase = stored.baseAddress, let queryBase = query.baseAddress else { return true }
                    if unsafe SWAR.bytesEqual(storedBase, queryBase, count: query.count) { return true }
                }
                return unsafe query.contains { $0 >= 0x80 } && String(decoding: stored, as: UTF8.self) == text
            }
        }
    }
}

/// An object of a parsed document: its members in the text's order, looked up by name.
@_spi(Engine) public struct JSONObjectView: Sendable, RandomAccessCollection {
    @usableFromInline let document: JSONDocument
    @usableFromInline let node: Int

    @inlinable @inline(__always)
    init(document: JSONDocument, node: Int) {
        self.document = document
        self.node = node
    }

    @inlinable @inline(__always)
    public var startIndex: Int { 0 }

    /// The members in order (a concrete iterator, so that a loop over an object calls no generic code).
    @inlinable @inline(__always)
    public func makeIterator() -> Iterator {
        Iterator(object: self, position: 0)
    }

    public struct Iterator: IteratorProtocol {
        @usableFromInline let object: JSONObjectView
        @usableFromInline var position: Int

        @inlinable @inline(__always)
        init(object: JSONObjectView, position: Int) {
            self.object = object
            self.position = position
        }

        @inlinable @inline(__always)
        public mutating func next() -> JSONMemberView? {
            guard self.position < self.object.endIndex else { return nil }
            defer { self.position += 1 }
            return JSONMemberView(
                document: self.object.document,
                nameNode: self.object.document.memberNameIndex(self.position, inObjectAt: self.object.node))
        }
    }
    @inlinable @inline(__always)
    public var endIndex: Int { Int(self.document.node(self.node).count) }

    /// Member `position`, in the text's order.
    @inlinable @inline(__always)
    public subscript(position: Int) -> JSONMemberView {
        precondition(position >= 0 && position < self.endIndex, "JSONObjectView index out of range")
        return JSONMemberView(
            document: self.document, nameNode: self.document.memberNameIndex(position, inObjectAt: self.node))
    }

    /// The value of the member called `name` (compared as Swift compares strings), if there is one.
    @inlinable @inline(__always)
    public subscript(name: MemberName) -> JSONValueView? {
        self.document.memberValueIndex(named: name, inObjectAt: self.node).map {
            JSONValueView(document: self.document, node: $0)
        }
    }

    /// Whether a member is called `name`, whatever its value.
    @inlinable @inline(__always)
    public func contains(_ name: MemberName) -> Bool {
        self.document.memberValueIndex(named: name, inObjectAt: self.node) != nil
    }

    /// Whether `self` and `other` are the same object of the same parse (so equal without comparing members).
    @inlinable @inline(__always)
    public func isSameObject(as other: JSONObjectView) -> Bool {
        self.node == other.node && self.document.isSameDocument(as: other.document)
    }
}

/// One member of an object: its name and its value.
@_spi(Engine) public struct JSONMemberView: Sendable {
    @usableFromInline let document: JSONDocument
    /// The member name's node; the value is the next one.
    @usableFromInline let nameNode: Int

    @inlinable @inline(__always)
    init(document: JSONDocument, nameNode: Int) {
        self.document = document
        self.nameNode = nameNode
    }

    /// The name, escapes decoded.
    @inlinable @inline(__always)
    public var name: String { self.document.string(at: self.nameNode) }

    /// Whether the name is `name` (compared as Swift compares strings), without copying it out.
    @inlinable @inline(__always)
    public func hasName(_ name: MemberName) -> Bool {
        self.document.string(at: self.nameNode, equals: name)
    }

    /// The value.
    @inlinable @inline(__always)
    public var value: JSONValueView { JSONValueView(document: self.document, node: self.nameNode + 1) }
}

/// An array of a parsed document: its elements in order.
@_spi(Engine) public struct JSONArrayView: Sendable, Sequence {
    @usableFromInline let document: JSONDocument
    @usableFromInline let node: Int

    @inlinable @inline(__always)
    init(document: JSONDocument, node: Int) {
        self.document = document
        self.node = node
    }

    /// The number of elements.
    @inlinable @inline(__always)
    public var count: Int { Int(self.document.node(self.node).count) }

    @inlinable @inline(__always)
    public var underestimatedCount: Int { self.count }

    @inlinable @inline(__always)
    public func makeIterator() -> Iterator {
        Iterator(document: self.document, nextNode: self.node + 1, remaining: self.count)
    }

    public struct Iterator: IteratorProtocol {
        @usableFromInline let document: JSONDocument
        @usableFromInline var nextNode: Int
        @usableFromInline var remaining: Int

        @inlinable @inline(__always)
        init(document: JSONDocument, nextNode: Int, remaining: Int) {
            self.document = document
            self.nextNode = nextNode
            self.remaining = remaining
        }

        public mutating func next() -> JSONValueView? {
            guard self.remaining > 0 else { return nil }
            let element = JSONValueView(document: self.document, node: self.nextNode)
            self.nextNode = self.document.nodeIndex(after: self.nextNode)
            self.remaining -= 1
            return element
        }
    }
}
