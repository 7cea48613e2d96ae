/// A growable byte buffer written through a raw pointer: the output primitive of the mint path.
///
/// `Array.append` checks uniqueness and capacity on every byte; a token's JSON is written a few bytes at a time,
/// so those checks dominated minting. This buffer owns one allocation, checks capacity once per write, and is
/// non-copyable so the allocation has exactly one owner and is freed exactly once.
package struct ByteWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    /// The number of bytes written.
    package private(set) var count: Int
    private var capacity: Int

    package init(capacity: Int) {
        self.capacity = max(capacity, 16)
        self.base = .allocate(capacity: self.capacity)
        self.count = 0
    }

    deinit {
        self.base.deallocate()
    }

    @inline(__always)
    private mutating func reserve(_ additional: Int) {
        if self.count + additional > self.capacity {
            self.grow(additional)
        }
    }

    @inline(never)
    private mutating func grow(_ additional: Int) {
        let newCapacity = max(self.capacity * 2, self.count + additional)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: self.base, count: self.count)
        self.base.deallocate()
        self.base = newBase
        self.capacity = newCapacity
    }

    @inline(__always)
    package mutating func append(_ byte: UInt8) {
        self.reserve(1)
        self.base[self.count] = byte
        self.count += 1
    }

    package mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        self.reserve(bytes.count)
        (self.base + self.count).initialize(from: source, count: bytes.count)
        self.count += bytes.count
    }

    package mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { self.append($0) }
    }

    package mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { self.append($0) }
    }

    /// Appends `count` bytes that `body` writes into the buffer it is given.
    package mutating func append(count: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
        self.reserve(count)
        body(UnsafeMutableBufferPointer(start: self.base + self.count, count: count))
        self.count += count
    }

    /// The bytes written so far.
    package func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(start: self.base, count: self.count))
    }

    /// A copy of the bytes written so far.
    package var bytes: [UInt8] {
        Array(UnsafeBufferPointer(start: self.base, count: self.count))
    }
}
