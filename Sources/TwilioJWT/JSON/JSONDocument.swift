/// A parsed JSON text, kept as its bytes and a flat array of nodes, from which values are read on demand.
///
/// Parsing validates everything ``JSONReader`` promises (UTF-8, grammar, numbers, escapes, duplicate member
/// names, depth) in one pass, but builds no tree: each value becomes one ``Node`` in document order (a "tape"),
/// and objects list their members in ``memberNames``. A ``JSONObject`` read from a document is a view of it:
/// looking up a member compares names against the bytes, and a string becomes a `String` only when it is read.
/// So verifying a token costs a few allocations for the whole document instead of several per object and string,
/// and claims nobody reads are never copied out.
///
/// A document is immutable after parsing and owns its memory (one allocation, and a list that outgrew it, freed with
/// it), so views of it can be shared across threads without locks (hence `@unchecked Sendable`: its memory is never
/// written after ``Builder/build()``).
package struct JSONDocument: @unchecked Sendable {
    package struct Node: Sendable, BitwiseCopyable {
        package enum Kind: UInt8, Sendable, BitwiseCopyable {
            case null, `false`, `true`, int, double, string, array, object
        }

        var kind: Kind
        /// Strings: the content has no escape and no byte ≥ 0x80, so its bytes are its characters.
        var isPlainASCII: Bool
        /// Strings: the offset of the first content byte in ``JSONDocument/bytes``. Objects: the index of the
        /// first member's entry in ``JSONDocument/memberNames``.
        var start: UInt32
        /// Strings: the number of content bytes as written (escapes not yet decoded). Arrays and objects: the
        /// number of elements or members.
        var count: UInt32
        /// Integers and doubles: the value's bit pattern. Arrays and objects: the index of the first node after
        /// the container, so that a container is skipped in one step. Plain ASCII strings of at most eight bytes:
        /// those bytes, packed as ``MemberName`` packs them, so that looking up a member compares one word.
        var bits: UInt64
    }

    /// Where a document's parts are: kept at the head of its one allocation, ahead of the block they point into.
    fileprivate struct Parts {
        /// The JSON text (and possibly other bytes around it).
        var bytes: UnsafeBufferPointer<UInt8>
        /// Every value in document order.
        var nodes: UnsafeBufferPointer<Node>
        /// For each object, the node indices of its member names.
        var memberNames: UnsafeBufferPointer<UInt32>
        var knownMembers: KnownMembers
        /// Whether `nodes` and `memberNames` were allocated on their own (having outgrown their place in the block).
        var ownsNodes: Bool
        var ownsMemberNames: Bool
    }

    /// A document's one allocation: its ``Parts``, then the block that holds the bytes and, unless they outgrew it
    /// while parsing, the nodes and the member names (words, so that nodes are aligned). One allocation instead of an
    /// object and a block: a verified token allocates once less.
    fileprivate final class Storage: ManagedBuffer<Parts, UInt64> {
        deinit {
            self.withUnsafeMutablePointerToHeader { parts in
                if parts.pointee.ownsNodes { parts.pointee.nodes.deallocate() }
                if parts.pointee.ownsMemberNames { parts.pointee.memberNames.deallocate() }
            }
        }
    }

    private let storage: Storage

    /// The JSON text (and possibly other bytes around it).
    var bytes: UnsafeBufferPointer<UInt8> {
        @inline(__always) get { self.parts.bytes }
    }
    /// Every value in document order: a container is followed by its contents, an object's member name by
    /// its value.
    var nodes: UnsafeBufferPointer<Node> {
        @inline(__always) get { self.parts.nodes }
    }
    /// For each object, the node indices of its member names, in order, from the object's `start`.
    var memberNames: UnsafeBufferPointer<UInt32> {
        @inline(__always) get { self.parts.memberNames }
    }
    /// For the objects indexed by ``Builder/indexKnownMembers(ofObjectAt:)`` (a token's header and claims), the
    /// value node of each well-known member (``MemberName/wellKnown``), so that looking one up searches nothing.
    private var knownMembers: KnownMembers {
        @inline(__always) get { self.parts.knownMembers }
    }

    /// The parts, read through a pointer: the `header` property of `ManagedBuffer` is a class property, and
    /// exclusivity checking would track every access to it.
    private var parts: Parts {
        @inline(__always) get { self.storage.withUnsafeMutablePointerToHeader { $0.pointee } }
    }

    fileprivate init(storage: Storage) {
        self.storage = storage
    }

    /// Whether `self` and `other` are the same document (the same parse, not merely equal texts).
    func isSameDocument(as other: JSONDocument) -> Bool {
        self.storage === other.storage
    }

    // MARK: - Reading

    /// The index of the first node after the value at `index` (and after its contents).
    @inline(__always)
    func nodeIndex(after index: Int) -> Int {
        let node = self.nodes[index]
        switch node.kind {
        case .array, .object: return Int(node.bits)
        default: return index + 1
        }
    }

    /// The value at `index`; objects stay views of this document, everything else is copied out.
    package func value(at index: Int) -> JSONValue {
        let node = self.nodes[index]
        switch node.kind {
        case .null: return .null
        case .false: return .bool(false)
        case .true: return .bool(true)
        case .int: return .int(Int(truncatingIfNeeded: node.bits))
        case .double: return .double(Double(bitPattern: node.bits))
        case .string: return .string(self.string(at: index))
        case .object: return .object(JSONObject(document: self, node: index))
        case .array:
            var elements: [JSONValue] = []
            elements.reserveCapacity(Int(node.count))
            var child = index + 1
            for _ in 0..<node.count {
                elements.append(self.value(at: child))
                child = self.nodeIndex(after: child)
            }
            return .array(elements)
        }
    }

    /// The string at `index`, escapes decoded.
    func string(at index: Int) -> String {
        let node = self.nodes[index]
        let raw = UnsafeBufferPointer(rebasing: self.bytes[Int(node.start)..<Int(node.start + node.count)])
        if node.isPlainASCII {
            return String(decoding: raw, as: UTF8.self)
        }
        return String(decoding: Self.unescape(raw), as: UTF8.self)
    }

    /// The kind of the value at `index`.
    @inline(__always)
    func kind(at index: Int) -> Node.Kind {
        self.nodes[index].kind
    }

    /// The integer at `index`, which must be an integer node.
    @inline(__always)
    func int(at index: Int) -> Int {
        Int(truncatingIfNeeded: self.nodes[index].bits)
    }

    /// The number of members of the object (or elements of the array) at `index`.
    @inline(__always)
    func count(at index: Int) -> Int {
        Int(self.nodes[index].count)
    }

    /// The node of the first element of the array at `index` (follow with ``nodeIndex(after:)``).
    @inline(__always)
    func firstElementIndex(ofArrayAt index: Int) -> Int {
        index + 1
    }

    /// Whether the string at `index` is `text`, which must be ASCII (a SID, say); without preparing a
    /// ``MemberName`` for it.
    func string(at index: Int, equalsASCII text: String) -> Bool {
        let node = self.nodes[index]
        guard node.isPlainASCII else { return self.string(at: index) == text }
        return Int(node.count) == text.utf8.count && self.plainString(at: index, hasBytesOf: text)
    }

    /// Whether the plain ASCII string at `index`, whose length is that of `text`'s UTF-8, has the same bytes.
    private func plainString(at index: Int, hasBytesOf text: String) -> Bool {
        let stored = self.bytes.baseAddress.unsafelyUnwrapped + Int(self.nodes[index].start)
        return text.utf8.withContiguousStorageIfAvailable { query in
            Self.bytesEqual(stored, query.baseAddress.unsafelyUnwrapped, count: query.count)
        } ?? (self.string(at: index) == text)
    }

    /// Whether the `count` bytes at `first` and at `second` are the same, compared a word at a time.
    @inline(__always)
    static func bytesEqual(_ first: UnsafePointer<UInt8>, _ second: UnsafePointer<UInt8>, count: Int) -> Bool {
        var offset = 0
        while offset + 8 <= count {
            let a = UnsafeRawPointer(first + offset).loadUnaligned(as: UInt64.self)
            let b = UnsafeRawPointer(second + offset).loadUnaligned(as: UInt64.self)
            guard a == b else { return false }
            offset += 8
        }
        while offset < count {
            guard first[offset] == second[offset] else { return false }
            offset += 1
        }
        return true
    }

    /// Calls `body` with the UTF-8 of the string at `index`, escapes decoded; in place when there are none.
    func withUTF8<Result>(ofStringAt index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let bytes = self.plainASCIIBytes(at: index) {
            return withExtendedLifetime(self) { body(bytes) }
        }
        var text = self.string(at: index)
        return text.withUTF8(body)
    }

    /// The plain ASCII bytes of the string at `index`, or `nil` when it has escapes or non-ASCII characters.
    @inline(__always)
    func plainASCIIBytes(at index: Int) -> UnsafeBufferPointer<UInt8>? {
        let node = self.nodes[index]
        guard node.isPlainASCII else { return nil }
        return UnsafeBufferPointer(rebasing: self.bytes[Int(node.start)..<Int(node.start + node.count)])
    }

    /// The member called `name` of the object at `index`, compared as Swift compares strings (canonical
    /// equivalence), as a dictionary keyed by `String` would find it.
    func member(named name: String, inObjectAt index: Int) -> JSONValue? {
        self.memberValueIndex(named: name, inObjectAt: index).map(self.value(at:))
    }

    /// The node of the value of the member called `name` of the object at `index` (see
    /// ``member(named:inObjectAt:)``).
    func memberValueIndex(named name: String, inObjectAt index: Int) -> Int? {
        self.memberValueIndex(named: MemberName(name), inObjectAt: index)
    }

    /// The node of the value of the member called `name` of the object at `index`.
    func memberValueIndex(named name: MemberName, inObjectAt index: Int) -> Int? {
        if name.slot >= 0, let found = self.knownMembers.valueIndex(slot: name.slot, inObjectAt: index) {
            return found
        }
        let object = self.nodes[index]
        let first = Int(object.start)
        for position in 0..<Int(object.count) {
            let nameIndex = Int(self.memberNames[first + position])
            if self.string(at: nameIndex, equals: name) { return nameIndex + 1 }
        }
        return nil
    }

    /// Whether the object at `index` has any of the well-known members whose slots are set in `mask`.
    func hasAnyMember(ofMask mask: UInt32, inObjectAt index: Int) -> Bool {
        if let present = self.knownMembers.mask(ofObjectAt: index) {
            return present & mask != 0
        }
        return MemberName.wellKnown.contains {
            mask & (1 << $0.slot) != 0 && self.memberValueIndex(named: $0, inObjectAt: index) != nil
        }
    }

    /// Whether the string at `index` is `name`, compared as Swift compares strings.
    @inline(__always)
    func string(at index: Int, equals name: MemberName) -> Bool {
        let node = self.nodes[index]
        guard node.isPlainASCII && name.isASCII else {
            // Compared as String, since a non-ASCII string can be canonically equivalent to an ASCII one
            // (U+212A KELVIN SIGN is "K").
            return self.string(at: index) == name.text
        }
        // Two ASCII strings are equal exactly when their bytes are.
        guard Int(node.count) == name.count else { return false }
        if name.count <= MemberName.packedCount {
            return node.bits == name.packed
        }
        return self.plainString(at: index, hasBytesOf: name.text)
    }

    /// The packed bytes (``MemberName/pack(_:)``) of the string at `index` when it is plain ASCII of at most
    /// ``MemberName/packedCount`` bytes, which they then stand for exactly; `nil` for any other string.
    @inline(__always)
    func packedName(at index: Int) -> UInt64? {
        let node = self.nodes[index]
        return node.isPlainASCII && Int(node.count) <= MemberName.packedCount ? node.bits : nil
    }

    /// Whether the string at `index` is `name`, whose packed bytes are `packed` (a constant of
    /// ``MemberName/Packed``): one comparison of words when the string is packed, ``string(at:equals:)`` otherwise.
    @inline(__always)
    func string(at index: Int, isPacked packed: UInt64, orEquals name: @autoclosure () -> MemberName) -> Bool {
        if let bits = self.packedName(at: index) { return bits == packed }
        return self.string(at: index, equals: name())
    }

    /// The name node of member `position` of the object at `index`.
    func memberNameIndex(_ position: Int, inObjectAt index: Int) -> Int {
        Int(self.memberNames[Int(self.nodes[index].start) + position])
    }

    /// Decodes the escapes of a string's content, which the parser has validated.
    fileprivate static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            let escape = raw[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(Self.hex4(raw, at: index))
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    // The parser checked that a low surrogate escape follows.
                    let low = UInt32(Self.hex4(raw, at: index + 2))
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

    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt16 {
        var value: UInt16 = 0
        for offset in 0..<4 {
            let byte = raw[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: digit = byte - UInt8(ascii: "A") + 10
            }
            value = value << 4 | UInt16(digit)
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

// MARK: - Parsing

extension JSONDocument {
    /// Parses JSON texts in parts of one byte array into one document.
    ///
    /// ```swift
    /// var builder = JSONDocument.Builder(copying: bytes)
    /// let header = try builder.parse(0..<headerCount, maximumDepth: 16)
    /// let payload = try builder.parse(headerCount..<bytes.count, maximumDepth: 16)
    /// let document = builder.build()
    /// ```
    package struct Builder: ~Copyable {
        /// The document's one allocation, whose block holds the bytes and the first capacity of each list below
        /// (the common case: a token's parts need no more). Held +1, and handed to the document by ``build()``
        /// (unmanaged, so that the builder has only trivial stored properties and can be `discard`ed).
        private let storage: Unmanaged<Storage>
        /// The bytes to parse, at the start of the storage's block.
        private let bytes: UnsafeMutableBufferPointer<UInt8>
        private var nodes: GrowableList<Node>
        private var memberNames: GrowableList<UInt32>
        /// The member-name nodes of the objects being parsed, innermost object's last.
        private var openNames: GrowableList<UInt32>
        private var knownMembers: KnownMembers

        /// A builder for `count` bytes that `initialize` writes (every one of them).
        package init(byteCount count: Int, initializingWith initialize: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
            // A typical token part needs one node per 8 to 10 bytes, and a member name per 20; more grows.
            let nodeCapacity = count / 8 + 8
            let memberNameCapacity = count / 16 + 8
            let openNameCapacity = 32
            let nodesOffset = Self.aligned(count, to: MemoryLayout<Node>.alignment)
            let memberNamesOffset = nodesOffset + nodeCapacity * MemoryLayout<Node>.stride
            let openNamesOffset = memberNamesOffset + memberNameCapacity * MemoryLayout<UInt32>.stride
            let knownMembersOffset = openNamesOffset + openNameCapacity * MemoryLayout<UInt32>.stride
            let blockSize = knownMembersOffset + KnownMembers.storageCount * MemoryLayout<Int32>.stride
            let wordCount = (blockSize + MemoryLayout<UInt64>.stride - 1) / MemoryLayout<UInt64>.stride
            let storage = unsafeDowncast(
                Storage.create(minimumCapacity: wordCount) { _ in
                    Parts(
                        bytes: UnsafeBufferPointer(start: nil, count: 0),
                        nodes: UnsafeBufferPointer(start: nil, count: 0),
                        memberNames: UnsafeBufferPointer(start: nil, count: 0),
                        knownMembers: KnownMembers(unindexed: ()),
                        ownsNodes: false,
                        ownsMemberNames: false
                    )
                },
                to: Storage.self
            )
            self.storage = Unmanaged.passRetained(storage)
            // The block's address is fixed for the life of the object, which the builder and then the document keep.
            let block = UnsafeMutableRawPointer(storage.withUnsafeMutablePointerToElements { $0 })
            self.bytes = UnsafeMutableBufferPointer(
                start: block.bindMemory(to: UInt8.self, capacity: count), count: count)
            self.nodes = GrowableList(
                (block + nodesOffset).bindMemory(to: Node.self, capacity: nodeCapacity), capacity: nodeCapacity)
            self.memberNames = GrowableList(
                (block + memberNamesOffset).bindMemory(to: UInt32.self, capacity: memberNameCapacity),
                capacity: memberNameCapacity
            )
            self.openNames = GrowableList(
                (block + openNamesOffset).bindMemory(to: UInt32.self, capacity: openNameCapacity),
                capacity: openNameCapacity
            )
            self.knownMembers = KnownMembers(
                storage: (block + knownMembersOffset).bindMemory(
                    to: Int32.self, capacity: KnownMembers.storageCount)
            )
            initialize(self.bytes)
        }

        private static func aligned(_ offset: Int, to alignment: Int) -> Int {
            (offset + alignment - 1) / alignment * alignment
        }

        /// A builder for a copy of `bytes`.
        package init(copying bytes: some Collection<UInt8>) {
            self.init(byteCount: bytes.count) { buffer in
                _ = buffer.initialize(from: bytes)
            }
        }

        deinit {
            self.nodes.deallocateIfOwned()
            self.memberNames.deallocateIfOwned()
            self.openNames.deallocateIfOwned()
            self.storage.release()
        }

        /// Finds the well-known members (``MemberName/wellKnown``) of the object at `index` in one pass over its
        /// member names, so that the document looks them up without searching. Up to two objects are indexed (a
        /// token's header and claims); further calls do nothing.
        package mutating func indexKnownMembers(ofObjectAt index: Int) {
            guard let objectSlot = self.knownMembers.add(object: index) else { return }
            let object = self.nodes[index]
            for position in 0..<Int(object.count) {
                let nameIndex = Int(self.memberNames[Int(object.start) + position])
                let name = self.nodes[nameIndex]
                let slot: Int?
                if name.isPlainASCII {
                    // Every well-known name is packed; a longer plain name is none of them.
                    slot = Int(name.count) <= MemberName.packedCount ? MemberName.slot(packed: name.bits) : nil
                } else {
                    let raw = UnsafeBufferPointer(rebasing: self.bytes[Int(name.start)..<Int(name.start + name.count)])
                    slot = MemberName.slot(text: String(decoding: JSONDocument.unescape(raw), as: UTF8.self))
                }
                if let slot {
                    self.knownMembers.set(valueIndex: nameIndex + 1, slot: slot, objectSlot: objectSlot)
                }
            }
        }

        /// Takes the nodes of `text`, parsed before, for the first bytes, as ``parse(_:maximumDepth:)`` would have
        /// made them from the same bytes at the start of an empty builder, and returns its root's index. The builder's
        /// first `text.bytes.count` bytes are overwritten with the text's.
        package mutating func adopt(_ text: ParsedText) -> Int {
            precondition(self.nodes.count == 0 && self.memberNames.count == 0, "adopt(_:) starts a document")
            precondition(text.bytes.count <= self.bytes.count, "adopt(_:) needs room for the text's bytes")
            _ = UnsafeMutableBufferPointer(rebasing: self.bytes[0..<text.bytes.count]).initialize(from: text.bytes)
            self.nodes.append(contentsOf: text.nodes.baseAddress.unsafelyUnwrapped, count: text.nodes.count)
            self.memberNames.append(
                contentsOf: text.memberNames.baseAddress.unsafelyUnwrapped, count: text.memberNames.count)
            return 0
        }

        /// Whether the node at `index` is an object.
        package func isObject(_ index: Int) -> Bool {
            self.nodes[index].kind == .object
        }

        /// The document with everything parsed so far.
        package consuming func build() -> JSONDocument {
            let storage = self.storage.takeRetainedValue()
            storage.withUnsafeMutablePointerToHeader { parts in
                parts.pointee = Parts(
                    bytes: UnsafeBufferPointer(self.bytes),
                    nodes: UnsafeBufferPointer(start: self.nodes.base, count: self.nodes.count),
                    memberNames: UnsafeBufferPointer(start: self.memberNames.base, count: self.memberNames.count),
                    knownMembers: self.knownMembers,
                    ownsNodes: self.nodes.isOwned,
                    ownsMemberNames: self.memberNames.isOwned
                )
            }
            let document = JSONDocument(storage: storage)
            self.openNames.deallocateIfOwned()
            discard self
            return document
        }

        /// Parses `range` of the bytes as one JSON text and returns the index of its root node. Failure offsets
        /// count from the start of `range`.
        package mutating func parse(_ range: Range<Int>, maximumDepth: Int) throws(JSONReader.Failure) -> Int {
            guard self.bytes.count < Int(UInt32.max) else {
                throw JSONReader.Failure(kind: .syntax, reason: "text longer than 4 GiB", offset: 0)
            }
            var reader = Reader(text: UnsafeBufferPointer(rebasing: self.bytes[range]), base: range.lowerBound)
            let counts = (self.nodes.count, self.memberNames.count)
            do throws(JSONReader.Failure) {
                return try self.parseText(&reader, maximumDepth: maximumDepth)
            } catch {
                // Leave the builder as it was, so that what was parsed before stays a consistent document.
                (self.nodes.count, self.memberNames.count) = counts
                self.openNames.count = 0
                throw error
            }
        }

        // MARK: Growable storage

        @inline(__always)
        private mutating func appendNode(_ node: Node) {
            self.nodes.append(node)
        }

        @inline(__always)
        private mutating func appendOpenName(_ index: Int) {
            self.openNames.append(UInt32(index))
        }

        /// Moves the open names from `first` on to the member-name list and returns where they start there.
        private mutating func closeObject(openNamesFrom first: Int) -> Int {
            let count = self.openNames.count - first
            let start = self.memberNames.count
            self.memberNames.append(contentsOf: self.openNames.base + first, count: count)
            self.openNames.count = first
            return start
        }

        private mutating func parseText(_ reader: inout Reader, maximumDepth: Int) throws(JSONReader.Failure) -> Int {
            let text = reader.text
            if text.count >= 2 && (text[0] == 0 || text[1] == 0) {
                throw reader.failure(.invalidUTF8, "text is not UTF-8 (it looks like UTF-16 or UTF-32)")
            }
            if text.count >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF {
                throw reader.failure(.invalidUTF8, "text starts with a byte-order mark")
            }
            // UTF-16 and UTF-32LE text that starts with its byte-order mark (FE FF, FF FE) has no zero among its
            // first two bytes, so the zero-byte test above misses it; it is an encoding problem, not a syntax
            // error.
            if text.count >= 2 && ((text[0], text[1]) == (0xFE, 0xFF) || (text[0], text[1]) == (0xFF, 0xFE)) {
                throw reader.failure(
                    .invalidUTF8, "text is not UTF-8 (it starts with a UTF-16 or UTF-32 byte-order mark)")
            }
            reader.skipWhitespace()
            let root = self.nodes.count
            try self.parseValue(&reader, depth: 0, maximumDepth: maximumDepth)
            reader.skipWhitespace()
            guard reader.position == text.count else {
                throw reader.failure(.syntax, "unexpected data after the JSON value")
            }
            return root
        }

        // MARK: Values

        private mutating func parseValue(
            _ reader: inout Reader,
            depth: Int,
            maximumDepth: Int
        ) throws(JSONReader.Failure) {
            guard let byte = reader.peek() else {
                throw reader.failure(.syntax, "unexpected end of text, expected a value")
            }
            switch byte {
            case UInt8(ascii: "{"):
                try self.parseObject(&reader, depth: depth + 1, maximumDepth: maximumDepth)
            case UInt8(ascii: "["):
                try self.parseArray(&reader, depth: depth + 1, maximumDepth: maximumDepth)
            case UInt8(ascii: "\""):
                self.appendNode(try reader.parseString())
            case UInt8(ascii: "t"):
                try reader.expectLiteral("true")
                self.appendNode(Node(kind: .true, isPlainASCII: false, start: 0, count: 0, bits: 0))
            case UInt8(ascii: "f"):
                try reader.expectLiteral("false")
                self.appendNode(Node(kind: .false, isPlainASCII: false, start: 0, count: 0, bits: 0))
            case UInt8(ascii: "n"):
                try reader.expectLiteral("null")
                self.appendNode(Node(kind: .null, isPlainASCII: false, start: 0, count: 0, bits: 0))
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                self.appendNode(try reader.parseNumber())
            default:
                throw reader.failure(.syntax, "unexpected character, expected a value")
            }
        }

        private mutating func parseObject(
            _ reader: inout Reader,
            depth: Int,
            maximumDepth: Int
        ) throws(JSONReader.Failure) {
            guard depth <= maximumDepth else {
                throw reader.failure(.tooDeep, "nesting deeper than \(maximumDepth) levels")
            }
            let objectIndex = self.nodes.count
            self.appendNode(Node(kind: .object, isPlainASCII: false, start: 0, count: 0, bits: 0))
            reader.position += 1  // {
            reader.skipWhitespace()
            let firstOpenName = self.openNames.count
            if reader.peek() == UInt8(ascii: "}") {
                reader.position += 1
            } else {
                // Small objects (all of a token's) check duplicates by a linear scan: no hashing, no allocation.
                // From the 17th member a set takes over (in a function of its own, so that the common case has no
                // set to release), so that hostile input cannot make the check quadratic.
                members: while true {
                    let (nameIndex, nameOffset) = try self.parseMemberName(&reader)
                    guard self.openNames.count - firstOpenName < 16 else {
                        try self.parseLargeObjectMembers(
                            &reader,
                            firstOpenName: firstOpenName,
                            from: (nameIndex, nameOffset),
                            depth: depth,
                            maximumDepth: maximumDepth
                        )
                        break members
                    }
                    let isDuplicate = (firstOpenName..<self.openNames.count).contains {
                        self.sameName(Int(self.openNames[$0]), nameIndex, reader)
                    }
                    guard !isDuplicate else {
                        throw self.duplicate(nameIndex, at: nameOffset, reader)
                    }
                    self.appendOpenName(nameIndex)
                    if try self.parseMemberValue(&reader, depth: depth, maximumDepth: maximumDepth) {
                        break members
                    }
                }
            }
            let memberCount = self.openNames.count - firstOpenName
            self.nodes[objectIndex].start = UInt32(self.closeObject(openNamesFrom: firstOpenName))
            self.nodes[objectIndex].count = UInt32(memberCount)
            self.nodes[objectIndex].bits = UInt64(self.nodes.count)
        }

        /// Parses a member name (after any white space) and returns its node and offset.
        @inline(__always)
        private mutating func parseMemberName(_ reader: inout Reader) throws(JSONReader.Failure) -> (Int, Int) {
            reader.skipWhitespace()
            guard reader.peek() == UInt8(ascii: "\"") else {
                throw reader.failure(.syntax, "expected a member name in quotes")
            }
            let nameOffset = reader.position
            let nameIndex = self.nodes.count
            self.appendNode(try reader.parseString())
            return (nameIndex, nameOffset)
        }

        /// Parses `: value` and the `,` or `}` after it; `true` at the `}` that closes the object.
        @inline(__always)
        private mutating func parseMemberValue(
            _ reader: inout Reader,
            depth: Int,
            maximumDepth: Int
        ) throws(JSONReader.Failure) -> Bool {
            reader.skipWhitespace()
            guard reader.peek() == UInt8(ascii: ":") else {
                throw reader.failure(.syntax, "expected ':' after a member name")
            }
            reader.position += 1
            reader.skipWhitespace()
            // Most members of a token are strings and objects: parsed here without the dispatch through
            // `parseValue`, a call per value.
            switch reader.peek() {
            case UInt8(ascii: "\""): self.appendNode(try reader.parseString())
            case UInt8(ascii: "{"): try self.parseObject(&reader, depth: depth + 1, maximumDepth: maximumDepth)
            default: try self.parseValue(&reader, depth: depth, maximumDepth: maximumDepth)
            }
            reader.skipWhitespace()
            switch reader.peek() {
            case UInt8(ascii: ","):
                reader.position += 1
                return false
            case UInt8(ascii: "}"):
                reader.position += 1
                return true
            default:
                throw reader.failure(.syntax, "expected ',' or '}' in an object")
            }
        }

        /// The members of an object from its 17th, whose name is `first`: duplicates are found with a set.
        @inline(never)
        private mutating func parseLargeObjectMembers(
            _ reader: inout Reader,
            firstOpenName: Int,
            from first: (nameIndex: Int, nameOffset: Int),
            depth: Int,
            maximumDepth: Int
        ) throws(JSONReader.Failure) {
            var names = Set(
                (firstOpenName..<self.openNames.count).map { self.decodedString(Int(self.openNames[$0]), reader) })
            var (nameIndex, nameOffset) = first
            while true {
                guard names.insert(self.decodedString(nameIndex, reader)).inserted else {
                    throw self.duplicate(nameIndex, at: nameOffset, reader)
                }
                self.appendOpenName(nameIndex)
                if try self.parseMemberValue(&reader, depth: depth, maximumDepth: maximumDepth) {
                    return
                }
                (nameIndex, nameOffset) = try self.parseMemberName(&reader)
            }
        }

        private func duplicate(_ nameIndex: Int, at offset: Int, _ reader: Reader) -> JSONReader.Failure {
            JSONReader.Failure(
                kind: .duplicateMember,
                reason: "duplicate member name \(JSONReader.quoted(self.decodedString(nameIndex, reader)))",
                offset: offset
            )
        }

        private mutating func parseArray(
            _ reader: inout Reader,
            depth: Int,
            maximumDepth: Int
        ) throws(JSONReader.Failure) {
            guard depth <= maximumDepth else {
                throw reader.failure(.tooDeep, "nesting deeper than \(maximumDepth) levels")
            }
            let arrayIndex = self.nodes.count
            self.appendNode(Node(kind: .array, isPlainASCII: false, start: 0, count: 0, bits: 0))
            reader.position += 1  // [
            reader.skipWhitespace()
            var count: UInt32 = 0
            if reader.peek() == UInt8(ascii: "]") {
                reader.position += 1
            } else {
                elements: while true {
                    reader.skipWhitespace()
                    try self.parseValue(&reader, depth: depth, maximumDepth: maximumDepth)
                    count += 1
                    reader.skipWhitespace()
                    switch reader.peek() {
                    case UInt8(ascii: ","):
                        reader.position += 1
                    case UInt8(ascii: "]"):
                        reader.position += 1
                        break elements
                    default:
                        throw reader.failure(.syntax, "expected ',' or ']' in an array")
                    }
                }
            }
            self.nodes[arrayIndex].count = count
            self.nodes[arrayIndex].bits = UInt64(self.nodes.count)
        }

        // MARK: Member names

        /// Whether two name nodes are the same name as Swift compares strings: plain ASCII names byte for byte,
        /// others decoded (so that `"e"` and `"\u0065"`, or two canonically equivalent spellings, are one name).
        private func sameName(_ first: Int, _ second: Int, _ reader: Reader) -> Bool {
            let a = self.nodes[first]
            let b = self.nodes[second]
            if a.isPlainASCII && b.isPlainASCII {
                guard a.count == b.count else { return false }
                if Int(a.count) <= MemberName.packedCount { return a.bits == b.bits }
                let base = reader.text.baseAddress.unsafelyUnwrapped - reader.base
                return JSONDocument.bytesEqual(base + Int(a.start), base + Int(b.start), count: Int(a.count))
            }
            return self.decodedString(first, reader) == self.decodedString(second, reader)
        }

        private func decodedString(_ index: Int, _ reader: Reader) -> String {
            let node = self.nodes[index]
            let start = Int(node.start) - reader.base
            let raw = UnsafeBufferPointer(rebasing: reader.text[start..<(start + Int(node.count))])
            return String(decoding: node.isPlainASCII ? Array(raw) : JSONDocument.unescape(raw), as: UTF8.self)
        }
    }

    /// A position in the text being parsed, and the parsing of scalars (strings, numbers, literals).
    private struct Reader {
        let text: UnsafeBufferPointer<UInt8>
        /// The offset of `text` in the document's bytes.
        let base: Int
        var position = 0

        init(text: UnsafeBufferPointer<UInt8>, base: Int) {
            self.text = text
            self.base = base
        }

        @inline(__always)
        func peek() -> UInt8? {
            self.position < self.text.count ? self.text[self.position] : nil
        }

        mutating func skipWhitespace() {
            while let byte = self.peek(),
                byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                    || byte == UInt8(ascii: "\t")
            {
                self.position += 1
            }
        }

        func failure(_ kind: JSONReader.Failure.Kind, _ reason: String) -> JSONReader.Failure {
            JSONReader.Failure(kind: kind, reason: reason, offset: self.position)
        }

        mutating func expectLiteral(_ literal: StaticString) throws(JSONReader.Failure) {
            let count = literal.utf8CodeUnitCount
            guard self.text.count - self.position >= count else {
                throw self.failure(.syntax, "unexpected end of text in a literal")
            }
            let matches = literal.withUTF8Buffer { expected in
                (0..<count).allSatisfy { self.text[self.position + $0] == expected[$0] }
            }
            guard matches else {
                throw self.failure(.syntax, "invalid literal")
            }
            self.position += count
        }

        // MARK: Numbers

        mutating func parseNumber() throws(JSONReader.Failure) -> Node {
            let start = self.position
            var isInteger = true
            let isNegative = self.peek() == UInt8(ascii: "-")
            if isNegative {
                self.position += 1
            }
            let digitsStart = self.position
            switch self.peek() {
            case UInt8(ascii: "0"):
                self.position += 1
                if let next = self.peek(), Self.isDigit(next) {
                    throw self.failure(.syntax, "numbers must not have leading zeros")
                }
            case let byte? where Self.isDigit(byte):
                self.skipDigits()
            default:
                throw self.failure(.syntax, "expected a digit")
            }
            let digitsEnd = self.position
            if self.peek() == UInt8(ascii: ".") {
                isInteger = false
                self.position += 1
                guard let byte = self.peek(), Self.isDigit(byte) else {
                    throw self.failure(.syntax, "expected a digit after the decimal point")
                }
                self.skipDigits()
            }
            if self.peek() == UInt8(ascii: "e") || self.peek() == UInt8(ascii: "E") {
                isInteger = false
                self.position += 1
                if self.peek() == UInt8(ascii: "+") || self.peek() == UInt8(ascii: "-") {
                    self.position += 1
                }
                guard let byte = self.peek(), Self.isDigit(byte) else {
                    throw self.failure(.syntax, "expected a digit in the exponent")
                }
                self.skipDigits()
            }
            if isInteger, let value = self.integer(digitsStart..<digitsEnd, negative: isNegative) {
                return Node(kind: .int, isPlainASCII: false, start: 0, count: 0, bits: UInt64(bitPattern: Int64(value)))
            }
            // The grammar was checked above, so `Double(_:)` sees only RFC 8259 numbers; it rounds correctly
            // and yields infinity on overflow, which JSON cannot mean.
            let literal = String(
                decoding: UnsafeBufferPointer(rebasing: self.text[start..<self.position]), as: UTF8.self)
            guard let value = Double(literal), value.isFinite else {
                throw JSONReader.Failure(
                    kind: .numberOutOfRange, reason: "number is too large to represent", offset: start)
            }
            return Node(kind: .double, isPlainASCII: false, start: 0, count: 0, bits: value.bitPattern)
        }

        /// The integer written with the digits in `range`, if it fits an `Int`.
        private func integer(_ range: Range<Int>, negative: Bool) -> Int? {
            if range.count <= 18 {
                // At most 18 digits: below 10¹⁸, so neither the sum nor the sign can overflow.
                var value = 0
                for index in range {
                    value = value &* 10 &+ Int(self.text[index] &- UInt8(ascii: "0"))
                }
                return negative ? 0 &- value : value
            }
            var magnitude: UInt64 = 0
            for index in range {
                let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, carry) = shifted.addingReportingOverflow(UInt64(self.text[index] &- UInt8(ascii: "0")))
                guard !overflow, !carry else { return nil }
                magnitude = sum
            }
            if negative {
                guard magnitude <= UInt64(Int.max) + 1 else { return nil }
                return Int(truncatingIfNeeded: 0 &- magnitude)
            }
            guard magnitude <= UInt64(Int.max) else { return nil }
            return Int(magnitude)
        }

        private mutating func skipDigits() {
            while let byte = self.peek(), Self.isDigit(byte) {
                self.position += 1
            }
        }

        private static func isDigit(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        // MARK: Strings

        /// Checks a string and returns its node (the content's place in the bytes; nothing is copied).
        mutating func parseString() throws(JSONReader.Failure) -> Node {
            self.position += 1  // opening quote
            let start = self.position
            var isPlainASCII = true
            self.skipPlainWords()
            while true {
                guard self.position < self.text.count else {
                    throw self.failure(.syntax, "unterminated string")
                }
                let byte = self.text[self.position]
                switch byte {
                case UInt8(ascii: "\""):
                    let count = self.position - start
                    let node = Node(
                        kind: .string,
                        isPlainASCII: isPlainASCII,
                        start: UInt32(self.base + start),
                        count: UInt32(count),
                        bits: isPlainASCII && count <= MemberName.packedCount
                            ? self.packed(from: start, count: count) : 0
                    )
                    self.position += 1
                    return node
                case UInt8(ascii: "\\"):
                    isPlainASCII = false
                    try self.checkEscape()
                case 0..<0x20:
                    throw self.failure(.syntax, "control character in a string must be escaped")
                case 0x80...:
                    isPlainASCII = false
                    try self.checkUTF8Sequence()
                default:
                    self.position += 1
                }
            }
        }

        /// The `count` (at most eight) bytes from `start`, packed as ``MemberName`` packs them.
        @inline(__always)
        private func packed(from start: Int, count: Int) -> UInt64 {
            let base = self.text.baseAddress.unsafelyUnwrapped
            guard start + MemberName.packedCount <= self.text.count else {
                return MemberName.pack(UnsafeBufferPointer(start: base + start, count: count))
            }
            // One load, and the bytes past the string masked off (a string here is followed by at least its
            // closing quote, so `count` < 8 whenever the load reaches past it).
            let word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
            return count == MemberName.packedCount ? word : word & ((1 << (8 * UInt64(count))) - 1)
        }

        /// Moves past printable ASCII other than `"` and backslash, eight bytes at a time (SWAR: each test is
        /// non-zero exactly when some byte of the word fails it), to the first byte that fails; the byte loop takes
        /// it from there (for a plain string, at its closing quote).
        @inline(__always)
        private mutating func skipPlainWords() {
            guard let base = self.text.baseAddress else { return }
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while self.position + 8 <= self.text.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + self.position).loadUnaligned(as: UInt64.self))
                let control = (word &- ones &* 0x20) & ~word  // a byte < 0x20
                let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
                let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
                let special = (quote &- ones) & ~quote | (backslash &- ones) & ~backslash
                let stops = (word | control | special) & highs
                guard stops == 0 else {
                    // The lowest flagged byte is the first that fails: a borrow only ever flags bytes above a
                    // true match.
                    self.position += stops.trailingZeroBitCount / 8
                    return
                }
                self.position += 8
            }
        }

        private mutating func checkEscape() throws(JSONReader.Failure) {
            self.position += 1  // backslash
            guard let byte = self.peek() else {
                throw self.failure(.syntax, "unterminated escape")
            }
            self.position += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                return
            case UInt8(ascii: "u"):
                let first = try self.parseHex4()
                if (0xD800...0xDBFF).contains(first) {
                    guard self.peek() == UInt8(ascii: "\\"),
                        self.position + 1 < self.text.count,
                        self.text[self.position + 1] == UInt8(ascii: "u")
                    else {
                        throw self.failure(.invalidUTF8, "unpaired surrogate escape")
                    }
                    self.position += 2
                    let second = try self.parseHex4()
                    guard (0xDC00...0xDFFF).contains(second) else {
                        throw self.failure(.invalidUTF8, "unpaired surrogate escape")
                    }
                } else if (0xDC00...0xDFFF).contains(first) {
                    throw self.failure(.invalidUTF8, "unpaired surrogate escape")
                }
            default:
                throw self.failure(.syntax, "invalid escape")
            }
        }

        private mutating func parseHex4() throws(JSONReader.Failure) -> UInt16 {
            guard self.text.count - self.position >= 4 else {
                throw self.failure(.syntax, "incomplete \\u escape")
            }
            var value: UInt16 = 0
            for _ in 0..<4 {
                let byte = self.text[self.position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw self.failure(.syntax, "invalid hex digit in \\u escape")
                }
                value = value << 4 | UInt16(digit)
                self.position += 1
            }
            return value
        }

        /// Checks one multi-byte UTF-8 sequence, rejecting invalid, overlong and surrogate encodings.
        private mutating func checkUTF8Sequence() throws(JSONReader.Failure) {
            let lead = self.text[self.position]
            let length: Int
            let lowerBound: UInt32
            var scalar: UInt32
            switch lead {
            case 0xC2...0xDF:
                length = 2
                lowerBound = 0x80
                scalar = UInt32(lead & 0x1F)
            case 0xE0...0xEF:
                length = 3
                lowerBound = 0x800
                scalar = UInt32(lead & 0x0F)
            case 0xF0...0xF4:
                length = 4
                lowerBound = 0x1_0000
                scalar = UInt32(lead & 0x07)
            default:
                throw self.failure(.invalidUTF8, "invalid UTF-8")
            }
            guard self.text.count - self.position >= length else {
                throw self.failure(.invalidUTF8, "truncated UTF-8 sequence")
            }
            for offset in 1..<length {
                let continuation = self.text[self.position + offset]
                guard continuation & 0xC0 == 0x80 else {
                    throw self.failure(.invalidUTF8, "invalid UTF-8")
                }
                scalar = scalar << 6 | UInt32(continuation & 0x3F)
            }
            guard scalar >= lowerBound, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
                throw self.failure(.invalidUTF8, "invalid UTF-8")
            }
            self.position += length
        }
    }
}

extension JSONDocument {
    /// A JSON text parsed once and kept for the life of the process, for the few texts seen again and again (the
    /// headers the official helpers write), so that a builder takes its nodes (``Builder/adopt(_:)``) instead of
    /// parsing the same bytes again.
    ///
    /// Its memory is allocated once and never freed, so the value is a few pointers: reading one from a static
    /// table retains nothing. Make them only for static tables (`@unchecked Sendable`: the memory is never written
    /// after `init`).
    package struct ParsedText: @unchecked Sendable {
        package let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let nodes: UnsafeBufferPointer<Node>
        fileprivate let memberNames: UnsafeBufferPointer<UInt32>
        /// The depth limit it was parsed within: a parse with a lower limit might have rejected it.
        package let maximumDepth: Int

        /// `text` parsed into memory that is never freed; `nil` if `text` is not acceptable JSON nesting at most
        /// `maximumDepth` levels.
        package static func permanent(_ text: [UInt8], maximumDepth: Int) -> ParsedText? {
            var builder = Builder(copying: text)
            guard (try? builder.parse(0..<text.count, maximumDepth: maximumDepth)) != nil else { return nil }
            let document = builder.build()
            return ParsedText(
                bytes: UnsafeBufferPointer(Self.permanentCopy(of: document.bytes)),
                nodes: UnsafeBufferPointer(Self.permanentCopy(of: document.nodes)),
                memberNames: UnsafeBufferPointer(Self.permanentCopy(of: document.memberNames)),
                maximumDepth: maximumDepth
            )
        }

        private static func permanentCopy<Element>(of elements: UnsafeBufferPointer<Element>)
            -> UnsafeMutableBufferPointer<Element>
        {
            let copy = UnsafeMutableBufferPointer<Element>.allocate(capacity: elements.count)
            _ = copy.initialize(from: elements)
            return copy
        }
    }
}

/// A list of trivial values in memory the builder manages: first a place in its block, then, if it outgrows that,
/// an allocation of its own that doubles as needed.
private struct GrowableList<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    var count = 0
    private var capacity: Int
    /// Whether `base` is an allocation of its own (else a place in the builder's block).
    private(set) var isOwned = false

    init(_ base: UnsafeMutablePointer<Element>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    subscript(index: Int) -> Element {
        @inline(__always) get { self.base[index] }
        @inline(__always) nonmutating set { self.base[index] = newValue }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if self.count == self.capacity {
            self.grow(toAtLeast: self.count + 1)
        }
        (self.base + self.count).initialize(to: element)
        self.count += 1
    }

    mutating func append(contentsOf elements: UnsafePointer<Element>, count: Int) {
        if self.count + count > self.capacity {
            self.grow(toAtLeast: self.count + count)
        }
        // Element by element: the lists hold a few entries per object, fewer than a call to memmove is worth.
        for offset in 0..<count {
            (self.base + self.count + offset).initialize(to: elements[offset])
        }
        self.count += count
    }

    @inline(never)
    private mutating func grow(toAtLeast minimum: Int) {
        var newCapacity = self.capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.initialize(from: self.base, count: self.count)
        self.deallocateIfOwned()
        self.base = newBase
        self.capacity = newCapacity
        self.isOwned = true
    }

    func deallocateIfOwned() {
        if self.isOwned { self.base.deallocate() }
    }
}

/// The value nodes of the well-known members (``MemberName/wellKnown``) of up to two objects of a document, kept in
/// the document's block: for each object its node, then one entry per well-known name (-1 where it has none), then
/// the mask of the slots it has.
private struct KnownMembers {
    static let objectCount = 2
    static let stride = 2 + MemberName.wellKnownCount
    static let storageCount = objectCount * stride
    /// Where an object's mask is, from its node's entry.
    private static let maskOffset = 1 + MemberName.wellKnownCount

    private let storage: UnsafeMutablePointer<Int32>

    init(storage: UnsafeMutablePointer<Int32>) {
        self.storage = storage
        storage.initialize(repeating: -1, count: Self.storageCount)
    }

    /// No index, until a builder has one (a place holder: it must not be read).
    init(unindexed: Void) {
        self.storage = UnsafeMutablePointer(bitPattern: MemoryLayout<Int32>.alignment).unsafelyUnwrapped
    }

    /// Starts indexing the object at `node`; `nil` when two are indexed already.
    func add(object node: Int) -> Int? {
        for objectSlot in 0..<Self.objectCount where self.storage[objectSlot * Self.stride] < 0 {
            self.storage[objectSlot * Self.stride] = Int32(node)
            self.storage[objectSlot * Self.stride + Self.maskOffset] = 0
            return objectSlot
        }
        return nil
    }

    func set(valueIndex: Int, slot: Int, objectSlot: Int) {
        self.storage[objectSlot * Self.stride + 1 + slot] = Int32(valueIndex)
        self.storage[objectSlot * Self.stride + Self.maskOffset] |= 1 << slot
    }

    /// Bit `slot` set for each well-known member the object at `node` has; `nil` when it is not indexed.
    @inline(__always)
    func mask(ofObjectAt node: Int) -> UInt32? {
        for objectSlot in 0..<Self.objectCount where Int(self.storage[objectSlot * Self.stride]) == node {
            return UInt32(bitPattern: self.storage[objectSlot * Self.stride + Self.maskOffset])
        }
        return nil
    }

    /// The value node of the well-known member in `slot` of the object at `node`: `.some(nil)` when that object is
    /// indexed and has no such member, `nil` when it is not indexed.
    @inline(__always)
    func valueIndex(slot: Int, inObjectAt node: Int) -> Int?? {
        for objectSlot in 0..<Self.objectCount where Int(self.storage[objectSlot * Self.stride]) == node {
            let found = self.storage[objectSlot * Self.stride + 1 + slot]
            return .some(found < 0 ? nil : Int(found))
        }
        return nil
    }
}
