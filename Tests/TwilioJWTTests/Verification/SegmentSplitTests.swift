import Testing

@testable import TwilioJWT

/// `DecodedJWS` finds the dots between a token's segments 32 bytes at a time, then 8, then one by one; each path must
/// find exactly the first dot a byte-by-byte search finds.
@Suite("Segment splitting: the word-at-a-time dot search finds the first dot")
struct SegmentSplitTests {
    /// Lengths around the 8- and 32-byte steps.
    @Test("every dot position, every start, lengths 0 to 80", arguments: 0...80)
    func everyPosition(length: Int) {
        for dot in [nil] + (0..<length).map(Optional.some) {
            var bytes = [UInt8](repeating: UInt8(ascii: "A"), count: length)
            if let dot { bytes[dot] = UInt8(ascii: ".") }
            // Bytes that differ from a dot by one bit, or by a borrow, must not be taken for one.
            if length > 3 {
                bytes[length - 1] = dot == length - 1 ? UInt8(ascii: ".") : UInt8(ascii: "/")
                bytes[0] = dot == 0 ? UInt8(ascii: ".") : UInt8(ascii: "-")
            }
            for start in 0...length {
                let expected = bytes[start...].firstIndex(of: UInt8(ascii: "."))
                let found = bytes.withUnsafeBufferPointer { DecodedJWS.firstDot(in: $0, from: start) }
                #expect(found == expected, "length \(length), dot \(String(describing: dot)), start \(start)")
            }
        }
    }

    @Test("bytes that are not dots: every byte value next to a dot")
    func everyByteValue() {
        for value in UInt8.min...UInt8.max where value != UInt8(ascii: ".") {
            let bytes = [UInt8](repeating: value, count: 40) + [UInt8(ascii: ".")] + [UInt8](repeating: value, count: 7)
            let found = bytes.withUnsafeBufferPointer { DecodedJWS.firstDot(in: $0, from: 0) }
            #expect(found == 40, "byte 0x\(String(value, radix: 16))")
        }
    }
}
