/// The grammar of the strict parser for untrusted token segments: RFC 8259 with the restrictions of I-JSON
/// (RFC 7493) and RFC 7515 §4 / RFC 8725 §3.7 that give every text exactly one meaning:
///
/// - UTF-8 only: a byte-order mark, UTF-16/32 text, invalid or overlong UTF-8 and encoded surrogates are rejected;
/// - exactly one value with optional surrounding white space; anything after it is rejected;
/// - duplicate member names are rejected at every depth, compared after unescaping (`"exp"` and `"\u0065xp"` are the
///   same name), as RFC 7493 §2.3 requires;
/// - numbers follow RFC 8259 §6 exactly (no `+1`, `01`, `.5`, `NaN`); integers that fit `Int` are kept as integers,
///   other numbers as doubles when finite, and anything that overflows a double (`1e400`, a 400-digit integer) is
///   rejected instead of becoming infinity;
/// - `\u` escapes must pair surrogates correctly; raw control characters in strings are rejected;
/// - nesting is limited (`maximumDepth`), so hostile input cannot exhaust the stack.
///
/// Errors are ``JSONParseError`` values with a reason and a byte offset, never the input itself.
extension JSONDocument.Builder {
    mutating func parseText(_ scanner: inout JSONScanner, maximumDepth: Int) throws(JSONParseError) -> Int {
        try scanner.checkEncoding()
        scanner.skipWhitespace()
        let root = self.nodes.count
        try self.parseValue(&scanner, depth: 0, maximumDepth: maximumDepth)
        scanner.skipWhitespace()
        guard scanner.isAtEnd else {
            throw scanner.failure(.syntax, "unexpected data after the JSON value")
        }
        return root
    }

    private mutating func parseValue(
        _ scanner: inout JSONScanner,
        depth: Int,
        maximumDepth: Int
    ) throws(JSONParseError) {
        guard let byte = scanner.peek() else {
            throw scanner.failure(.syntax, "unexpected end of text, expected a value")
        }
        switch byte {
        case UInt8(ascii: "{"):
            try self.parseObject(&scanner, depth: depth + 1, maximumDepth: maximumDepth)
        case UInt8(ascii: "["):
            try self.parseArray(&scanner, depth: depth + 1, maximumDepth: maximumDepth)
        case UInt8(ascii: "\""):
            self.nodes.append(try scanner.parseString())
        case UInt8(ascii: "t"):
            try scanner.expectLiteral("true")
            self.nodes.append(.scalar(.true))
        case UInt8(ascii: "f"):
            try scanner.expectLiteral("false")
            self.nodes.append(.scalar(.false))
        case UInt8(ascii: "n"):
            try scanner.expectLiteral("null")
            self.nodes.append(.scalar(.null))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            self.nodes.append(try scanner.parseNumber())
        default:
            throw scanner.failure(.syntax, "unexpected character, expected a value")
        }
    }

    private mutating func parseObject(
        _ scanner: inout JSONScanner,
        depth: Int,
        maximumDepth: Int
    ) throws(JSONParseError) {
        guard depth <= maximumDepth else {
            throw scanner.failure(.tooDeep, "nesting deeper than \(maximumDepth) levels")
        }
        let objectIndex = self.nodes.count
        self.nodes.append(.scalar(.object))
        scanner.advance()  // {
        scanner.skipWhitespace()
        let firstOpenName = self.openNames.count
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.advance()
        } else {
            // Small objects (all of a token's) check duplicates by a linear scan: no hashing, no allocation. From the
            // 17th member a set takes over (in a function of its own, so that the common case has no set to release),
            // so that hostile input cannot make the check quadratic.
            members: while true {
                let (nameIndex, nameOffset) = try self.parseMemberName(&scanner)
                guard self.openNames.count - firstOpenName < 16 else {
                    try self.parseLargeObjectMembers(
                        &scanner,
                        firstOpenName: firstOpenName,
                        from: (nameIndex, nameOffset),
                        depth: depth,
                        maximumDepth: maximumDepth
                    )
                    break members
                }
                let isDuplicate = (firstOpenName..<self.openNames.count).contains {
                    self.sameName(Int(self.openNames[$0]), nameIndex)
                }
                guard !isDuplicate else {
                    throw self.duplicate(nameIndex, at: nameOffset)
                }
                self.openNames.append(UInt32(nameIndex))
                if try self.parseMemberValue(&scanner, depth: depth, maximumDepth: maximumDepth) {
                    break members
                }
            }
        }
        let memberCount = self.openNames.count - firstOpenName
        self.nodes[objectIndex].start = UInt32(self.closeObject(openNamesFrom: firstOpenName))
        self.nodes[objectIndex].count = UInt32(memberCount)
        self.nodes[objectIndex].bits = UInt64(self.nodes.count)
    }

    /// Moves the open names from `first` on to the member-name list and returns where they start there.
    private mutating func closeObject(openNamesFrom first: Int) -> Int {
        let count = self.openNames.count - first
        let start = self.memberNames.count
        // Safe: `first + count` is the open list's count; the two lists are distinct allocations.
        unsafe self.memberNames.append(contentsOf: self.openNames.base + first, count: count)
        self.openNames.count = first
        return start
    }

    /// Parses a member name (after any white space) and returns its node and offset.
    @inline(__always)
    private mutating func parseMemberName(_ scanner: inout JSONScanner) throws(JSONParseError) -> (Int, Int) {
        scanner.skipWhitespace()
        guard scanner.peek() == UInt8(ascii: "\"") else {
            throw scanner.failure(.syntax, "expected a member name in quotes")
        }
        let nameOffset = scanner.position
        let nameIndex = self.nodes.count
        self.nodes.append(try scanner.parseString())
        return (nameIndex, nameOffset)
    }

    /// Parses `: value` and the `,` or `}` after it; `true` at the `}` that closes the object.
    @inline(__always)
    private mutating func parseMemberValue(
        _ scanner: inout JSONScanner,
        depth: Int,
        maximumDepth: Int
    ) throws(JSONParseError) -> Bool {
        scanner.skipWhitespace()
        guard scanner.peek() == UInt8(ascii: ":") else {
            throw scanner.failure(.syntax, "expected ':' after a member name")
        }
        scanner.advance()
        scanner.skipWhitespace()
        // Most members of a token are strings and objects: parsed here without the dispatch through `parseValue`.
        switch scanner.peek() {
        case UInt8(ascii: "\""): self.nodes.append(try scanner.parseString())
        case UInt8(ascii: "{"): try self.parseObject(&scanner, depth: depth + 1, maximumDepth: maximumDepth)
        default: try self.parseValue(&scanner, depth: depth, maximumDepth: maximumDepth)
        }
        scanner.skipWhitespace()
        switch scanner.peek() {
        case UInt8(ascii: ","):
            scanner.advance()
            return false
        case UInt8(ascii: "}"):
            scanner.advance()
            return true
        default:
            throw scanner.failure(.syntax, "expected ',' or '}' in an object")
        }
    }

    /// The members of an object from its 17th, whose name is `first`: duplicates are found with a set.
    @inline(never)
    private mutating func parseLargeObjectMembers(
        _ scanner: inout JSONScanner,
        firstOpenName: Int,
        from first: (nameIndex: Int, nameOffset: Int),
        depth: Int,
        maximumDepth: Int
    ) throws(JSONParseError) {
        var names = Set((firstOpenName..<self.openNames.count).map { self.decodedString(Int(self.openNames[$0])) })
        var (nameIndex, nameOffset) = first
        while true {
            guard names.insert(self.decodedString(nameIndex)).inserted else {
                throw self.duplicate(nameIndex, at: nameOffset)
            }
            self.openNames.append(UInt32(nameIndex))
            if try self.parseMemberValue(&scanner, depth: depth, maximumDepth: maximumDepth) {
                return
            }
            (nameIndex, nameOffset) = try self.parseMemberName(&scanner)
        }
    }

    private func duplicate(_ nameIndex: Int, at offset: Int) -> JSONParseError {
        JSONParseError(
            kind: .duplicateMember,
            reason: "duplicate member name \(JSONParseError.quoted(self.decodedString(nameIndex)))",
            offset: offset
        )
    }

    private mutating func parseArray(
        _ scanner: inout JSONScanner,
        depth: Int,
        maximumDepth: Int
    ) throws(JSONParseError) {
        guard depth <= maximumDepth else {
            throw scanner.failure(.tooDeep, "nesting deeper than \(maximumDepth) levels")
        }
        let arrayIndex = self.nodes.count
        self.nodes.append(.scalar(.array))
        scanner.advance()  // [
        scanner.skipWhitespace()
        var count: UInt32 = 0
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.advance()
        } else {
            elements: while true {
                scanner.skipWhitespace()
                try self.parseValue(&scanner, depth: depth, maximumDepth: maximumDepth)
                count += 1
                scanner.skipWhitespace()
                switch scanner.peek() {
                case UInt8(ascii: ","):
                    scanner.advance()
                case UInt8(ascii: "]"):
                    scanner.advance()
                    break elements
                default:
                    throw scanner.failure(.syntax, "expected ',' or ']' in an array")
                }
            }
        }
        self.nodes[arrayIndex].count = count
        self.nodes[arrayIndex].bits = UInt64(self.nodes.count)
    }

    // MARK: Member names

    /// Whether two name nodes are the same name as Swift compares strings: plain ASCII names byte for byte, others
    /// decoded (so that `"e"` and `"\u0065"`, or two canonically equivalent spellings, are one name).
    private func sameName(_ first: Int, _ second: Int) -> Bool {
        let a = self.nodes[first]
        let b = self.nodes[second]
        if a.isPlainASCII && b.isPlainASCII {
            guard a.count == b.count else { return false }
            if Int(a.count) <= MemberName.packedCount { return a.bits == b.bits }
            // Safe: both strings' contents lie within the builder's bytes.
            return unsafe SWAR.bytesEqual(
                self.bytes.baseAddress! + Int(a.start), self.bytes.baseAddress! + Int(b.start), count: Int(a.count))
        }
        return self.decodedString(first) == self.decodedString(second)
    }

    /// The string at `index`, escapes decoded.
    private func decodedString(_ index: Int) -> String {
        let node = self.nodes[index]
        // Safe: a string's content lies within the builder's bytes.
        let raw = unsafe UnsafeBufferPointer(rebasing: self.bytes[Int(node.start)..<Int(node.start + node.count)])
        return unsafe String(decoding: node.isPlainASCII ? Array(raw) : JSONDocument.unescape(raw), as: UTF8.self)
    }
}
