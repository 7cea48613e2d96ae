/// A parsed JSON text, kept as its bytes and a flat array of nodes, from which values are read on demand.
///
/// Parsing validates everything ``JSONReader`` promises (UTF-8, grammar, numbers, escapes, duplicate member
/// names, depth) in one pass, but builds no tree: each value becomes one ``Node`` in document order (a "tape"),
/// and objects list their members in ``memberNames``. A ``JSONObject`` read from a document is a view of it:
/// looking up a member compares names against the bytes, and a string becomes a `String` only when it is read.
/// So verifying a token costs a few allocations for the whole document instead of several per object and string,
/// and claims nobody reads are never copied out.
///
/// A document is immutable after parsing and owns its memory (three blocks, freed with it), so views of it can be
/// shared across threads without locks (hence `@unchecked Sendable`: its pointers are never written after `init`).
package final class JSONDocument: @unchecked Sendable {
    package struct Node: Sendable {
        package enum Kind: UInt8, Sendable {
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
        /// the container, so that a container is skipped in one step.
        var bits: UInt64
    }

    /// The JSON text (and possibly other bytes around it).
    let bytes: UnsafeBufferPointer<UInt8>
    /// Every value in document order: a container is followed by its contents, an object's member name by
    /// its value.
    let nodes: UnsafeBufferPointer<Node>
    /// For each object, the node indices of its member names, in order, from the object's `start`.
    let memberNames: UnsafeBufferPointer<UInt32>

    /// Takes ownership of the three blocks (allocated with `allocate(capacity:)`).
    private init(
        bytes: UnsafeBufferPointer<UInt8>,
        nodes: UnsafeBufferPointer<Node>,
        memberNames: UnsafeBufferPointer<UInt32>
    ) {
        self.bytes = bytes
        self.nodes = nodes
        self.memberNames = memberNames
    }

    deinit {
        self.bytes.deallocate()
        self.nodes.deallocate()
        self.memberNames.deallocate()
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

    /// The member called `name` of the object at `index`, compared as Swift compares strings (canonical
    /// equivalence), as a dictionary keyed by `String` would find it.
    func member(named name: String, inObjectAt index: Int) -> JSONValue? {
        self.memberValueIndex(named: name, inObjectAt: index).map(self.value(at:))
    }

    /// The node of the value of the member called `name` of the object at `index` (see
    /// ``member(named:inObjectAt:)``).
    func memberValueIndex(named name: String, inObjectAt index: Int) -> Int? {
        let object = self.nodes[index]
        let first = Int(object.start)
        let count = Int(object.count)
        // Plain ASCII names against an ASCII query: byte for byte (two ASCII strings are equal exactly when their
        // bytes are). Anything else is compared as String, since a non-ASCII name can be canonically equivalent to
        // an ASCII one (U+212A KELVIN SIGN is "K").
        let found: Int? =
            name.utf8.withContiguousStorageIfAvailable { query -> Int? in
                let queryIsASCII = query.allSatisfy { $0 < 0x80 }
                let bytes = self.bytes.baseAddress.unsafelyUnwrapped
                for position in 0..<count {
                    let nameIndex = Int(self.memberNames[first + position])
                    let node = self.nodes[nameIndex]
                    if node.isPlainASCII && queryIsASCII {
                        guard Int(node.count) == query.count else { continue }
                        let stored = bytes + Int(node.start)
                        var offset = 0
                        while offset < query.count && stored[offset] == query[offset] {
                            offset += 1
                        }
                        if offset == query.count { return nameIndex }
                    } else if self.string(at: nameIndex) == name {
                        return nameIndex
                    }
                }
                return nil
            } ?? self.slowMemberIndex(named: name, first: first, count: count)
        return found.map { $0 + 1 }
    }

    /// ``member(named:inObjectAt:)`` for a query that is not contiguous UTF-8 (a bridged string).
    private func slowMemberIndex(named name: String, first: Int, count: Int) -> Int? {
        for position in 0..<count {
            let nameIndex = Int(self.memberNames[first + position])
            if self.string(at: nameIndex) == name { return nameIndex }
        }
        return nil
    }

    /// The name node of member `position` of the object at `index`.
    func memberNameIndex(_ position: Int, inObjectAt index: Int) -> Int {
        Int(self.memberNames[Int(self.nodes[index].start) + position])
    }

    /// Decodes the escapes of a string's content, which the parser has validated.
    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
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
        /// The bytes to parse, owned by the builder until ``build()`` hands them to the document.
        private let bytes: UnsafeMutableBufferPointer<UInt8>
        private var nodes: UnsafeMutablePointer<Node>
        private var nodeCount = 0
        private var nodeCapacity: Int
        private var memberNames: UnsafeMutablePointer<UInt32>
        private var memberNameCount = 0
        private var memberNameCapacity: Int
        /// The member-name nodes of the objects being parsed, innermost object's last.
        private var openNames: UnsafeMutablePointer<UInt32>
        private var openNameCount = 0
        private var openNameCapacity: Int

        /// A builder for `count` bytes that `initialize` writes (every one of them).
        package init(byteCount count: Int, initializingWith initialize: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
            self.bytes = .allocate(capacity: count)
            initialize(self.bytes)
            // A typical token part needs one node per 8 to 10 bytes, and a member name per 20; more grows.
            self.nodeCapacity = count / 8 + 8
            self.nodes = .allocate(capacity: self.nodeCapacity)
            self.memberNameCapacity = count / 16 + 8
            self.memberNames = .allocate(capacity: self.memberNameCapacity)
            self.openNameCapacity = 32
            self.openNames = .allocate(capacity: self.openNameCapacity)
        }

        /// A builder for a copy of `bytes`.
        package init(copying bytes: some Collection<UInt8>) {
            self.init(byteCount: bytes.count) { buffer in
                _ = buffer.initialize(from: bytes)
            }
        }

        deinit {
            self.bytes.deallocate()
            self.nodes.deallocate()
            self.memberNames.deallocate()
            self.openNames.deallocate()
        }

        /// Whether the node at `index` is an object.
        package func isObject(_ index: Int) -> Bool {
            self.nodes[index].kind == .object
        }

        /// The document with everything parsed so far.
        package consuming func build() -> JSONDocument {
            let document = JSONDocument(
                bytes: UnsafeBufferPointer(self.bytes),
                nodes: UnsafeBufferPointer(start: self.nodes, count: self.nodeCount),
                memberNames: UnsafeBufferPointer(start: self.memberNames, count: self.memberNameCount)
            )
            self.openNames.deallocate()
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
            let counts = (self.nodeCount, self.memberNameCount)
            do throws(JSONReader.Failure) {
                return try self.parseText(&reader, maximumDepth: maximumDepth)
            } catch {
                // Leave the builder as it was, so that what was parsed before stays a consistent document.
                (self.nodeCount, self.memberNameCount) = counts
                self.openNameCount = 0
                throw error
            }
        }

        // MARK: Growable storage

        @inline(__always)
        private mutating func appendNode(_ node: Node) {
            if self.nodeCount == self.nodeCapacity {
                Self.grow(&self.nodes, count: self.nodeCount, capacity: &self.nodeCapacity)
            }
            (self.nodes + self.nodeCount).initialize(to: node)
            self.nodeCount += 1
        }

        @inline(__always)
        private mutating func appendOpenName(_ index: Int) {
            if self.openNameCount == self.openNameCapacity {
                Self.grow(&self.openNames, count: self.openNameCount, capacity: &self.openNameCapacity)
            }
            self.openNames[self.openNameCount] = UInt32(index)
            self.openNameCount += 1
        }

        /// Moves the open names from `first` on to the member-name list and returns where they start there.
        private mutating func closeObject(openNamesFrom first: Int) -> Int {
            let count = self.openNameCount - first
            while self.memberNameCount + count > self.memberNameCapacity {
                Self.grow(&self.memberNames, count: self.memberNameCount, capacity: &self.memberNameCapacity)
            }
            let start = self.memberNameCount
            (self.memberNames + start).update(from: self.openNames + first, count: count)
            self.memberNameCount += count
            self.openNameCount = first
            return start
        }

        @inline(never)
        private static func grow<Element>(
            _ base: inout UnsafeMutablePointer<Element>,
            count: Int,
            capacity: inout Int
        ) {
            let newCapacity = capacity * 2
            let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
            newBase.moveInitialize(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
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
            let root = self.nodeCount
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
            let objectIndex = self.nodeCount
            self.appendNode(Node(kind: .object, isPlainASCII: false, start: 0, count: 0, bits: 0))
            reader.position += 1  // {
            reader.skipWhitespace()
            let firstOpenName = self.openNameCount
            if reader.peek() == UInt8(ascii: "}") {
                reader.position += 1
            } else {
                // Small objects (all of a token's) check duplicates by a linear scan: no hashing, no allocation.
                // A set takes over for large ones, so hostile input cannot make the check quadratic.
                var names: Set<String>? = nil
                members: while true {
                    reader.skipWhitespace()
                    guard reader.peek() == UInt8(ascii: "\"") else {
                        throw reader.failure(.syntax, "expected a member name in quotes")
                    }
                    let nameOffset = reader.position
                    let nameIndex = self.nodeCount
                    self.appendNode(try reader.parseString())
                    let memberCount = self.openNameCount - firstOpenName
                    let isDuplicate: Bool
                    if names != nil {
                        isDuplicate = !names!.insert(self.decodedString(nameIndex, reader)).inserted
                    } else if memberCount < 16 {
                        isDuplicate = (firstOpenName..<self.openNameCount).contains {
                            self.sameName(Int(self.openNames[$0]), nameIndex, reader)
                        }
                    } else {
                        var seen = Set(
                            (firstOpenName..<self.openNameCount).map {
                                self.decodedString(Int(self.openNames[$0]), reader)
                            })
                        isDuplicate = !seen.insert(self.decodedString(nameIndex, reader)).inserted
                        names = seen
                    }
                    guard !isDuplicate else {
                        throw JSONReader.Failure(
                            kind: .duplicateMember,
                            reason: "duplicate member name \(JSONReader.quoted(self.decodedString(nameIndex, reader)))",
                            offset: nameOffset
                        )
                    }
                    self.appendOpenName(nameIndex)
                    reader.skipWhitespace()
                    guard reader.peek() == UInt8(ascii: ":") else {
                        throw reader.failure(.syntax, "expected ':' after a member name")
                    }
                    reader.position += 1
                    reader.skipWhitespace()
                    try self.parseValue(&reader, depth: depth, maximumDepth: maximumDepth)
                    reader.skipWhitespace()
                    switch reader.peek() {
                    case UInt8(ascii: ","):
                        reader.position += 1
                    case UInt8(ascii: "}"):
                        reader.position += 1
                        break members
                    default:
                        throw reader.failure(.syntax, "expected ',' or '}' in an object")
                    }
                }
            }
            let memberCount = self.openNameCount - firstOpenName
            self.nodes[objectIndex].start = UInt32(self.closeObject(openNamesFrom: firstOpenName))
            self.nodes[objectIndex].count = UInt32(memberCount)
            self.nodes[objectIndex].bits = UInt64(self.nodeCount)
        }

        private mutating func parseArray(
            _ reader: inout Reader,
            depth: Int,
            maximumDepth: Int
        ) throws(JSONReader.Failure) {
            guard depth <= maximumDepth else {
                throw reader.failure(.tooDeep, "nesting deeper than \(maximumDepth) levels")
            }
            let arrayIndex = self.nodeCount
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
            self.nodes[arrayIndex].bits = UInt64(self.nodeCount)
        }

        // MARK: Member names

        /// Whether two name nodes are the same name as Swift compares strings: plain ASCII names byte for byte,
        /// others decoded (so that `"e"` and `"\u0065"`, or two canonically equivalent spellings, are one name).
        private func sameName(_ first: Int, _ second: Int, _ reader: Reader) -> Bool {
            let a = self.nodes[first]
            let b = self.nodes[second]
            if a.isPlainASCII && b.isPlainASCII {
                guard a.count == b.count else { return false }
                let aStart = Int(a.start) - reader.base
                let bStart = Int(b.start) - reader.base
                for offset in 0..<Int(a.count) where reader.text[aStart + offset] != reader.text[bStart + offset] {
                    return false
                }
                return true
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
                    let node = Node(
                        kind: .string,
                        isPlainASCII: isPlainASCII,
                        start: UInt32(self.base + start),
                        count: UInt32(self.position - start),
                        bits: 0
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

        /// Moves past whole 8-byte words of printable ASCII other than `"` and backslash (SWAR: each test is
        /// non-zero exactly when some byte of the word fails it); the byte loop takes it from there.
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
                guard (word | control | special) & highs == 0 else { return }
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
