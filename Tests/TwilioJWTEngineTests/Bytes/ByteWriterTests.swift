import Testing
import TwilioJWTTestSupport

@_spi(Engine) @testable import TwilioJWTEngine

/// The growable buffer of the mint path: every way of appending, across the initial capacity and every growth after
/// it, must leave exactly the bytes an array would hold.
@Suite("ByteWriter: appends as an array would, across every growth")
struct ByteWriterTests {
    /// One way of appending `bytes`.
    enum Append: CaseIterable, CustomTestStringConvertible {
        case byteByByte, buffer, array, utf8Of, count

        var testDescription: String { "\(self)" }

        func apply(_ bytes: [UInt8], to writer: inout ByteWriter) {
            switch self {
            case .byteByByte:
                for byte in bytes { writer.append(byte) }
            case .buffer:
                bytes.withUnsafeBufferPointer { writer.append($0) }
            case .array:
                writer.append(bytes)
            case .utf8Of:
                // Printable ASCII, so that the bytes are a string's UTF-8 as they are.
                writer.append(utf8Of: String(decoding: bytes.map { 0x20 + $0 % 0x5F }, as: UTF8.self))
            case .count:
                writer.append(count: bytes.count) { buffer in
                    for (index, byte) in bytes.enumerated() { buffer[index] = byte }
                }
            }
        }

        /// The bytes `apply` appends for `bytes`.
        func appended(_ bytes: [UInt8]) -> [UInt8] {
            self == .utf8Of ? bytes.map { 0x20 + $0 % 0x5F } : bytes
        }
    }

    /// Chunks of 0 to 40 bytes, appended until well past several doublings of initial capacities from 0 (which is
    /// raised to 16) to 64.
    @Test("chunks of every size across the initial capacity and every growth", arguments: Append.allCases)
    func growth(append: Append) {
        var generator = SeededGenerator(seed: 0xB17E_0001)
        for capacity in [0, 1, 15, 16, 17, 64] {
            for chunkSize in [0, 1, 2, 7, 8, 15, 16, 17, 40] {
                var writer = ByteWriter(capacity: capacity)
                var expected: [UInt8] = []
                while expected.count < 300 {
                    let chunk = (0..<chunkSize).map { _ in UInt8.random(in: 0...255, using: &generator) }
                    append.apply(chunk, to: &writer)
                    expected += append.appended(chunk)
                    if chunkSize == 0 { break }
                }
                #expect(writer.count == expected.count)
                #expect(writer.bytes == expected, "capacity \(capacity), chunks of \(chunkSize)")
                #expect(writer.withUnsafeBytes { Array($0) } == expected)
            }
        }
    }

    @Test("one append larger than twice the capacity")
    func largeAppend() {
        var writer = ByteWriter(capacity: 16)
        writer.append(Array(repeating: 1, count: 10))
        let large = (0..<1000).map { UInt8(truncatingIfNeeded: $0) }
        writer.append(large)
        writer.append(2)
        #expect(writer.bytes == Array(repeating: 1, count: 10) + large + [2])
    }

    @Test("static strings, empty appends, and the string of the bytes")
    func stringsAndEmpty() {
        var writer = ByteWriter(capacity: 4)
        writer.append("")
        writer.append([UInt8]())
        [UInt8]().withUnsafeBufferPointer { writer.append($0) }
        writer.append(utf8Of: "")
        writer.append(count: 0) { _ in }
        #expect(writer.count == 0 && writer.bytes.isEmpty && writer.string.isEmpty)
        writer.append("{\"alg\":")
        writer.append(utf8Of: "é🚀")
        #expect(writer.string == "{\"alg\":é🚀")
        #expect(writer.bytes == Array("{\"alg\":é🚀".utf8))
        // Invalid UTF-8 is repaired in the string, as `String(decoding:as:)` does, and kept in the bytes.
        writer.append([0xFF])
        #expect(writer.string == "{\"alg\":é🚀\u{FFFD}")
        #expect(writer.bytes.last == 0xFF)
    }
}
