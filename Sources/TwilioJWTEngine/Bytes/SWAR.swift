/// Byte tests on eight bytes at once (SWAR: SIMD within a register).
///
/// A word is eight bytes loaded little-endian, so byte `k` of the text is bits `8k ..< 8k + 8` and "the first byte"
/// is the lowest. Each test returns a word whose bytes have their high bit set ("flagged") where the test holds, so
/// that `flags != 0` asks "any?" and ``firstFlaggedByte(_:)`` "where first?". These are the classic tricks of
/// <https://graphics.stanford.edu/~seander/bithacks.html#ZeroInWord>; the notes on each say which flags are exact.
///
/// Every word-at-a-time scan of the engine (JSON strings, the JSON writer's escapes, the dots of a compact JWS, the
/// hex digits of a SID, byte comparison) is written with these, so that the bit tricks are in one place and tested
/// once, against byte-by-byte references, in `SWARTests`.
@usableFromInline
enum SWAR {
    // Computed rather than stored: inlined into another module, a stored `static let` is read through its accessor, a
    // call; a literal is a constant.
    /// 0x01 in every byte.
    @inlinable static var ones: UInt64 { 0x0101_0101_0101_0101 }
    /// 0x80 in every byte: the flag bits.
    @inlinable static var highs: UInt64 { 0x8080_8080_8080_8080 }

    /// `byte` in every byte of a word.
    @inlinable @inline(__always)
    static func broadcast(_ byte: UInt8) -> UInt64 {
        Self.ones &* UInt64(byte)
    }

    /// The eight bytes at `pointer` (any alignment), the first in the lowest byte.
    @inlinable @inline(__always)
    static func load(_ pointer: UnsafeRawPointer) -> UInt64 {
        // Safe: every caller passes a pointer with at least eight readable bytes after it (it says which).
        unsafe UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self))
    }

    /// Flags the bytes equal to `byte`. The lowest flag is exact; a borrow may also flag bytes above a true match,
    /// never below, so use it to find the first match or whether there is one.
    @inlinable @inline(__always)
    static func bytes(_ word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let difference = word ^ Self.broadcast(byte)
        return (difference &- Self.ones) & ~difference & Self.highs
    }

    /// Flags exactly the bytes equal to `byte` (no borrow crosses bytes), so the highest flag is the last match.
    @inlinable @inline(__always)
    static func exactBytes(_ word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let difference = word ^ Self.broadcast(byte)
        let lows = ~Self.highs
        return ~(((difference & lows) &+ lows) | difference | lows)
    }

    /// Flags the bytes below `bound` (at most 0x80). The lowest flag is exact, as for ``bytes(_:equalTo:)``.
    @inlinable @inline(__always)
    static func bytes(_ word: UInt64, below bound: UInt8) -> UInt64 {
        (word &- Self.broadcast(bound)) & ~word & Self.highs
    }

    /// Flags exactly the bytes at least `bound`, in a word whose bytes are all below 0x80 (no carry crosses bytes:
    /// adding `0x80 - bound` to a byte below 0x80 stays below 0x100).
    @inlinable @inline(__always)
    static func bytes(_ word: UInt64, atLeast bound: UInt8) -> UInt64 {
        (word &+ Self.broadcast(0x80 - bound)) & Self.highs
    }

    /// The position (0 to 7) of the lowest flagged byte of non-zero `flags`.
    @inlinable @inline(__always)
    static func firstFlaggedByte(_ flags: UInt64) -> Int {
        flags.trailingZeroBitCount / 8
    }

    /// The position (0 to 7) of the highest flagged byte of non-zero `flags`.
    @inlinable @inline(__always)
    static func lastFlaggedByte(_ flags: UInt64) -> Int {
        7 - flags.leadingZeroBitCount / 8
    }

    /// Whether the `count` bytes at `first` and at `second` are the same, compared a word at a time.
    @inlinable @inline(__always)
    static func bytesEqual(_ first: UnsafePointer<UInt8>, _ second: UnsafePointer<UInt8>, count: Int) -> Bool {
        var offset = 0
        while offset + 8 <= count {
            // Safe: offset + 8 <= count, and both regions hold `count` bytes.
            guard unsafe Self.load(first + offset) == Self.load(second + offset) else { return false }
            offset += 8
        }
        while offset < count {
            // Safe: offset < count.
            guard unsafe first[offset] == second[offset] else { return false }
            offset += 1
        }
        return true
    }
}
