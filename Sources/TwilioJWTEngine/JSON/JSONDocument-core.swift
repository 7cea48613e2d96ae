/// A parsed JSON text, kept as its bytes and a flat array of nodes, from which values are read on demand.
///
/// Parsing (``Builder``) validates the text strictly in one pass but builds no tree: each value becomes one ``Node``
/// in document order (a "tape"), and each object lists the nodes of its member names in ``memberNames``. The safe
/// views of `JSONDocument-views.swift` read it: looking up a member compares names against the bytes, and a string
/// becomes a `String` only when it is asked for. So a verified token costs one allocation for its whole document
/// instead of several per object and string, and claims nobody reads are never copied out.
///
/// A document is immutable after ``Builder/build()`` and owns its memory, so it can be shared across threads without
/// locks (hence `@unchecked Sendable`: its memory is never written after it is built).
@_spi(Engine) public struct JSONDocument: @unchecked Sendable {
    /// One value of the text.
    @usableFromInline
    struct Node: Sendable, BitwiseCopyable {
        @usableFromInline
        enum Kind: UInt8, Sendable, BitwiseCopyable {
            case null, `false`, `true`, int, double, string, array, object
        }

        @usableFromInline var kind: Kind
        /// Strings: the content has no escape and no byte ≥ 0x80, so its bytes are its characters.
        @usableFromInline var isPlainASCII: Bool
        /// Strings: the offset of the first content byte in the document's bytes. Objects: the index of the first
        /// member's entry in ``memberNames``.
        @usableFromInline var start: UInt32
        /// Strings: the number of content bytes as written (escapes not yet decoded). Arrays and objects: the number
        /// of elements or members.
        @usableFromInline var count: UInt32
        /// Integers and doubles: the value's bit pattern. Arrays and objects: the index of the first node after the
        /// container, so that a container is skipped in one step. Plain ASCII strings of at most
        /// ``MemberName/packedCount`` bytes: those bytes packed as ``MemberName`` packs them, so that looking up a
        /// member compares one word.
        @usableFromInline var bits: UInt64

        static func scalar(_ kind: Kind, bits: UInt64 = 0) -> Node {
            Node(kind: kind, isPlainASCII: false, start: 0, count: 0, bits: bits)
        }
    }

    /// Where a document's parts are: kept at the head of its one allocation, ahead of the block they point into.
    @usableFromInline @unsafe
    struct Parts {
        /// The JSON text (and possibly other bytes after it).
        @usableFromInline var bytes: UnsafeBufferPointer<UInt8>
        /// Every value in document order: a container is followed by its contents, an object's member name by its
        /// value.
        @usableFromInline var nodes: UnsafeBufferPointer<Node>
        /// For each object, the node indices of its member names, in order, from the object's `start`.
        @usableFromInline var memberNames: UnsafeBufferPointer<UInt32>
        /// Whether `nodes` and `memberNames` were allocated on their own (having outgrown their place in the block).
        @usableFromInline var ownsNodes: Bool
        @usableFromInline var ownsMemberNames: Bool

        static var empty: Parts {
            // Safe: empty buffers point at nothing and are never read.
            unsafe Parts(
                bytes: UnsafeBufferPointer(start: nil, count: 0),
                nodes: UnsafeBufferPointer(start: nil, count: 0),
                memberNames: UnsafeBufferPointer(start: nil, count: 0),
                ownsNodes: false,
                ownsMemberNames: false
            )
        }
    }

    /// A document's one allocation: its ``Parts``, then the block that holds the bytes and, unless they outgrew it
    /// while parsing, the nodes and the member names (in words, so that nodes are aligned).
    @usableFromInline @safe
    final class Storage: ManagedBuffer<Parts, UInt64> {
        deinit {
            // Safe: the parts are this object's header; owned lists were allocated by the builder for this document
            // alone and are freed exactly once, here.
            unsafe self.withUnsafeMutablePointerToHeader { parts in
                if unsafe parts.pointee.ownsNodes { unsafe parts.pointee.nodes.deallocate() }
                if unsafe parts.pointee.ownsMemberNames { unsafe parts.pointee.memberNames.deallocate() }
            }
        }
    }

    @usableFromInline let storage: Storage

    init(storage: Storage) {
        self.storage = storage
    }

    /// The parts, read through a pointer: the `header` property of `ManagedBuffer` is a class property, and
    /// exclusivity checking would track every access to it.
    @inlinable
    var parts: Parts {
        // Safe: the header is initialised when the storage is created and only written by `Builder.build()`, before
        // any document exists.
        @inline(__always) get { unsafe self.storage.withUnsafeMutablePointerToHeader { unsafe $0.pointee } }
    }

    /// Whether `self` and `other` are the same document (the same parse, not merely equal texts).
    @usableFromInline
    func isSameDocument(as other: JSONDocument) -> Bool {
        self.storage === other.storage
    }
}

// MARK: - Reading nodes

// Every node index below comes from the parser or from a view of this document (which got it from the parser), so it
// is below `nodes.count`; string nodes' `start + count` is within `bytes`; objects' `start + count` is within
// `memberNames`. The reads rely on these invariants instead of checking them again.
extension JSONDocument {
    /// The node at `index`.
    @inlinable @inline(__always)
    func node(_ index: Int) -> Node {
        // Safe: `index` is a node index of this document (see above).
        unsafe self.parts.nodes[index]
    }

    /// The number of nodes.
    var nodeCount: Int {
        // Safe: reads the buffer's count, not its memory.
        unsafe self.parts.nodes.count
    }

    /// The index of the first node after the value at `index` (and after its contents).
    @inlinable @inline(__always)
    func nodeIndex(after index: Int) -> Int {
        let node = self.node(index)
        switch node.kind {
        case .array, .object: return Int(node.bits)
        default: return index + 1
        }
    }

    /// The name node of member `position` of the object at `index`; `position` is below the object's count.
    @inlinable @inline(__always)
    func memberNameIndex(_ position: Int, inObjectAt index: Int) -> Int {
        // Safe: an object's member entries run from `start` for `count` entries, and `position < count`.
        unsafe Int(self.parts.memberNames[Int(self.node(index).start) + position])
    }

    /// The content bytes of the string at `index` as written (escapes not decoded), for the duration of `body`.
    @inlinable @inline(__always)
    func withRawBytes<Result>(ofStringAt index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let node = self.node(index)
        // Safe: a string's content lies within the document's bytes, which live as long as `self`, kept alive for the
        // call.
        return withExtendedLifetime(self) {
            unsafe body(
                UnsafeBufferPointer(rebasing: self.parts.bytes[Int(node.start)..<Int(node.start + node.count)]))
        }
    }

    /// The string at `index`, escapes decoded.
    @usableFromInline
    func string(at index: Int) -> String {
        let isPlain = self.node(index).isPlainASCII
        // Safe: the buffer is read only during the call.
        return unsafe self.withRawBytes(ofStringAt: index) { raw in
            isPlain
                ? unsafe String(decoding: raw, as: UTF8.self)
                : String(decoding: unsafe Self.unescape(raw), as: UTF8.self)
        }
    }

    /// Calls `body` with the UTF-8 of the string at `index`, escapes decoded; in place when there are none.
    @usableFromInline
    func withUTF8<Result>(ofStringAt index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if self.node(index).isPlainASCII {
            // Safe: `body` gets the string's bytes, which the document keeps alive for the call.
            return unsafe self.withRawBytes(ofStringAt: index, body)
        }
        var text = self.string(at: index)
        // Safe: the buffer is valid for the call.
        return text.withUTF8(body)
    }

    /// Whether the string at `index` is `name`, compared as Swift compares strings (canonical equivalence).
    @inlinable @inline(__always)
    func string(at index: Int, equals name: MemberName) -> Bool {
        let node = self.node(index)
        guard node.isPlainASCII && name.isASCII else {
            // Compared as String: a non-ASCII string can be canonically equivalent to an ASCII one (U+212A KELVIN
            // SIGN is "K").
            return self.string(at: index) == name.text
        }
        // Two ASCII strings are equal exactly when their bytes are.
        guard Int(node.count) == name.count else { return false }
        if name.count <= MemberName.packedCount {
            return node.bits == name.packed
        }
        // Safe: both buffers hold `name.count` bytes and are valid during the call.
        return unsafe self.withRawBytes(ofStringAt: index) { stored in
            unsafe name.text.withBorrowedUTF8 { query in
                unsafe SWAR.bytesEqual(stored.baseAddress!, query.baseAddress!, count: name.count)
            }
        }
    }

    /// The node of the value of the member called `name` of the object at `index`, if there is one.
    @inlinable @inline(__always)
    func memberValueIndex(named name: MemberName, inObjectAt index: Int) -> Int? {
        let count = Int(self.node(index).count)
        for position in 0..<count {
            let nameIndex = self.memberNameIndex(position, inObjectAt: index)
            if self.string(at: nameIndex, equals: name) { return nameIndex + 1 }
        }
        return nil
    }

    /// Decodes the escapes of a string's content, which the parser has validated.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = 0
        // Safe: the parser checked every escape, so each `\` is followed by its escape character and a `\u` by four
        // hex digits (and a high surrogate escape by a low one): every index read is within `raw`.
        while index < raw.count {
            let byte = unsafe raw[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            let escape = unsafe raw[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                // Safe: the parser checked that four hex digits follow `\u` (and a low surrogate escape a high one).
                var scalar = UInt32(unsafe Self.hex4(raw, at: index))
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    let low = UInt32(unsafe Self.hex4(raw, at: index + 2))
                    index += 6
                    scalar = 0x1_0000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                Self.appendUTF8(scalar, to: &output)
            default:  // '"', '\' and '/' stand for themselves
                output.append(escape)
            }
        }
        return output
    }

    /// The value of the four hex digits at `index`, which the parser has validated.
    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt16 {
        var value: UInt16 = 0
        for offset in 0..<4 {
            // Safe: the parser checked that four hex digits follow `\u`.
            value = value << 4 | UInt16(Hex.value(of: unsafe raw[index + offset]) ?? 0)
        }
        return value
    }

    private static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(0xC0 | UInt8(scalar >> 6))
            output.append(0x80 | UInt8(scalar & 0x3F))
        case 0x800..<0x1_0000:
            output.append(0xE0 | UInt8(scalar >> 12))
            output.append(0x80 | UInt8((scalar >> 6) & 0x3F))
            output.append(0x80 | UInt8(scalar & 0x3F))
        default:
            output.append(0xF0 | UInt8(scalar >> 18))
            output.append(0x80 | UInt8((scalar >> 12) & 0x3F))
            output.append(0x80 | UInt8((scalar >> 6) & 0x3F))
            output.append(0x80 | UInt8(scalar & 0x3F))
        }
    }
}
