extension JSONDocument {
    /// Parses JSON texts in parts of one byte buffer into one document, in one allocation.
    ///
    /// ```swift
    /// var builder = JSONDocument.Builder(copying: bytes)
    /// let header = try builder.parse(0..<headerCount, maximumDepth: 16)
    /// let payload = try builder.parse(headerCount..<bytes.count, maximumDepth: 16)
    /// let document = builder.build()
    /// ```
    ///
    /// The grammar is in `JSONDocument+Parsing.swift`, the scanning of strings and numbers in `JSONScanner.swift`.
    @safe package struct Builder: ~Copyable {
        /// The document's one allocation, whose block holds the bytes and the first capacity of each list below (the
        /// common case: a token's parts need no more). Held +1, and handed to the document by ``build()`` (unmanaged,
        /// so that the builder has only trivial stored properties and can be `discard`ed).
        private let storage: Unmanaged<Storage>
        /// The bytes to parse, at the start of the storage's block.
        let bytes: UnsafeMutableBufferPointer<UInt8>
        /// The number of bytes the builder holds (`bytes.count`).
        package let byteCount: Int
        var nodes: GrowableList<Node>
        var memberNames: GrowableList<UInt32>
        /// The member-name nodes of the objects being parsed, innermost object's last.
        var openNames: GrowableList<UInt32>

        /// A builder for `count` bytes that `initialize` writes (every one of them).
        package init(byteCount count: Int, initializingWith initialize: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
            // A typical token part needs one node per 8 to 10 bytes, and a member name per 20; more grows.
            let nodeCapacity = count / 8 + 8
            let memberNameCapacity = count / 16 + 8
            let openNameCapacity = 32
            let nodesOffset = Self.aligned(count, to: MemoryLayout<Node>.alignment)
            let memberNamesOffset = nodesOffset + nodeCapacity * MemoryLayout<Node>.stride
            let openNamesOffset = memberNamesOffset + memberNameCapacity * MemoryLayout<UInt32>.stride
            let blockSize = openNamesOffset + openNameCapacity * MemoryLayout<UInt32>.stride
            let wordCount = (blockSize + MemoryLayout<UInt64>.stride - 1) / MemoryLayout<UInt64>.stride
            // Safe: `create` returns an instance of the subclass it is called on.
            let storage = unsafe unsafeDowncast(
                Storage.create(minimumCapacity: wordCount) { _ in unsafe Parts.empty }, to: Storage.self)
            // Safe: balanced by `takeRetainedValue()` in build() or `release()` in deinit, exactly one of which runs.
            unsafe self.storage = unsafe Unmanaged.passRetained(storage)
            // Safe: the block's address is fixed for the life of the object, which the builder and then the document
            // keep alive; the regions below are disjoint, aligned for their types, and within `wordCount` words.
            let block = unsafe UnsafeMutableRawPointer(storage.withUnsafeMutablePointerToElements { unsafe $0 })
            unsafe self.bytes = UnsafeMutableBufferPointer(
                start: block.bindMemory(to: UInt8.self, capacity: count), count: count)
            self.byteCount = count
            unsafe self.nodes = GrowableList(
                (block + nodesOffset).bindMemory(to: Node.self, capacity: nodeCapacity), capacity: nodeCapacity)
            unsafe self.memberNames = GrowableList(
                (block + memberNamesOffset).bindMemory(to: UInt32.self, capacity: memberNameCapacity),
                capacity: memberNameCapacity
            )
            unsafe self.openNames = GrowableList(
                (block + openNamesOffset).bindMemory(to: UInt32.self, capacity: openNameCapacity),
                capacity: openNameCapacity
            )
            // Safe: `initialize` writes within the `count` bytes it is given, which stay valid for the call.
            unsafe initialize(self.bytes)
        }

        private static func aligned(_ offset: Int, to alignment: Int) -> Int {
            (offset + alignment - 1) / alignment * alignment
        }

        /// A builder for a copy of `bytes`.
        package init(copying bytes: some Collection<UInt8>) {
            // Safe: the closure writes within the buffer it is given (below).
            unsafe self.init(byteCount: bytes.count) { buffer in
                // Safe: the buffer has exactly bytes.count places.
                _ = unsafe buffer.initialize(from: bytes)
            }
        }

        deinit {
            self.nodes.deallocateIfOwned()
            self.memberNames.deallocateIfOwned()
            self.openNames.deallocateIfOwned()
            // Safe: the builder was not built (build() discards it), so it still holds its +1.
            unsafe self.storage.release()
        }

        /// Takes the nodes of `text` (a document of one parse, whose root is its first node) for the first
        /// `text`-many bytes, as ``parse(_:maximumDepth:)`` would have made them from the same bytes at the start of
        /// an empty builder, and returns its root's index. The builder's first bytes are overwritten with the text's.
        package mutating func adopt(_ text: JSONDocument) -> Int {
            precondition(self.nodes.count == 0 && self.memberNames.count == 0, "adopt(_:) starts a document")
            // Safe: `text` is kept alive (below) until its parts are copied; the ranges are checked before the copy.
            let parts = unsafe text.parts
            unsafe precondition(parts.bytes.count <= self.byteCount, "adopt(_:) needs room for the text's bytes")
            withExtendedLifetime(text) {
                _ = unsafe UnsafeMutableBufferPointer(rebasing: self.bytes[0..<parts.bytes.count])
                    .initialize(from: parts.bytes)
                if let nodes = unsafe parts.nodes.baseAddress {
                    unsafe self.nodes.append(contentsOf: nodes, count: parts.nodes.count)
                }
                if let memberNames = unsafe parts.memberNames.baseAddress {
                    unsafe self.memberNames.append(contentsOf: memberNames, count: parts.memberNames.count)
                }
            }
            return 0
        }

        /// Whether the node at `index` is an object.
        package func isObject(_ index: Int) -> Bool {
            self.nodes[index].kind == .object
        }

        /// The document with everything parsed so far.
        package consuming func build() -> JSONDocument {
            // Safe: takes the builder's +1 (the builder is discarded below, so its deinit does not release it).
            let storage = unsafe self.storage.takeRetainedValue()
            // Safe: the header is written once, before the document exists; the lists' memory passes to the document,
            // which frees the owned ones.
            unsafe storage.withUnsafeMutablePointerToHeader { parts in
                unsafe parts.pointee = Parts(
                    bytes: UnsafeBufferPointer(self.bytes),
                    nodes: UnsafeBufferPointer(start: self.nodes.base, count: self.nodes.count),
                    memberNames: UnsafeBufferPointer(start: self.memberNames.base, count: self.memberNames.count),
                    ownsNodes: self.nodes.isOwned,
                    ownsMemberNames: self.memberNames.isOwned
                )
            }
            let document = JSONDocument(storage: storage)
            self.openNames.deallocateIfOwned()
            discard self
            return document
        }

        /// Parses `range` of the bytes as one JSON text and returns the index of its root node. Failure offsets count
        /// from the start of `range`. A failed parse leaves the builder as it was.
        package mutating func parse(_ range: Range<Int>, maximumDepth: Int) throws(JSONParseError) -> Int {
            guard self.byteCount < Int(UInt32.max) else {
                throw JSONParseError(kind: .syntax, reason: "text longer than 4 GiB", offset: 0)
            }
            precondition(range.lowerBound >= 0 && range.upperBound <= self.byteCount, "parse range out of bounds")
            // Safe: the range is within the bytes, which the storage keeps alive for the builder's life.
            var scanner = unsafe JSONScanner(
                text: UnsafeBufferPointer(rebasing: self.bytes[range]), base: range.lowerBound)
            let counts = (self.nodes.count, self.memberNames.count)
            do throws(JSONParseError) {
                return try self.parseText(&scanner, maximumDepth: maximumDepth)
            } catch {
                // Leave the builder as it was, so that what was parsed before stays a consistent document.
                (self.nodes.count, self.memberNames.count) = counts
                self.openNames.count = 0
                throw error
            }
        }
    }
}

extension JSONDocument {
    /// Parses `bytes` as one JSON text.
    ///
    /// - Returns: The document's root value.
    package static func parse(_ bytes: some Collection<UInt8>, maximumDepth: Int) throws(JSONParseError)
        -> JSONValueView
    {
        var builder = Builder(copying: bytes)
        let root = try builder.parse(0..<builder.byteCount, maximumDepth: maximumDepth)
        return JSONValueView(document: builder.build(), node: root)
    }
}
