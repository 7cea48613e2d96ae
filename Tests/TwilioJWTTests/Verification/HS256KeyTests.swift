import Crypto
import Testing

@testable import TwilioJWT

/// `HS256Key` is HMAC-SHA256 written over swift-crypto's `SHA256` (for speed), so it is checked against the
/// HMAC test vectors and against swift-crypto's own `HMAC<SHA256>` for keys on every side of the block size.
@Suite("HS256Key is HMAC-SHA256")
struct HS256KeyTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let testCase: Int
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { "RFC 4231 test case \(self.testCase)" }
    }

    /// RFC 4231 §4.2–4.8, the HMAC-SHA-256 results (test case 5, a truncated MAC, does not apply). Test cases 6
    /// and 7 have a 131-byte key, longer than SHA-256's 64-byte block, so the key is hashed first.
    static let rfc4231: [Vector] = [
        Vector(
            testCase: 1, key: Array(repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
            mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(
            testCase: 2, key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
            mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(
            testCase: 3, key: Array(repeating: 0xaa, count: 20), data: Array(repeating: 0xdd, count: 50),
            mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(
            testCase: 4, key: Array(1...25), data: Array(repeating: 0xcd, count: 50),
            mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(
            testCase: 6, key: Array(repeating: 0xaa, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(
            testCase: 7, key: Array(repeating: 0xaa, count: 131),
            data: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. The key needs "
                    + "to be hashed before being used by the HMAC algorithm.").utf8),
            mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
    }

    @Test("RFC 4231 vector", arguments: rfc4231)
    func rfc4231Vector(_ vector: Vector) {
        let key = HS256Key(keyBytes: vector.key)
        let mac = vector.data.withUnsafeBytes { key.signature(for: $0) }
        #expect(Self.hex(mac) == vector.mac)
        let macBytes = Array(mac)
        #expect(vector.data.withUnsafeBytes { key.isValidSignature(macBytes, for: $0) })
        var flipped = macBytes
        flipped[31] ^= 1
        #expect(!vector.data.withUnsafeBytes { key.isValidSignature(flipped, for: $0) })
        #expect(!vector.data.withUnsafeBytes { key.isValidSignature(Array(macBytes.dropLast()), for: $0) })
    }

    /// Key lengths around the 64-byte block (padded, exact, hashed) and message lengths around the 55/56-byte
    /// padding boundary of a single block and across several blocks.
    @Test(
        "agrees with swift-crypto's HMAC<SHA256>",
        arguments: [0, 1, 31, 32, 33, 63, 64, 65, 128, 200]
    )
    func agreesWithHMAC(keyCount: Int) {
        var generator = SystemRandomNumberGenerator()
        let key = (0..<keyCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let ours = HS256Key(keyBytes: key)
        for messageCount in [0, 1, 55, 56, 63, 64, 65, 119, 120, 600, 2040] {
            let message = (0..<messageCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let expected = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
            let actual = message.withUnsafeBytes { ours.signature(for: $0) }
            #expect(Array(actual) == Array(expected), "key \(keyCount) bytes, message \(messageCount) bytes")
        }
    }

    @Test("a key made from a Secret signs as one made from its UTF-8 bytes")
    func secretAndBytesAgree() throws {
        let text = "0123456789abcdef0123456789abcdef"
        let fromSecret = HS256Key(try Secret(text))
        let fromBytes = HS256Key(keyBytes: Array(text.utf8))
        let message = Array("header.payload".utf8)
        #expect(
            message.withUnsafeBytes { Array(fromSecret.signature(for: $0)) }
                == message.withUnsafeBytes { Array(fromBytes.signature(for: $0)) })
    }
}
