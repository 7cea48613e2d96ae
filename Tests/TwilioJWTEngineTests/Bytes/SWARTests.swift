import Testing
import TwilioJWTTestSupport

@_spi(Engine) @testable import TwilioJWTEngine

/// The word-at-a-time byte tests of `SWAR`, each against a byte-by-byte reference: every byte value at every position
/// of a word, next to fillers chosen to provoke the borrows and carries of the bit tricks, and for the tests whose
/// lowest flag is exact, every set of positions matching at once.
@Suite("SWAR: word-at-a-time byte tests agree with byte-by-byte references")
struct SWARTests {
    /// The eight bytes of `word`, the first (lowest) first.
    static func bytes(_ word: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) }
    }

    /// The word whose bytes are `bytes`, the first in the lowest byte.
    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * $1.offset) }
    }

    /// The reference flags: 0x80 in exactly the bytes of `word` equal to `byte`.
    static func equalFlags(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        var flags: UInt64 = 0
        for position in 0..<8 where UInt8(truncatingIfNeeded: word >> (8 * position)) == byte {
            flags |= 0x80 << (8 * position)
        }
        return flags
    }

    /// The reference flags: 0x80 in exactly the bytes of `word` below `bound`.
    static func belowFlags(_ word: UInt64, _ bound: UInt8) -> UInt64 {
        var flags: UInt64 = 0
        for position in 0..<8 where UInt8(truncatingIfNeeded: word >> (8 * position)) < bound {
            flags |= 0x80 << (8 * position)
        }
        return flags
    }

    /// The reference flags: 0x80 in exactly the bytes of `word` at least `bound`.
    static func atLeastFlags(_ word: UInt64, _ bound: UInt8) -> UInt64 {
        var flags: UInt64 = 0
        for position in 0..<8 where UInt8(truncatingIfNeeded: word >> (8 * position)) >= bound {
            flags |= 0x80 << (8 * position)
        }
        return flags
    }

    /// What a "lowest flag exact" test promises of `flags` against the exact `reference` flags: flags only in the flag
    /// bits; none when nothing matches; when something does, the lowest flag at the first match (so none below it).
    static func lowestFlagIsExact(_ flags: UInt64, reference: UInt64) -> Bool {
        guard flags & ~SWAR.highs == 0 else { return false }
        guard reference != 0 else { return flags == 0 }
        return flags != 0 && SWAR.firstFlaggedByte(flags) == SWAR.firstFlaggedByte(reference)
    }

    /// Words with `value` at `position` and `filler` in the other seven bytes, for every value and position.
    static func words(filler: UInt8) -> [(word: UInt64, value: UInt8, position: Int)] {
        (0..<8).flatMap { position in
            (UInt8.min...UInt8.max).map { value in
                let shift = UInt64(8 * position)
                let fillers = (UInt64(filler) &* 0x0101_0101_0101_0101) & ~(0xFF << shift)
                return (fillers | UInt64(value) << shift, value, position)
            }
        }
    }

    /// Words in which exactly the positions of `mask` hold `match` and the others `filler`: every set of positions.
    static func matchSets(match: UInt8, filler: UInt8) -> [UInt64] {
        (0...255).map { mask in Self.word((0..<8).map { mask & (1 << $0) != 0 ? match : filler }) }
    }

    /// Fillers next to `byte`: one off either way (a borrow or a carry away from it), its high bit flipped, and the
    /// extremes.
    static func fillers(around byte: UInt8) -> [UInt8] {
        [byte &+ 1, byte &- 1, byte ^ 0x80, 0x00, 0x80, 0xFF].filter { $0 != byte }
    }

    @Test("broadcast puts the byte in every byte of a word")
    func broadcast() {
        for byte in UInt8.min...UInt8.max {
            #expect(Self.bytes(SWAR.broadcast(byte)) == [UInt8](repeating: byte, count: 8), "\(byte)")
        }
        #expect(SWAR.broadcast(1) == SWAR.ones && SWAR.broadcast(0x80) == SWAR.highs)
    }

    @Test("load reads eight bytes at any alignment, the first in the lowest byte")
    func load() {
        var generator = SeededGenerator(seed: 0x5A_4A01)
        let buffer = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        buffer.withUnsafeBytes { raw in
            for offset in 0...24 {
                #expect(SWAR.load(raw.baseAddress! + offset) == Self.word(Array(buffer[offset..<(offset + 8)])))
            }
        }
    }

    /// The 256 target bytes in 16 groups of 16 (`0x00…0x0F`, `0x10…0x1F`, …), one test case each.
    static func targets(_ group: Int) -> ClosedRange<UInt8> {
        UInt8(group * 16)...UInt8(group * 16 + 15)
    }

    @Test(
        "bytes(_:equalTo:): the lowest flag is the first match, every byte value at every position",
        arguments: 0..<16)
    func equalToEveryByte(targetGroup: Int) {
        var failures: [String] = []
        for target in Self.targets(targetGroup) {
            for filler in Self.fillers(around: target) {
                for (word, value, position) in Self.words(filler: filler) {
                    let flags = SWAR.bytes(word, equalTo: target)
                    if !Self.lowestFlagIsExact(flags, reference: Self.equalFlags(word, target)) {
                        failures.append("target \(target), \(value) at \(position) among \(filler)")
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first \(failures.prefix(5))")
    }

    @Test("bytes(_:equalTo:): several matches in one word, the lowest exact", arguments: 0..<16)
    func equalToSeveralMatches(targetGroup: Int) {
        var failures: [String] = []
        for target in Self.targets(targetGroup) {
            for filler in Self.fillers(around: target) {
                for word in Self.matchSets(match: target, filler: filler) {
                    let reference = Self.equalFlags(word, target)
                    if !Self.lowestFlagIsExact(SWAR.bytes(word, equalTo: target), reference: reference) {
                        failures.append("target \(target), word \(String(word, radix: 16))")
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first \(failures.prefix(5))")
    }

    @Test("exactBytes(_:equalTo:) flags exactly the matches, every byte value at every position", arguments: 0..<16)
    func exactBytesEveryByte(targetGroup: Int) {
        var failures: [String] = []
        for target in Self.targets(targetGroup) {
            for filler in Self.fillers(around: target) {
                for (word, value, position) in Self.words(filler: filler) {
                    if SWAR.exactBytes(word, equalTo: target) != Self.equalFlags(word, target) {
                        failures.append("target \(target), \(value) at \(position) among \(filler)")
                    }
                }
                for word in Self.matchSets(match: target, filler: filler)
                where SWAR.exactBytes(word, equalTo: target) != Self.equalFlags(word, target) {
                    failures.append("target \(target), word \(String(word, radix: 16))")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first \(failures.prefix(5))")
    }

    /// Bounds from 0 to 0x80, the range the function is documented for (in groups of 16, the last one 0x80 alone).
    @Test(
        "bytes(_:below:): the lowest flag is the first byte below the bound, every byte value at every position",
        arguments: 0...8)
    func belowEveryByte(boundGroup: Int) {
        var failures: [String] = []
        for bound in Self.targets(boundGroup) where bound <= 0x80 {
            for filler in Self.fillers(around: bound) + [bound] {
                for (word, value, position) in Self.words(filler: filler) {
                    let flags = SWAR.bytes(word, below: bound)
                    if !Self.lowestFlagIsExact(flags, reference: Self.belowFlags(word, bound)) {
                        failures.append("bound \(bound), \(value) at \(position) among \(filler)")
                    }
                }
                // Several bytes below the bound at once: every set of positions holding each byte below it.
                for match in [0, bound / 2, bound &- 1] where match < bound {
                    for word in Self.matchSets(match: match, filler: filler) {
                        let reference = Self.belowFlags(word, bound)
                        if !Self.lowestFlagIsExact(SWAR.bytes(word, below: bound), reference: reference) {
                            failures.append("bound \(bound), word \(String(word, radix: 16))")
                        }
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first \(failures.prefix(5))")
    }

    /// Bounds from 0 to 0x80, in words whose bytes are all below 0x80 (the function's precondition), exactly.
    @Test("bytes(_:atLeast:) flags exactly the bytes at least the bound, every ASCII byte at every position")
    func atLeastEveryByte() {
        var failures: [String] = []
        var generator = SeededGenerator(seed: 0x5A_4A02)
        for bound in UInt8(0)...0x80 {
            for filler: UInt8 in [0x00, 0x7F, bound & 0x7F, (bound &- 1) & 0x7F, (bound &+ 1) & 0x7F] {
                for value in UInt8(0)..<0x80 {
                    for position in 0..<8 {
                        var bytes = [UInt8](repeating: filler, count: 8)
                        bytes[position] = value
                        let word = Self.word(bytes)
                        if SWAR.bytes(word, atLeast: bound) != Self.atLeastFlags(word, bound) {
                            failures.append("bound \(bound), \(value) at \(position) among \(filler)")
                        }
                    }
                }
            }
            for _ in 0..<256 {
                let word = generator.next() & ~SWAR.highs
                if SWAR.bytes(word, atLeast: bound) != Self.atLeastFlags(word, bound) {
                    failures.append("bound \(bound), word \(String(word, radix: 16))")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first \(failures.prefix(5))")
    }

    @Test("firstFlaggedByte and lastFlaggedByte: every set of flags, and every single bit")
    func flaggedBytes() {
        for mask in 1...255 {
            let flags = Self.word((0..<8).map { mask & (1 << $0) != 0 ? 0x80 : 0 })
            let positions = (0..<8).filter { mask & (1 << $0) != 0 }
            #expect(SWAR.firstFlaggedByte(flags) == positions.first, "mask \(mask)")
            #expect(SWAR.lastFlaggedByte(flags) == positions.last, "mask \(mask)")
        }
        for bit in 0..<64 {
            #expect(SWAR.firstFlaggedByte(1 << UInt64(bit)) == bit / 8)
            #expect(SWAR.lastFlaggedByte(1 << UInt64(bit)) == bit / 8)
        }
    }

    @Test("bytesEqual: every length to 40, a difference at every position, any alignment")
    func bytesEqual() {
        var generator = SeededGenerator(seed: 0x5A_4A03)
        let first = (0..<48).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for offset in 0..<8 {
            let second = [UInt8](repeating: 0, count: offset) + first
            for count in 0...40 {
                first.withUnsafeBufferPointer { a in
                    second.withUnsafeBufferPointer { b in
                        #expect(SWAR.bytesEqual(a.baseAddress!, b.baseAddress! + offset, count: count))
                    }
                }
                for position in 0..<count {
                    var changed = second
                    changed[offset + position] ^= 0x01 << UInt8(position % 8)
                    first.withUnsafeBufferPointer { a in
                        changed.withUnsafeBufferPointer { b in
                            #expect(
                                !SWAR.bytesEqual(a.baseAddress!, b.baseAddress! + offset, count: count),
                                "length \(count), difference at \(position), offset \(offset)")
                        }
                    }
                }
            }
        }
    }
}
