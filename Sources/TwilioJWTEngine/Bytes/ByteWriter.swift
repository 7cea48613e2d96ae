/// A growable byte buffer: the output primitive of the mint path.
///
/// `Array.append` checks uniqueness and capacity on every byte; a token's JSON is written a few bytes at a time, so
/// this buffer owns one allocation, checks capacity once per write, and is non-copyable so that the allocation has
/// exactly one owner and is freed exactly once.
@_spi(Engine) @safe public struct ByteWriter: ~Copyable {
    /// The allocation: `capacity` bytes, of which the first `count` are initialised.
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var written: Int
    /// The number of bytes written.
    public var count: Int { self.written }
    @usableFromInline var capacity: Int

    public init(capacity: Int) {
        self.capacity = max(capacity, 16)
        // Safe: freed exactly once, in deinit (or replaced in grow, which frees the old one).
        unsafe self.base = .allocate(capacity: self.capacity)
        self.written = 0
    }

    deinit {
        // Safe: `base` is this value's own allocation; the type is non-copyable, so nothing else frees it.
        unsafe self.base.deallocate()
    }

    @inlinable @inline(__always)
    mutating func reserve(_ additional: Int) {
        if self.written + additional > self.capacity {
            self.grow(additional)
        }
    }

    @inline(never) @usableFromInline
    mutating func grow(_ additional: Int) {
        let newCapacity = max(self.capacity * 2, self.written + additional)
        // Safe: the new block has room for the `count` initialised bytes copied into it; the old block is freed once.
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        unsafe newBase.initialize(from: self.base, count: self.written)
        unsafe self.base.deallocate()
        unsafe self.base = unsafe newBase
        self.capacity = newCapacity
    }

    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        self.reserve(1)
        // Safe: reserve(1) made count < capacity.
        unsafe self.base[self.written] = byte
        self.written += 1
    }

    /// Appends `bytes`, which must not be this writer's own storage.
    @inlinable
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        self.reserve(bytes.count)
        // Safe: reserve made room for bytes.count more bytes.
        unsafe (self.base + self.written).initialize(from: source, count: bytes.count)
        self.written += bytes.count
    }

    public mutating func append(_ literal: StaticString) {
        // Safe: the literal's buffer is valid for the whole call.
        literal.withUTF8Buffer { unsafe self.append($0) }
    }

    public mutating func append(_ bytes: [UInt8]) {
        // Safe: the array's buffer is valid for the whole call.
        unsafe bytes.withUnsafeBufferPointer { unsafe self.append($0) }
    }

    /// Appends the UTF-8 of `text` as it is (no escaping).
    @inlinable
    public mutating func append(utf8Of text: String) {
        // Safe: the borrowed buffer is valid for the whole call.
        unsafe text.withBorrowedUTF8 { unsafe self.append($0) }
    }

    /// Appends `count` bytes that `body` writes into the buffer it is given; `body` must initialise all of them.
    @inlinable
    public mutating func append(count: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
        self.reserve(count)
        // Safe: reserve made room for `count` bytes; the buffer does not outlive the call.
        unsafe body(UnsafeMutableBufferPointer(start: self.base + self.written, count: count))
        self.written += count
    }

    /// The bytes written so far, for the duration of `body`.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        // Safe: the first `count` bytes are initialised; the buffer does not outlive the call.
        try unsafe body(UnsafeRawBufferPointer(start: self.base, count: self.written))
    }

    /// A copy of the bytes written so far.
    public var bytes: [UInt8] {
        // Safe: the first `count` bytes are initialised.
        unsafe Array(UnsafeBufferPointer(start: self.base, count: self.written))
    }

    /// The bytes written so far as a string, repairing invalid UTF-8 as `String(decoding:as:)` does.
    public var string: String {
        // Safe: the first `count` bytes are initialised.
        unsafe String(decoding: UnsafeBufferPointer(start: self.base, count: self.written), as: UTF8.self)
    }
}
