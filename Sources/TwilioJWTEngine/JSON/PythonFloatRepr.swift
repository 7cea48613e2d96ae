/// Formats a finite `Double` exactly as CPython's `repr(float)` does, which is what `json.dumps` writes.
///
/// Both Swift's `description` and CPython's `repr` produce the *shortest* digit string that reads back as
/// the same double (CPython through David Gay's `dtoa` in mode 0, Swift through its own shortest-digits
/// algorithm); for a given double that digit string is unique. They differ only in layout, so this
/// takes the digits and decimal exponent from Swift's `description` and lays them out with CPython's
/// rules (`format_float_short` with `'r'` and `Py_DTSF_ADD_DOT_0`):
///
/// - with the value written as `0.DIGITS × 10^decpt`, use scientific notation when `decpt <= -4` or
///   `decpt > 16`, fixed notation otherwise;
/// - scientific: `D[.DDD]e±XX` with at least two exponent digits and no `.0` for a single digit;
/// - fixed: always at least one digit after the point (`1.0`, `100.0`, `0.001`).
package enum PythonFloatRepr {
    package static func string(_ value: Double) -> String {
        var bytes: [UInt8] = []
        self.write(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    package static func write(_ value: Double, to bytes: inout [UInt8]) {
        let description = value.description.utf8
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var negative = false
        var integerDigitCount = 0
        var seenPoint = false
        var exponent = 0
        var exponentNegative = false
        var inExponent = false
        for byte in description {
            switch byte {
            case UInt8(ascii: "-") where !inExponent:
                negative = true
            case UInt8(ascii: "-"):
                exponentNegative = true
            case UInt8(ascii: "+"):
                break
            case UInt8(ascii: "."):
                seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte)
                    if !seenPoint { integerDigitCount += 1 }
                }
            default:
                preconditionFailure("unexpected character in Double.description")
            }
        }
        if exponentNegative { exponent = -exponent }

        // value = 0.DIGITS × 10^decpt
        var decpt = integerDigitCount + exponent
        var leading = 0
        while leading < digits.count && digits[leading] == UInt8(ascii: "0") {
            leading += 1
        }
        decpt -= leading
        var end = digits.count
        while end > leading && digits[end - 1] == UInt8(ascii: "0") {
            end -= 1
        }

        if negative {
            bytes.append(UInt8(ascii: "-"))
        }
        if leading == end {
            // Zero (Python writes 0.0 and -0.0).
            bytes.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: "."), UInt8(ascii: "0")])
            return
        }
        let significant = digits[leading..<end]
        let count = significant.count

        if decpt <= -4 || decpt > 16 {
            bytes.append(significant[significant.startIndex])
            if count > 1 {
                bytes.append(UInt8(ascii: "."))
                bytes.append(contentsOf: significant.dropFirst())
            }
            bytes.append(UInt8(ascii: "e"))
            let scientificExponent = decpt - 1
            bytes.append(scientificExponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = scientificExponent.magnitude
            if magnitude < 10 {
                bytes.append(UInt8(ascii: "0"))
            }
            bytes.append(contentsOf: String(magnitude).utf8)
        } else if decpt <= 0 {
            bytes.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: ".")])
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -decpt))
            bytes.append(contentsOf: significant)
        } else if decpt >= count {
            bytes.append(contentsOf: significant)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: decpt - count))
            bytes.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "0")])
        } else {
            bytes.append(contentsOf: significant.prefix(decpt))
            bytes.append(UInt8(ascii: "."))
            bytes.append(contentsOf: significant.dropFirst(decpt))
        }
    }
}
