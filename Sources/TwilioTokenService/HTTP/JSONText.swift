#if TokenService
/// The few JSON texts the routes write, built directly into bytes: members in a fixed order, strings escaped as
/// RFC 8259 §7 requires (quotation mark, reverse solidus and control characters; everything else, UTF-8 included, as
/// it is). A token, which is base64url and dots, is copied in one piece.
package enum JSONText {
    package enum Value {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case object([(String, Value)])
    }

    package static func object(_ members: [(String, Value)]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(
            128
                + members.reduce(0) { total, member in
                    if case .string(let text) = member.1 { return total + text.utf8.count }
                    return total
                })
        self.write(.object(members), to: &bytes)
        return bytes
    }

    private static func write(_ value: Value, to bytes: inout [UInt8]) {
        switch value {
        case .string(let string):
            self.write(string: string, to: &bytes)
        case .integer(let integer):
            bytes.append(contentsOf: String(integer).utf8)
        case .boolean(let boolean):
            bytes.append(contentsOf: (boolean ? "true" : "false").utf8)
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, (name, member)) in members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                self.write(string: name, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                self.write(member, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private static func write(string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        let utf8 = string.utf8
        if !utf8.contains(where: Self.needsEscape) {
            bytes.append(contentsOf: utf8)
        } else {
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
                case 0..<0x20:
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }
}
#endif
