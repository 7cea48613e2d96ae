import Crypto
import Testing
import TwilioJWTTestSupport

@_spi(Engine) @testable import TwilioJWTEngine

/// `HS256Key` is RFC 2104 over swift-crypto's `SHA256`, with the padded key blocks absorbed once and copied for each
/// signature; it is checked against the HMAC-SHA-256 test vectors of RFC 4231 and Wycheproof, and against swift-crypto's
/// own `HMAC<SHA256>` for keys on every side of the block size. Signatures are compared by swift-crypto (in constant time); the tests here check what the
/// comparison decides: every changed byte and every wrong length is refused.
@Suite("HS256Key is HMAC-SHA256")
struct HS256KeyTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let testCase: Int
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { "RFC 4231 test case \(self.testCase)" }
    }

    /// RFC 4231 §4.2–4.8 (https://www.rfc-editor.org/rfc/rfc4231#section-4.2), the HMAC-SHA-256 results (test case 5,
    /// a truncated MAC, does not apply). Test cases 6 and 7 have a 131-byte key, longer than SHA-256's 64-byte block,
    /// so the key is hashed first.
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

    @Test("RFC 4231 vector", arguments: rfc4231)
    func rfc4231Vector(_ vector: Vector) {
        let key = HS256Key(keyBytes: vector.key)
        let mac = key.signature(for: vector.data)
        #expect(Reference.hex(mac) == vector.mac)
        #expect(Reference.hex(vector.data.withUnsafeBytes { key.signature(for: $0) }) == vector.mac)
        #expect(key.isValidSignature(mac, for: vector.data))
        var flipped = mac
        flipped[31] ^= 1
        #expect(!key.isValidSignature(flipped, for: vector.data))
        #expect(!key.isValidSignature(Array(mac.dropLast()), for: vector.data))
    }

    /// One Wycheproof MAC test: a key, a message, a tag of `tagSize` bits and whether it is the message's MAC.
    struct WycheproofVector: Sendable, CustomTestStringConvertible {
        let tcId: Int
        let comment: String
        let keySize: Int
        let tagSize: Int
        let key: [UInt8]
        let message: [UInt8]
        let tag: [UInt8]
        let valid: Bool
        var testDescription: String {
            "tcId \(self.tcId) (\(self.keySize)-bit key, \(self.tagSize)-bit tag) \(self.comment)"
        }
    }

    /// Every test of Wycheproof's `hmac_sha256_test.json` (the file and its commit are in the vector file's `source`):
    /// 128-, 256- and 520-bit keys (the last longer than the block), full 256-bit and truncated 128-bit tags.
    static let wycheproof: [WycheproofVector] = {
        let file = try! loadVectorFile("wycheproof-hmac-sha256")
        return file["testGroups"]!.arrayValue!.flatMap { group in
            group["tests"]!.arrayValue!.map { test in
                WycheproofVector(
                    tcId: test["tcId"]!.intValue!,
                    comment: test["comment"]!.stringValue!,
                    keySize: group["keySize"]!.intValue!,
                    tagSize: group["tagSize"]!.intValue!,
                    key: Reference.bytes(hex: test["key"]!.stringValue!),
                    message: Reference.bytes(hex: test["msg"]!.stringValue!),
                    tag: Reference.bytes(hex: test["tag"]!.stringValue!),
                    valid: test["result"]!.stringValue! == "valid"
                )
            }
        }
    }()

    @Test("the Wycheproof file holds its 174 tests")
    func wycheproofCount() {
        #expect(Self.wycheproof.count == 174)
        #expect(Self.wycheproof.filter(\.valid).count == 66)
    }

    /// A 256-bit tag is accepted exactly when it is valid. A truncated tag is never accepted (an HS256 MAC is the full
    /// 32 bytes, RFC 7518 §3.2, https://www.rfc-editor.org/rfc/rfc7518#section-3.2), but its vector still checks the
    /// MAC: it is valid exactly when it is the first 16 bytes of the signature.
    @Test("Wycheproof HMAC-SHA256 vector", arguments: Self.wycheproof)
    func wycheproofVector(_ vector: WycheproofVector) {
        let key = HS256Key(keyBytes: vector.key)
        #expect(vector.key.count * 8 == vector.keySize && vector.tag.count * 8 == vector.tagSize)
        let signature = key.signature(for: vector.message)
        #expect((Array(signature.prefix(vector.tag.count)) == vector.tag) == vector.valid)
        #expect(key.isValidSignature(vector.tag, for: vector.message) == (vector.valid && vector.tagSize == 256))
    }

    /// Key lengths around the 64-byte block (padded, exact, hashed) and message lengths around the 55/56-byte
    /// padding boundary of a single block and across several blocks.
    @Test(
        "agrees with swift-crypto's HMAC<SHA256>",
        arguments: [0, 1, 31, 32, 33, 63, 64, 65, 128, 200]
    )
    func agreesWithHMAC(keyCount: Int) {
        var generator = SeededGenerator(seed: UInt64(0x4D_AC00 + keyCount))
        let key = (0..<keyCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let ours = HS256Key(keyBytes: key)
        for messageCount in [0, 1, 55, 56, 63, 64, 65, 119, 120, 600, 2040] {
            let message = (0..<messageCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
            #expect(ours.signature(for: message) == expected, "key \(keyCount) bytes, message \(messageCount) bytes")
            #expect(ours.isValidSignature(expected, for: message))
        }
    }

    @Test("a key made from a SymmetricKey signs as one made from the same bytes")
    func symmetricKeyAndBytesAgree() {
        let bytes = Array("0123456789abcdef0123456789abcdef".utf8)
        let fromKey = HS256Key(SymmetricKey(data: bytes))
        let fromBytes = HS256Key(keyBytes: bytes)
        let message = Array("header.payload".utf8)
        #expect(fromKey.signature(for: message) == fromBytes.signature(for: message))
        #expect(HS256Key.signatureCount == 32)
    }

    /// HMAC pads a key shorter than the 64-byte block with zeros (RFC 2104 §2,
    /// https://www.rfc-editor.org/rfc/rfc2104#section-2), so zero bytes appended to such a key make the same key; a
    /// key of the block size or longer is not padded, and a zero byte appended to it makes another key.
    @Test("zero bytes appended to a short key make the same key", arguments: [0, 1, 32, 63, 64, 65])
    func zeroPadding(keyCount: Int) {
        let key = [UInt8](repeating: 0x6B, count: keyCount)
        let message = Array("header.payload".utf8)
        let padded = HS256Key(keyBytes: key + [0]).signature(for: message)
        #expect((padded == HS256Key(keyBytes: key).signature(for: message)) == (keyCount < 64))
    }

    /// Each signature starts from copies of the keyed hash states, so what one message signed never leaks into the next.
    @Test("signatures are independent of what the key signed before")
    func signaturesAreIndependent() {
        let key = HS256Key(keyBytes: Array(repeating: 0x73, count: 32))
        let first = Array("first".utf8)
        let second = Array("second".utf8)
        let firstSignature = key.signature(for: first)
        _ = key.signature(for: second)
        #expect(key.signature(for: first) == firstSignature)
        #expect(
            key.signature(for: [])
                == Array(
                    HMAC<SHA256>.authenticationCode(
                        for: [UInt8](), using: SymmetricKey(data: Array(repeating: UInt8(0x73), count: 32)))))
    }

    /// Every single-byte change of a valid signature, and every length but 32, is refused.
    @Test("every changed byte and every wrong length is refused")
    func comparison() {
        let key = HS256Key(keyBytes: Array("s".utf8))
        let message = Array("header.payload".utf8)
        let signature = key.signature(for: message)
        #expect(key.isValidSignature(signature, for: message))
        for position in 0..<32 {
            for bit in 0..<8 {
                var changed = signature
                changed[position] ^= 1 << bit
                #expect(!key.isValidSignature(changed, for: message), "byte \(position) bit \(bit)")
            }
        }
        for count in [0, 1, 16, 31, 33, 64] {
            let wrongLength = Array((signature + signature + signature).prefix(count))
            #expect(!key.isValidSignature(wrongLength, for: message), "\(count) bytes")
        }
        #expect(!key.isValidSignature(signature, for: message + [0]))
    }

    /// The comparison itself: equal bytes are equal, a difference anywhere (first, middle, last byte) or in length is
    /// not, and empty buffers are equal.
    @Test(
        "constantTimeEquals compares every byte and the lengths",
        arguments: [
            ([UInt8](), [UInt8](), true),
            ([1, 2, 3], [1, 2, 3], true),
            ([1, 2, 3], [0, 2, 3], false),
            ([1, 2, 3], [1, 0, 3], false),
            ([1, 2, 3], [1, 2, 0], false),
            ([1, 2, 3], [1, 2], false),
            ([1, 2], [1, 2, 3], false),
            ([], [0], false),
            (Array(repeating: 0xFF, count: 32), Array(repeating: 0xFF, count: 32), true),
        ] as [([UInt8], [UInt8], Bool)])
    func constantTimeEquals(first: [UInt8], second: [UInt8], equal: Bool) {
        let result = first.withUnsafeBytes { first in
            second.withUnsafeBytes { second in HS256Key.constantTimeEquals(first, second) }
        }
        #expect(result == equal)
    }
}
