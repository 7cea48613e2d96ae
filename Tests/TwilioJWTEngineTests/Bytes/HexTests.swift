import Crypto
import Testing

@_spi(Engine) @testable import TwilioJWTEngine

/// Hexadecimal digits, every byte value against a reference spelled out here.
@Suite("Hex digits: every byte value")
struct HexTests {
    static let lowercaseDigits = Array("0123456789abcdef".utf8)
    static let uppercaseDigits = Array("0123456789ABCDEF".utf8)

    @Test("digit(_:) writes the low four bits of every byte, in lower or upper case")
    func digit() {
        for byte in UInt8.min...UInt8.max {
            #expect(Hex.digit(byte) == Self.lowercaseDigits[Int(byte & 0x0F)], "\(byte)")
            #expect(Hex.digit(byte, uppercase: false) == Self.lowercaseDigits[Int(byte & 0x0F)], "\(byte)")
            #expect(Hex.digit(byte, uppercase: true) == Self.uppercaseDigits[Int(byte & 0x0F)], "\(byte)")
        }
    }

    @Test("value(of:) reads exactly the 22 hex digits of either case, and no other byte")
    func value() {
        var digitCount = 0
        for byte in UInt8.min...UInt8.max {
            let expected =
                Self.lowercaseDigits.firstIndex(of: byte).map(UInt8.init)
                ?? Self.uppercaseDigits.firstIndex(of: byte).map(UInt8.init)
            #expect(Hex.value(of: byte) == expected, "\(byte)")
            if expected != nil { digitCount += 1 }
        }
        #expect(digitCount == 22)
    }

    @Test("isLowercaseDigit(_:) holds for exactly 0-9 and a-f")
    func isLowercaseDigit() {
        for byte in UInt8.min...UInt8.max {
            #expect(Hex.isLowercaseDigit(byte) == Self.lowercaseDigits.contains(byte), "\(byte)")
        }
    }

    @Test("lowercase(_:) writes two lower-case digits per byte, of bytes and of a SHA-256 digest")
    func lowercase() {
        let all = Array(UInt8.min...UInt8.max)
        let expected = all.flatMap { [Self.lowercaseDigits[Int($0 >> 4)], Self.lowercaseDigits[Int($0 & 0x0F)]] }
        #expect(Hex.lowercase(all) == String(decoding: expected, as: UTF8.self))
        #expect(Hex.lowercase([UInt8]()) == "")
        #expect(Hex.lowercase([0x00, 0x0F, 0xF0, 0xFF]) == "000ff0ff")
        // FIPS 180-2, appendix B.1: SHA-256("abc").
        #expect(
            Hex.lowercase(SHA256.hash(data: Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
